/**
 * Two bots on one PostgreSQL database behind the DingTalk protocol test server, each with its own
 * Stream connection; the server spreads pushes over both. A burst of 首报 reports and role grants
 * arrives, and one instance is killed with SIGKILL halfway. Afterwards every command has acted
 * once, every notice reached DingTalk once (beside the one-repeat window robot sends keep, at most
 * one per kill), the reminders both instances found due at start went out once, and the audit
 * chain verifies. Pushes the dead instance never acknowledged are redelivered by the platform to
 * the survivor; those it acknowledged but did not finish the survivor takes over when the lease
 * (INSTANCE_LEASE_SECONDS, shortened here) runs out.
 */
import pg from 'pg';
import { afterAll, expect, inject, it } from 'vitest';
import { startBot } from '../../src/bot.ts';
import { loadConfig } from '../../src/config.ts';
import { FixedClock } from '../../src/lib/clock.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { FakeDingTalk, type SentMessage } from '../dingtalk/fake-dingtalk-server.ts';
import { BotProcesses, kill } from '../helpers/bot-process.ts';
import { createDatabase } from '../helpers/postgres-server.ts';
import { SimClient } from '../helpers/sim-client.ts';
import { tempDir } from '../helpers/test-bot.ts';
import { deliveryLedger, KEYED_CHANNELS, type OutboxRow } from '../proof/ledger.ts';

const dir = tempDir('yipanqi-two-');
const processes = new BotProcesses();
afterAll(() => {
  processes.killAll();
  dir.remove();
});

const DAY_MS = 24 * 60 * 60 * 1000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function pollUntil(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what()}`);
    await sleep(100);
  }
}

/**
 * Two projects granted long ago by a bot on the same database: one whose first-negotiation right has
 * run out by now, one ten days from its end, so its 14-day reminder is due when the instances start.
 */
async function seedOldProjects(url: string): Promise<{ expiring: string; reminded: string }> {
  const now = Date.now();
  const clock = new FixedClock(new Date(now - 182 * DAY_MS));
  const config = loadConfig({
    PORT: '0',
    LOG_LEVEL: 'silent',
    DATABASE_URL: url,
    DATA_DIR: dir.path,
    INSTANCE_ID: 'seed',
  });
  // Only drain() delivers: a running dispatcher loop could hold the last notices when the bot stops.
  const bot = await startBot(config, { clock, logger: createLogger('silent'), dispatch: false });
  const client = new SimClient(bot.address);
  const exclusive = async (fields: string) => {
    const reply = await client.say('binjiang-li', 'binjiang', `/首报 ${fields}`);
    const code = /首报成功：\*\*(ZS-\d{4}-\d{4,})\*\*/.exec(reply)?.[1];
    if (code === undefined) throw new Error(`not an accepted report: ${reply}`);
    expect(await client.say('ipb-zhang', 'ipb', `/征询 ${code} 投资方同意`)).toContain('已记录');
    expect(await client.say('ipb-zhang', 'ipb', `/审核 ${code} 通过`)).toContain('已赋予');
    return code;
  };
  try {
    const expiring = await exclusive(
      '项目=旧项目甲 投资方=杭州甲乙科技有限公司 产业链=集成电路 投资额=5亿 意向=签订意向书',
    );
    clock.set(new Date(now - 170 * DAY_MS));
    const reminded = await exclusive(
      '项目=旧项目乙 投资方=杭州丙丁科技有限公司 产业链=集成电路 投资额=5亿 意向=签订意向书',
    );
    await bot.dispatcher.drain();
    return { expiring, reminded };
  } finally {
    await bot.stop();
  }
}

it('two instances, one killed with SIGKILL halfway through a burst: every report acted on once, every notice delivered once, no reminder twice', {
  timeout: 120_000,
}, async () => {
  const url = await createDatabase(inject('postgresAdminUrl'), `two_instances_${process.pid}`);
  const old = await seedOldProjects(url);
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  const query = async <T extends pg.QueryResultRow>(sql: string, ...params: unknown[]) =>
    (await db.query<T>(sql, params)).rows;
  const count = async (sql: string, ...params: unknown[]) =>
    Number((await query<{ n: string }>(sql, ...params))[0]?.n ?? 0);
  // What the seeding bot delivered went to its simulator, not to DingTalk.
  const seeded = await count(`SELECT COALESCE(MAX(id), 0) AS n FROM "OutboxMessage"`);

  const fake = await FakeDingTalk.start({ redeliveryDelayMs: 2_000, maxRedeliveries: 100, spread: 'round-robin' });
  try {
    const env = (instance: string) => ({
      PLATFORM: 'dingtalk',
      DINGTALK_CLIENT_ID: fake.clientId,
      DINGTALK_CLIENT_SECRET: fake.clientSecret,
      DINGTALK_API_BASE: fake.apiBase,
      DINGTALK_OAPI_BASE: fake.oapiBase,
      DINGTALK_CARD_TEMPLATE_ID: 'tpl-two',
      DINGTALK_MONTHLY_QUOTA: '1000000',
      ADMIN_USER_IDS: 'admin',
      DEMO_SEED: '1',
      DATABASE_URL: url,
      DATA_DIR: dir.path,
      INSTANCE_ID: instance,
      INSTANCE_LEASE_SECONDS: '3',
    });
    const stderr: string[] = [];
    // Started together: both migrate-check, seed and run every job due now, on one database.
    const [a, b] = await Promise.all([processes.start(env('a'), stderr), processes.start(env('b'), stderr)]);
    await pollUntil(
      () => fake.openConnections() === 2,
      30_000,
      () => `both Stream connections open (${fake.openConnections()} open)`,
    );

    const commands: { deliveryId: string; msgId: string; kind: 'report' | 'grant'; subject: string }[] = [];
    const TOTAL = 40;
    for (let i = 0; i < TOTAL; i++) {
      const msgId = `two-${i}`;
      if (i % 4 === 3) {
        const deliveryId = fake.pushRobotMessage({
          text: `/角色 授予 two-g-${i} IPB`,
          msgId,
          senderStaffId: 'admin',
          senderNick: '系统管理员',
          conversationId: 'city',
          conversationTitle: 'city',
        });
        commands.push({ deliveryId, msgId, kind: 'grant', subject: `two-g-${i}` });
      } else {
        const name = `并行项目${i}`;
        const text = `/首报 项目=${name} 投资方=杭州并行${'甲乙丙丁戊己庚辛壬癸'[i % 10]}${'子丑寅卯'[Math.floor(i / 10)]}科技有限公司 产业链=集成电路 投资额=5亿 意向=签订意向书`;
        const deliveryId = fake.pushRobotMessage({
          text,
          msgId,
          senderStaffId: 'binjiang-li',
          senderNick: '李明',
          conversationId: 'binjiang',
          conversationTitle: 'binjiang',
        });
        commands.push({ deliveryId, msgId, kind: 'report', subject: name });
      }
      if (i === TOTAL / 2) await kill(a);
      await sleep(25);
    }

    const acked = () =>
      new Set(
        fake
          .acks()
          .filter((ack) => ack.code === 200)
          .map((ack) => ack.messageId),
      );
    await pollUntil(
      () => commands.every((c) => acked().has(c.deliveryId)),
      30_000,
      () => 'an ack of every command',
    );
    const unfinished = () =>
      count(
        `SELECT (SELECT COUNT(*) FROM "InboundMessage" WHERE status <> 'DONE') + (SELECT COUNT(*) FROM "OutboxMessage" WHERE status <> 'DELIVERED') AS n`,
      );
    await pollUntil(
      async () => (await unfinished()) === 0,
      45_000,
      () => `every event processed and every notice delivered; stderr ${stderr.join('').slice(-1000)}`,
    );

    // Both instances took pushes: each acknowledged on its own connection.
    expect(
      new Set(fake.acks().map((ack) => ack.connectionId)).size,
      `acks by connection; stderr ${stderr.join('').slice(-500)}`,
    ).toBe(2);

    // The audit chain, checked by the survivor.
    const before = fake.sent().length;
    const verifyId = fake.pushRobotMessage({
      text: '/审计 校验',
      senderStaffId: 'admin',
      senderNick: '系统管理员',
      conversationId: 'city',
    });
    await fake.waitForAck(verifyId, 10_000);
    await pollUntil(
      () =>
        fake
          .sent()
          .slice(before)
          .some((m: SentMessage) => m.via === 'webhook'),
      15_000,
      () => 'the verification reply',
    );
    expect(
      JSON.stringify(
        fake
          .sent()
          .slice(before)
          .map((m) => m.body),
      ),
    ).toContain('审计链校验通过');
    await pollUntil(
      async () => (await unfinished()) === 0,
      15_000,
      () => 'the verification reply marked delivered',
    );
    b.child.kill('SIGTERM');
    await b.exited;

    // Every command acted once, with one answer.
    for (const c of commands) {
      expect(await query(`SELECT status FROM "InboundMessage" WHERE "messageId" = $1`, c.msgId), c.msgId).toEqual([
        { status: 'DONE' },
      ]);
      expect(
        await count(
          `SELECT COUNT(*) AS n FROM "OutboxMessage" o JOIN "InboundMessage" i ON i.id = o."sourceInboundId" WHERE i."messageId" = $1 AND o.kind = 'REPLY'`,
          c.msgId,
        ),
        c.msgId,
      ).toBe(1);
    }
    for (const c of commands.filter((x) => x.kind === 'report')) {
      const projects = await query<{ code: string }>(`SELECT code FROM "Project" WHERE name = $1`, c.subject);
      expect(projects, c.subject).toHaveLength(1);
      expect(
        await count(
          `SELECT COUNT(*) AS n FROM "AuditEvent" WHERE "recordId" = $1 AND action = 'project.report'`,
          projects[0]!.code,
        ),
      ).toBe(1);
    }
    for (const c of commands.filter((x) => x.kind === 'grant')) {
      expect(await count(`SELECT COUNT(*) AS n FROM "RoleGrant" WHERE "userId" = $1`, c.subject), c.subject).toBe(1);
      expect(await count(`SELECT COUNT(*) AS n FROM "AuditEvent" WHERE "recordId" = $1`, c.subject), c.subject).toBe(1);
    }

    // What both instances found due at start happened once: the expiry and the 14-day reminder.
    expect(
      await count(
        `SELECT COUNT(*) AS n FROM "AuditEvent" WHERE "recordId" = $1 AND action = 'project.expire'`,
        old.expiring,
      ),
    ).toBe(1);
    // Rule R2 tells the holder and IPB: one notice each.
    const reminders = await query<{ id: number; dedupeKey: string }>(
      `SELECT id, "dedupeKey" FROM "OutboxMessage" WHERE "dedupeKey" LIKE $1`,
      `exclusivity-reminder:${old.reminded}:%`,
    );
    // Keys end in '#<destination index>': the holder's is '…:14#0', IPB's '…:14:ipb#0'.
    expect(reminders.filter((r) => r.dedupeKey.includes(':ipb#'))).toHaveLength(1);
    expect(reminders.filter((r) => !r.dedupeKey.includes(':ipb#'))).toHaveLength(1);

    // Every notice reached DingTalk; a second copy only in the window a kill leaves on a robot send.
    const rows = await query<OutboxRow>(
      `SELECT id, kind, "toConversationId", "toUserId", message, "replyContext", status FROM "OutboxMessage" WHERE id > $1 ORDER BY id`,
      seeded,
    );
    const ledger = deliveryLedger(rows, fake.sent(), fake.suppressed(), { cardTemplate: true });
    expect(ledger.lost).toEqual([]);
    expect(ledger.unaccounted).toEqual([]);
    expect(ledger.duplicated.filter((n) => KEYED_CHANNELS.includes(n.channel))).toEqual([]);
    expect(ledger.duplicateMessages.length).toBeLessThanOrEqual(1);
    for (const { id } of reminders) expect(ledger.notifications.find((n) => n.id === id)?.shown).toBe(1);
  } finally {
    await db.end();
    await fake.close();
  }
});
