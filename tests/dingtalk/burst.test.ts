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
import { readOnlyQueries } from '../helpers/db.ts';
import { inboundBatches } from '../helpers/metrics.ts';
import { tempDir } from '../helpers/test-bot.ts';
import { FakeDingTalk, waitUntil } from './fake-dingtalk-server.ts';

const dir = tempDir('yipanqi-dingtalk-burst-');
const path = `${dir.path}/bot.db`;
const { query, count } = readOnlyQueries(() => path);
let fake: FakeDingTalk | undefined;
let bot: RunningBot | undefined;

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  dir.remove();
});

const MESSAGES = 150;
/**
 * A processing transaction stops taking events after 25 ms, so how many it takes depends on the
 * machine's speed; without that bound it takes what was queued together, which depends on the batches
 * recorded — asserted here — alone.
 */
const UNHURRIED = { maxMs: 60_000 };

it('records a burst in shared transactions before the acks, processes it in batches, and acts on every message once', {
  timeout: 60_000,
}, async () => {
  fake = await FakeDingTalk.start({ redeliveryDelayMs: 60_000 });
  const config = loadConfig({
    PLATFORM: 'dingtalk',
    DINGTALK_CLIENT_ID: fake.clientId,
    DINGTALK_CLIENT_SECRET: fake.clientSecret,
    DINGTALK_API_BASE: fake.apiBase,
    DINGTALK_OAPI_BASE: fake.oapiBase,
    ADMIN_USER_IDS: 'admin',
    DATABASE_URL: `file:${path}`,
    PORT: '0',
    LOG_LEVEL: 'silent',
  });
  // The replies stay queued (DingTalk's 20 calls/s would make the test slow): exactly one per message is the proof.
  bot = await startBot(config, {
    clock: systemClock,
    logger: createLogger('silent'),
    dispatch: false,
    processBatch: UNHURRIED,
  });
  const running = bot;

  // Grants (each leaves one role and one audit event), help, and refusals (a grant without its arguments).
  const texts = Array.from(
    { length: MESSAGES },
    (_, i) => [`/角色 授予 burst-${i} IPB`, '/帮助', '/角色 授予'][i % 3]!,
  );
  const pushed = texts.map((text, i) =>
    fake!.pushRobotMessage({ text, msgId: `burst-${i}`, senderStaffId: 'admin', conversationId: 'cidBurst==' }),
  );
  // The gateway sometimes delivers a message twice: every tenth comes again while the burst is still arriving.
  for (const deliveryId of pushed.filter((_, i) => i % 10 === 0)) fake.redeliver(deliveryId);

  const acked = () =>
    new Set(
      fake!
        .acks()
        .filter((ack) => ack.code === 200)
        .map((ack) => ack.messageId),
    );
  await waitUntil(() => pushed.every((id) => acked().has(id)), 30_000, 'an ack of every delivery');
  await waitUntil(
    () => count(`SELECT COUNT(*) AS n FROM "InboundMessage" WHERE status = 'DONE'`) === MESSAGES,
    30_000,
    'every message processed',
  );

  // Acted on once: one inbound row and one reply per message, one role and one audit event per grant.
  const inbound = query<{ messageId: string; status: string; replies: number }>(
    `SELECT i.messageId, i.status,
        (SELECT COUNT(*) FROM "OutboxMessage" o WHERE o.sourceInboundId = i.id AND o.kind = 'REPLY') AS replies
      FROM "InboundMessage" i`,
  );
  expect(inbound.map((row) => row.messageId).sort()).toEqual(texts.map((_, i) => `burst-${i}`).sort());
  expect(inbound.filter((row) => row.status !== 'DONE' || row.replies !== 1)).toEqual([]);
  const grants = query<{ userId: string; n: number }>(
    `SELECT userId, COUNT(*) AS n FROM "RoleGrant" WHERE userId LIKE 'burst-%' GROUP BY userId`,
  );
  expect(grants).toHaveLength(MESSAGES / 3);
  expect(grants.filter((grant) => grant.n !== 1)).toEqual([]);
  expect(count(`SELECT COUNT(*) AS n FROM "AuditEvent" WHERE recordId LIKE 'burst-%'`)).toBe(MESSAGES / 3);
  // Every second delivery was acknowledged too (answered as a duplicate), so the gateway stops.
  expect(fake.acks().filter((ack) => ack.code === 200)).toHaveLength(MESSAGES + MESSAGES / 10);

  // Group commit happened: far fewer record transactions than deliveries, and events recorded together
  // processed together.
  const batches = await inboundBatches(running.address);
  expect(batches.record.deliveries).toBe(MESSAGES + MESSAGES / 10);
  expect(batches.record.transactions).toBeLessThan(MESSAGES / 10);
  // A second delivery is processed again (answered from what is stored) only if its first was done by then.
  expect(batches.process.deliveries).toBeGreaterThanOrEqual(MESSAGES);
  expect(batches.process.deliveries).toBeLessThanOrEqual(MESSAGES + MESSAGES / 10);
  expect(batches.process.transactions).toBeLessThan(batches.process.deliveries / 2);
});
