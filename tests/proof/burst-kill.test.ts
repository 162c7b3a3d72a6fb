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
import { burstTexts, expectActedOnce } from '../helpers/burst.ts';
import { readOnlyQueries } from '../helpers/db.ts';
import { tempDir } from '../helpers/test-bot.ts';

const dir = tempDir('yipanqi-burst-kill-');
const path = `${dir.path}/bot.db`;
const db = readOnlyQueries(() => path);
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
  const env = { ...fake.botEnv(), ADMIN_USER_IDS: 'admin', DATABASE_URL: `file:${path}` };
  try {
    let bot = await processes.start(env, stderr);
    // Role grants only: each leaves exactly one role and one audit event, so a second execution would show.
    const texts = burstTexts(MESSAGES, 'kill', 'grants');
    const ids = texts.map((_, i) => `kill-${i}`);
    const deliveries = texts.map((text, i) =>
      fake.pushRobotMessage({ text, msgId: ids[i], senderStaffId: 'admin', conversationId: 'cidKill==' }),
    );
    const processed = () => db.count(`SELECT COUNT(*) AS n FROM "InboundMessage" WHERE status = 'DONE'`);
    const acked = () => new Set(fake.acks().flatMap((ack) => (ack.code === 200 ? [ack.messageId] : [])));
    // The kill lands while the burst is being worked through: some of it processed, much more acknowledged.
    await waitUntil(
      () => {
        const done = processed();
        return done > 0 && acked().size - done >= 50;
      },
      60_000,
      'acknowledged deliveries waiting to be processed',
    );
    await kill(bot);

    const ackedAtKill = acked();
    const processedAtKill = processed();
    expect(processedAtKill).toBeLessThan(MESSAGES);
    // Acknowledged ⇒ recorded: every delivery acknowledged before the kill has its row.
    const recorded = new Set(
      db.query<{ messageId: string }>(`SELECT messageId FROM "InboundMessage"`).map((row) => row.messageId),
    );
    const ackedIds = ids.filter((_, i) => ackedAtKill.has(deliveries[i]!));
    expect(ackedIds.filter((id) => !recorded.has(id))).toEqual([]);
    // Some were acknowledged and not processed: after the restart only the database remembers them.
    expect(ackedIds.length).toBeGreaterThan(processedAtKill);

    bot = await processes.start(env, stderr);
    await waitUntil(() => deliveries.every((id) => acked().has(id)), 60_000, 'an ack of every delivery');
    await waitUntil(() => processed() === MESSAGES, 60_000, 'every message processed');
    bot.child.kill('SIGTERM');
    await bot.exited;

    expectActedOnce(db, ids, texts, 'kill');
    console.info(
      `burst kill: ${ackedIds.length} acknowledged and ${processedAtKill} processed of ${MESSAGES} at the kill`,
    );
  } catch (error) {
    console.error(stderr.join('').slice(-3000));
    throw error;
  } finally {
    processes.killAll();
    await fake.close();
  }
});
