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
import { readOnlyQueries } from '../helpers/db.ts';
import { inboundBatches } from '../helpers/metrics.ts';
import { tempDir } from '../helpers/test-bot.ts';
import { FakeLark, waitUntil } from './fake-lark-server.ts';

const dir = tempDir('yipanqi-lark-burst-');
const path = `${dir.path}/bot.db`;
const { query, count } = readOnlyQueries(() => path);
let fake: FakeLark | undefined;
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
  fake = await FakeLark.start({ redeliveryDelayMs: 60_000 });
  const config = loadConfig({
    PLATFORM: 'lark',
    LARK_APP_ID: fake.appId,
    LARK_APP_SECRET: fake.appSecret,
    LARK_DOMAIN: fake.domain,
    ADMIN_USER_IDS: 'ou_admin',
    DATABASE_URL: `file:${path}`,
    PORT: '0',
    LOG_LEVEL: 'silent',
  });
  // The replies stay queued (Lark's send limits would make the test slow): exactly one per message is the proof.
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
  const events = texts.map(
    (text, i) =>
      fake!.pushMessage({ from: 'ou_admin', chatId: 'oc_p2p_admin', chatType: 'p2p', text, messageId: `om_burst_${i}` })
        .eventId,
  );
  // Lark pushes an event again when it missed the ack: every tenth comes twice while the burst is still arriving.
  for (const eventId of events.filter((_, i) => i % 10 === 0)) fake.redeliver(eventId);

  const acked = () =>
    new Set(
      fake!
        .acks()
        .filter((ack) => ack.code === 200)
        .map((ack) => ack.eventId),
    );
  await waitUntil(() => events.every((id) => acked().has(id)), 30_000, 'an ack of every event');
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
  expect(inbound.map((row) => row.messageId).sort()).toEqual(texts.map((_, i) => `om_burst_${i}`).sort());
  expect(inbound.filter((row) => row.status !== 'DONE' || row.replies !== 1)).toEqual([]);
  const grants = query<{ userId: string; n: number }>(
    `SELECT userId, COUNT(*) AS n FROM "RoleGrant" WHERE userId LIKE 'burst-%' GROUP BY userId`,
  );
  expect(grants).toHaveLength(MESSAGES / 3);
  expect(grants.filter((grant) => grant.n !== 1)).toEqual([]);
  expect(count(`SELECT COUNT(*) AS n FROM "AuditEvent" WHERE recordId LIKE 'burst-%'`)).toBe(MESSAGES / 3);
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
