/**
 * SIGKILL in the middle of a group-committed burst. The real bot (a child process on a file database)
 * receives a burst over the DingTalk Stream socket and is killed while it is still working through it:
 * every delivery it had acknowledged must already be recorded (the ack follows the batch's commit), and
 * after the restart every message must have acted exactly once — the acknowledged ones from the
 * database, the others from the gateway's redeliveries.
 */
import { afterAll, expect, it } from 'vitest';
import { FakeDingTalk, waitUntil } from '../dingtalk/fake-dingtalk-server.ts';
import { BotProcesses, kill } from '../helpers/bot-process.ts';
import { readOnlyQueries } from '../helpers/db.ts';
import { tempDir } from '../helpers/test-bot.ts';

const dir = tempDir('yipanqi-burst-kill-');
const path = `${dir.path}/bot.db`;
const { query, count } = readOnlyQueries(() => path);
const processes = new BotProcesses();
afterAll(() => {
  processes.killAll();
  dir.remove();
});

const MESSAGES = 200;

it('keeps every acknowledged delivery of a burst through SIGKILL, and acts on every message once after the restart', {
  timeout: 120_000,
}, async () => {
  // Unacknowledged deliveries come again 2 s later, or as soon as a new connection opens.
  const fake = await FakeDingTalk.start({ redeliveryDelayMs: 2_000, maxRedeliveries: 1_000 });
  const stderr: string[] = [];
  const env = {
    PLATFORM: 'dingtalk',
    DINGTALK_CLIENT_ID: fake.clientId,
    DINGTALK_CLIENT_SECRET: fake.clientSecret,
    DINGTALK_API_BASE: fake.apiBase,
    DINGTALK_OAPI_BASE: fake.oapiBase,
    ADMIN_USER_IDS: 'admin',
    DATABASE_URL: `file:${path}`,
  };
  try {
    let bot = await processes.start(env, stderr);
    // Role grants: each leaves exactly one role and one audit event, so a second execution would show.
    const deliveries = Array.from({ length: MESSAGES }, (_, i) =>
      fake.pushRobotMessage({
        text: `/角色 授予 kill-${i} IPB`,
        msgId: `kill-${i}`,
        senderStaffId: 'admin',
        conversationId: 'cidKill==',
      }),
    );
    const done = () => count(`SELECT COUNT(*) AS n FROM "InboundMessage" WHERE status = 'DONE'`);
    const ackedNow = () =>
      new Set(
        fake
          .acks()
          .filter((ack) => ack.code === 200)
          .map((ack) => ack.messageId),
      );
    // The kill lands while the burst is being worked through: some of it processed, much more acknowledged.
    await waitUntil(
      () => {
        const processed = done();
        return processed > 0 && ackedNow().size - processed >= 50;
      },
      60_000,
      'acknowledged deliveries waiting to be processed',
    );
    await kill(bot);

    const acked = ackedNow();
    const processedBeforeKill = done();
    expect(processedBeforeKill).toBeLessThan(MESSAGES);
    // Acknowledged ⇒ recorded: every delivery acknowledged before the kill has its row.
    const recorded = new Set(
      query<{ messageId: string }>(`SELECT messageId FROM "InboundMessage"`).map((row) => row.messageId),
    );
    const ackedIds = deliveries.flatMap((deliveryId, i) => (acked.has(deliveryId) ? [`kill-${i}`] : []));
    expect(ackedIds.filter((id) => !recorded.has(id))).toEqual([]);
    // Some were acknowledged and not processed: after the restart only the database remembers them.
    expect(ackedIds.length).toBeGreaterThan(processedBeforeKill);

    bot = await processes.start(env, stderr);
    await waitUntil(() => deliveries.every((id) => ackedNow().has(id)), 60_000, 'an ack of every delivery');
    await waitUntil(() => done() === MESSAGES, 60_000, 'every message processed');
    bot.child.kill('SIGTERM');
    await bot.exited;

    // Exactly once: one done row and one reply per message, one role and one audit event per grant.
    const inbound = query<{ messageId: string; status: string; replies: number }>(
      `SELECT i.messageId, i.status,
        (SELECT COUNT(*) FROM "OutboxMessage" o WHERE o.sourceInboundId = i.id AND o.kind = 'REPLY') AS replies
      FROM "InboundMessage" i`,
    );
    expect(inbound).toHaveLength(MESSAGES);
    expect(inbound.filter((row) => row.status !== 'DONE' || row.replies !== 1)).toEqual([]);
    const grants = query<{ userId: string; n: number }>(
      `SELECT userId, COUNT(*) AS n FROM "RoleGrant" WHERE userId LIKE 'kill-%' GROUP BY userId`,
    );
    expect(grants).toHaveLength(MESSAGES);
    expect(grants.filter((grant) => grant.n !== 1)).toEqual([]);
    expect(count(`SELECT COUNT(*) AS n FROM "AuditEvent" WHERE recordId LIKE 'kill-%'`)).toBe(MESSAGES);
    console.info(
      `burst kill: ${ackedIds.length} acknowledged and ${processedBeforeKill} processed of ${MESSAGES} at the kill`,
    );
  } catch (error) {
    console.error(stderr.join('').slice(-3000));
    throw error;
  } finally {
    processes.killAll();
    await fake.close();
  }
});
