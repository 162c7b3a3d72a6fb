/**
 * A burst over one Lark long connection, through the official SDK inside the bot: events arriving
 * together are recorded in shared transactions before the SDK acknowledges them and processed in
 * shared ones afterwards (group commit), and still every message acts once — Lark's second pushes
 * too. Batching is asserted from the bot's own metric, never from timing.
 */
import { afterAll, expect, it } from 'vitest';
import { startBot, type RunningBot } from '../../src/bot.ts';
import { loadConfig } from '../../src/config.ts';
import { systemClock } from '../../src/lib/clock.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { burstTexts, expectActedOnce, expectGroupCommitted, UNHURRIED } from '../helpers/burst.ts';
import { readOnlyQueries } from '../helpers/db.ts';
import { tempDir } from '../helpers/test-bot.ts';
import { FakeLark, waitUntil } from './fake-lark-server.ts';

const dir = tempDir('yipanqi-lark-burst-');
const path = `${dir.path}/bot.db`;
const db = readOnlyQueries(() => path);
let fake: FakeLark | undefined;
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
  const server = await FakeLark.start({ redeliveryDelayMs: 60_000 });
  fake = server;
  const config = loadConfig({
    PLATFORM: 'lark',
    LARK_APP_ID: server.appId,
    LARK_APP_SECRET: server.appSecret,
    LARK_DOMAIN: server.domain,
    ADMIN_USER_IDS: 'ou_admin',
    DATABASE_URL: `file:${path}`,
    PORT: '0',
    LOG_LEVEL: 'silent',
  });
  // The replies stay queued (Lark's send limits would make the test slow): exactly one per message is the proof.
  const running = await startBot(config, {
    clock: systemClock,
    logger: createLogger('silent'),
    dispatch: false,
    processBatch: UNHURRIED,
  });
  bot = running;

  const texts = burstTexts(MESSAGES, 'burst');
  const ids = texts.map((_, i) => `om_burst_${i}`);
  const events = texts.map(
    (text, i) =>
      server.pushMessage({ from: 'ou_admin', chatId: 'oc_p2p_admin', chatType: 'p2p', text, messageId: ids[i] })
        .eventId,
  );
  // Lark pushes an event again when it missed the ack: every tenth comes twice while the burst is still arriving.
  for (const eventId of events.filter((_, i) => i % 10 === 0)) server.redeliver(eventId);

  const acks = () => server.acks().filter((ack) => ack.code === 200);
  // Every push is acknowledged, a second one too (answered as a duplicate), so Lark stops.
  await waitUntil(() => acks().length === MESSAGES + MESSAGES / 10, 30_000, 'an ack of every event');
  const processed = () => db.count(`SELECT COUNT(*) AS n FROM "InboundMessage" WHERE status = 'DONE'`);
  await waitUntil(() => processed() === MESSAGES, 30_000, 'every message processed');

  expectActedOnce(db, ids, texts, 'burst');
  expect(new Set(acks().map((ack) => ack.eventId))).toEqual(new Set(events));

  await expectGroupCommitted(running.address, MESSAGES, MESSAGES / 10);
});
