/**
 * A burst over one Stream socket, through the official SDK inside the bot: deliveries arriving together
 * are recorded in shared transactions before they are acknowledged and processed in shared ones
 * afterwards (group commit), and still every message acts once — the gateway's second deliveries too.
 * Batching is asserted from the bot's own metric, never from timing.
 */
import { afterAll, expect, it } from 'vitest';
import { startBot, type RunningBot } from '../../src/bot.ts';
import { loadConfig } from '../../src/config.ts';
import { systemClock } from '../../src/lib/clock.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { burstTexts, expectActedOnce, expectGroupCommitted, UNHURRIED } from '../helpers/burst.ts';
import { readOnlyQueries } from '../helpers/db.ts';
import { tempDir } from '../helpers/test-bot.ts';
import { FakeDingTalk, waitUntil } from './fake-dingtalk-server.ts';

const dir = tempDir('yipanqi-dingtalk-burst-');
const path = `${dir.path}/bot.db`;
const db = readOnlyQueries(() => path);
let fake: FakeDingTalk | undefined;
let bot: RunningBot | undefined;

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  dir.remove();
});

const MESSAGES = 150;

it('records a burst in shared transactions before the acks, processes it in batches, acts on every message once', {
  timeout: 60_000,
}, async () => {
  const server = await FakeDingTalk.start({ redeliveryDelayMs: 60_000 });
  fake = server;
  const config = loadConfig({
    ...server.botEnv(),
    ADMIN_USER_IDS: 'admin',
    DATABASE_URL: `file:${path}`,
    PORT: '0',
    LOG_LEVEL: 'silent',
  });
  // The replies stay queued (DingTalk's 20 calls/s would make the test slow): exactly one per message is the proof.
  const running = await startBot(config, {
    clock: systemClock,
    logger: createLogger('silent'),
    dispatch: false,
    processBatch: UNHURRIED,
  });
  bot = running;

  const texts = burstTexts(MESSAGES, 'burst');
  const ids = texts.map((_, i) => `burst-${i}`);
  const pushed = texts.map((text, i) =>
    server.pushRobotMessage({ text, msgId: ids[i], senderStaffId: 'admin', conversationId: 'cidBurst==' }),
  );
  // The gateway sometimes delivers a message twice: every tenth comes again while the burst is still arriving.
  for (const deliveryId of pushed.filter((_, i) => i % 10 === 0)) server.redeliver(deliveryId);

  const acks = () => server.acks().filter((ack) => ack.code === 200);
  // Every delivery is acknowledged, a second one too (answered as a duplicate), so the platform stops.
  await waitUntil(() => acks().length === MESSAGES + MESSAGES / 10, 30_000, 'an ack of every delivery');
  const processed = () => db.count(`SELECT COUNT(*) AS n FROM "InboundMessage" WHERE status = 'DONE'`);
  await waitUntil(() => processed() === MESSAGES, 30_000, 'every message processed');

  expectActedOnce(db, ids, texts, 'burst');
  expect(new Set(acks().map((ack) => ack.messageId))).toEqual(new Set(pushed));

  await expectGroupCommitted(running.address, MESSAGES, MESSAGES / 10);
});
