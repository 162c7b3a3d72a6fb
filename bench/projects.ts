import { randomUUID } from 'node:crypto';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { startBot, type RunningBot } from '../src/bot.ts';
import { loadConfig } from '../src/config.ts';
import { inTransaction } from '../src/db/tx.ts';
import { projectRepository } from '../src/db/repositories/project-repository.ts';
import { assessConflict } from '../src/domain/projects/conflict.ts';
import { investorNameKeys, normaliseInvestorName } from '../src/domain/projects/investor-identity.ts';
import { asStatus } from '../src/domain/projects/status.ts';
import type { InboundEvent } from '../src/app/receiver.ts';
import { FixedClock } from '../src/lib/clock.ts';
import { createLogger } from '../src/lib/logger.ts';
import { createDatabase, startPostgresServer } from '../tests/helpers/postgres-server.ts';
import { postJson } from './http.ts';
import { measure, type Summary } from './stats.ts';

/** About 150 characters common in trade names (字号), so names collide about as often as real ones. */
const TRADE_CHARS =
  '华康达盛鑫源泰恒宏瑞博创新远航星辰光明智云海天正德嘉信诚安和顺景祥聚力合众联丰润泽汇通友谊振兴永昌隆兴旺发展宇宙乾坤阳春白雪梅兰竹菊松柏青山绿水金银铜铁玉石钻晶彩虹霞飞龙凤麒麟鹏鹰骏驰腾跃凯旋胜利远大卓越精锐敏捷灵动蓝图宏图伟业鸿运昊晟煜炜琪瑶璐珂璟瑾琛翔宇浩然睿哲俊逸舒雅';
const INDUSTRY = ['科技', '技术', '电子', '生物', '医药', '新能源', '智能', '材料', '装备', '网络'];
const FORMS = ['有限公司', '股份有限公司', '有限责任公司', '集团有限公司'];
const REGIONS = ['杭州', '浙江', '', '上海', '深圳'];
const CHAINS = ['集成电路', '数字安防', '生物医药', '人工智能', '新能源汽车', '高端装备'];
const UNITS = ['binjiang', 'xiaoshan', 'yuhang', 'xihu', 'qiantang', 'linping'];
const STATUSES = ['PENDING', 'EXCLUSIVE', 'REJECTED', 'EXPIRED', 'SIGNED', 'LANDED'];

/** A deterministic generator, so every run measures the same database. */
function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function investorName(random: () => number): { name: string; trade: string } {
  const pick = <T>(list: readonly T[] | string): T =>
    typeof list === 'string'
      ? (list[Math.floor(random() * list.length)] as T)
      : list[Math.floor(random() * list.length)]!;
  const length = 2 + Math.floor(random() * 3);
  let trade = '';
  for (let i = 0; i < length; i++) trade += pick<string>(TRADE_CHARS);
  return { name: `${pick(REGIONS)}${trade}${pick(INDUSTRY)}${pick(FORMS)}`, trade };
}

/**
 * A command timed two ways: paced, each after the previous one's notices were delivered (untimed), as
 * when officers type at a chat's pace; and back to back, where the previous command's notice is being
 * delivered (on the simulator, into the same database) while the next one runs.
 */
export interface PacedAndBackToBack {
  paced: Summary;
  backToBack: Summary;
}

export interface ProjectsBench {
  projects: number;
  conflictIndexed: Summary;
  conflictLike: Summary;
  reportRoundTrip: PacedAndBackToBack;
  /** /首报 through app.record() and app.process(), no HTTP. */
  reportInProcess: PacedAndBackToBack;
  /** The statements /首报 sends, as raw better-sqlite3 prepared statements: the floor. */
  reportRaw: Summary;
}

export interface PostgresProjectsBench {
  conflictIndexed: Summary;
  reportRoundTrip: PacedAndBackToBack;
  reportInProcess: PacedAndBackToBack;
}

const NOW = new Date('2026-11-26T02:00:00Z');

/** The same generated projects for both databases: [code, name, investor, key, trade key, chain, amount, unit, status, at]. */
function generateProjects(
  projects: number,
  random: () => number,
): { names: { name: string; trade: string }[]; rows: (string | number | null)[][] } {
  const names: { name: string; trade: string }[] = [];
  const rows: (string | number | null)[][] = [];
  for (let i = 0; i < projects; i++) {
    const investor = investorName(random);
    names.push(investor);
    const keys = investorNameKeys(investor.name);
    const at = new Date(NOW.getTime() - (projects - i) * 60_000).toISOString().replace('Z', '+00:00');
    rows.push([
      `ZS-2025-${String(i + 1).padStart(6, '0')}`,
      `项目${i}`,
      investor.name,
      normaliseInvestorName(investor.name),
      keys.find((k) => k.startsWith('t:')) ?? null,
      CHAINS[i % CHAINS.length]!,
      1000 + (i % 5000),
      UNITS[i % UNITS.length]!,
      STATUSES[i % STATUSES.length]!,
      at,
    ]);
  }
  return { names, rows };
}

/**
 * Generates the projects (the same for both databases), hands them to `insert`, and answers the conflict
 * probes: half names of generated projects, half new ones. Only the probes outlive this call: the
 * generated rows, some 200 MiB of heap, would otherwise stay alive while the bot in this process is timed.
 */
async function seedProjects(
  projects: number,
  samples: number,
  insert: (rows: (string | number | null)[][]) => Promise<void> | void,
): Promise<string[]> {
  const random = rng(42);
  const { names, rows } = generateProjects(projects, random);
  await insert(rows);
  return Array.from({ length: samples }, (_, i) =>
    i % 2 === 0 ? names[Math.floor(random() * names.length)]!.name : investorName(random).name,
  );
}

const REPORTER = { userId: 'binjiang-li', conversationId: 'binjiang', unitId: 'binjiang' };

/**
 * Untimed round trips first, so the timed ones meet a /首报 path the JIT has compiled: in a fresh process the
 * first 400 showed p99 24 ms, the next 400 8–10 ms.
 */
const WARMUP_REPORTS = 200;

/** The i-th /首报 of a series; `seed` picks the series' investors, so two series never share one. */
const reportText = (i: number, prefix: string, seed: number) =>
  `/首报 项目=${prefix}${i} 投资方=${investorName(rng(seed + i)).name} 产业链=集成电路 投资额=1亿 意向=实地考察`;

/**
 * The statements one /首报 sends (src: app.record, then the processing transaction — see
 * tests/integration/statement-budgets.test.ts), as raw better-sqlite3 prepared statements on the same
 * database: record the delivery; load its context; the guide and the unit's violations; the
 * conflict candidates; the code's sequence; the project; its audit link; the notice to IPB's
 * groups; the delivery done. Parsing, validation, the conflict rules and the reply text are left
 * out: this is the floor for the same writes.
 */
function rawReport(raw: Database.Database): (i: number) => void {
  const at = () => new Date().toISOString().replace('Z', '+00:00');
  const record =
    raw.prepare(`INSERT INTO "InboundMessage" (platform, messageId, userId, conversationId, payload, status, receivedAt, claimedBy, claimedUntil)
    VALUES ('raw', ?, ?, ?, ?, 'RECEIVED', ?, 'raw', ?) ON CONFLICT DO NOTHING`);
  const context = raw.prepare(`SELECT i.id, i.status, i.receivedAt, u.name, n.name AS unitName,
      (SELECT json_group_array(json_object('role', r.role, 'scope', r.scope)) FROM "RoleGrant" r WHERE r.userId = u.id) AS roles,
      c.name AS conversationName, cn.name AS conversationUnit,
      (SELECT json_group_array(json_object('id', x.id, 'name', x.name, 'kind', x.kind, 'parentId', x.parentId)) FROM (SELECT * FROM "Unit" ORDER BY id) x) AS units,
      (SELECT json_object('seq', a.seq, 'hash', a.hash) FROM "AuditEvent" a ORDER BY a.seq DESC LIMIT 1) AS auditTail
    FROM "InboundMessage" i LEFT JOIN "User" u ON u.id = ? LEFT JOIN "Unit" n ON n.id = u.unitId
    LEFT JOIN "Conversation" c ON c.id = ? LEFT JOIN "Unit" cn ON cn.id = c.unitId WHERE i.platform = 'raw' AND i.messageId = ?`);
  const guide =
    raw.prepare(`SELECT g.id, (SELECT json_group_array(json_object('chain', a.chain, 'unitId', a.unitId) ORDER BY a.id) FROM "GuideAssignment" a WHERE a.guideVersionId = g.id) AS assignments,
      (SELECT json_group_array(json_object('code', p.code, 'description', v.description)) FROM "Violation" v JOIN "Project" p ON p.id = v.projectId WHERE v.unitId = ?) AS violations
    FROM "GuideVersion" g WHERE g.year <= 2026 ORDER BY g.year DESC, g.version DESC LIMIT 1`);
  const candidates = raw.prepare(
    `SELECT id, code, unitId, chain, status, investorName, reportedAt FROM "Project" WHERE investorKey IN (?, ?) OR investorTradeKey IN (?, ?) ORDER BY reportedAt`,
  );
  const sequence = raw.prepare(
    `INSERT INTO "Sequence" (name, value) VALUES ('raw:2026', 1) ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value`,
  );
  const project =
    raw.prepare(`INSERT INTO "Project" (code, name, investorName, investorKey, investorTradeKey, creditCode, creditCodeUnverified, chain, amountWan, intent, unitId, reporterId, status, reportedAt, reportGuideVersionId, conforms, updatedAt)
    VALUES (?, ?, ?, ?, ?, NULL, 0, '集成电路', 10000, '实地考察', ?, ?, 'PENDING', ?, ?, 1, ?)`);
  const audit = raw.prepare(
    `INSERT INTO "AuditEvent" (seq, at, actorId, action, recordType, recordId, before, after, prevHash, hash) VALUES (?, ?, ?, 'project.report', 'Project', ?, NULL, ?, ?, ?)`,
  );
  const notice =
    raw.prepare(`INSERT INTO "OutboxMessage" (kind, toConversationId, message, status, attempts, nextAttemptAt, createdAt)
    SELECT 'NOTICE', c.id, ?, 'PENDING', 0, ?, ? FROM "Conversation" c WHERE c.unitId = 'ipb' AND c.type = 'group' ORDER BY c.id`);
  const done = raw.prepare(
    `UPDATE "InboundMessage" SET status = 'DONE', replies = ?, processedAt = ?, claimedBy = NULL, claimedUntil = NULL WHERE id = ?`,
  );
  const processEvent = raw.transaction((i: number, messageId: string, name: string) => {
    const loaded = context.get(REPORTER.userId, REPORTER.conversationId, messageId) as {
      id: number;
      auditTail: string | null;
    };
    const { id: guideId } = guide.get(REPORTER.unitId) as { id: number };
    const keys = investorNameKeys(name);
    const key = normaliseInvestorName(name);
    const trade = keys.find((k) => k.startsWith('t:')) ?? key;
    candidates.all(key, trade, key, trade);
    const { value } = sequence.get() as { value: number };
    const code = `RAW-2026-${String(value).padStart(6, '0')}`;
    project.run(code, `原始${i}`, name, key, trade, REPORTER.unitId, REPORTER.userId, at(), guideId, at());
    const tail =
      loaded.auditTail === null
        ? { seq: 0, hash: '0' }
        : (JSON.parse(loaded.auditTail) as { seq: number; hash: string });
    audit.run(
      tail.seq + 1,
      at(),
      REPORTER.userId,
      code,
      JSON.stringify({ status: 'PENDING', chain: '集成电路', investor: name }),
      tail.hash,
      randomUUID(),
    );
    notice.run(JSON.stringify({ kind: 'card', title: code, markdown: name }), at(), at());
    done.run(JSON.stringify([{ kind: 'markdown', title: code, markdown: name }]), at(), loaded.id);
  });
  return (i) => {
    const messageId = randomUUID();
    const name = investorName(rng(30_000 + i)).name;
    record.run(
      messageId,
      REPORTER.userId,
      REPORTER.conversationId,
      JSON.stringify({ text: reportText(i, '原始', 20_000) }),
      at(),
      at(),
    );
    processEvent(i, messageId, name);
  };
}

/** The indexed conflict check, and /首报 in-process and through the simulator API, on a started bot. */
async function measureBot(
  bot: RunningBot,
  probes: string[],
  samples: number,
): Promise<{ conflictIndexed: Summary; reportRoundTrip: PacedAndBackToBack; reportInProcess: PacedAndBackToBack }> {
  const conflictIndexed = await measure(samples, async (i) => {
    const probe = probes[i]!;
    const candidates = await inTransaction(bot.db.prisma, (tx) =>
      projectRepository.findInvestorCandidates(tx, null, investorNameKeys(probe)),
    );
    assessConflict(
      { unitId: 'binjiang', chain: '集成电路', investorName: probe, creditCode: null },
      candidates.map((p) => ({ ...p, status: asStatus(p.status) })),
    );
  });
  const roundTrip = async (i: number) => {
    await postJson(bot.address, '/api/messages', {
      userId: 'binjiang-li',
      conversationId: 'binjiang',
      messageId: randomUUID(),
      text: reportText(i, '基准项目', 10_000),
    });
  };
  const inProcess = async (i: number) => {
    const event: InboundEvent = {
      type: 'message',
      platform: 'bench',
      messageId: randomUUID(),
      ...REPORTER,
      conversationType: 'group',
      text: reportText(i, '进程内', 40_000),
      mentions: [],
    };
    await bot.app.record(event);
    await bot.app.process(event);
  };
  // Each series draws its own investors (seeded apart). About four in five share a name key with one of the
  // 100k projects (trade names collide as real ones do), so the conflict check weighs real candidates.
  const n = Math.min(samples, 300);
  for (let i = 0; i < WARMUP_REPORTS; i++) await roundTrip(100_000 + i);
  const delivered = () => bot.dispatcher.drain();
  const reportRoundTrip = {
    paced: await measure(n, (i) => roundTrip(i), delivered),
    backToBack: await measure(n, (i) => roundTrip(n + i)),
  };
  const reportInProcess = {
    paced: await measure(n, (i) => inProcess(i), delivered),
    backToBack: await measure(n, (i) => inProcess(n + i)),
  };
  return { conflictIndexed, reportRoundTrip, reportInProcess };
}

/** 100k projects: the indexed conflict check against a naive LIKE scan, and /首报 round trips. */
export async function benchProjects(
  workDir: string,
  projects = Number(process.env.BENCH_PROJECTS ?? 100_000),
  samples = 300,
): Promise<ProjectsBench> {
  const path = join(workDir, 'projects.db');
  const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', DATABASE_URL: `file:${path}` });
  const clock = new FixedClock(NOW);
  let bot = await startBot(config, { clock, logger: createLogger('silent') });
  await bot.stop();

  const raw = new Database(path);
  raw.pragma('journal_mode = WAL');
  const probes = await seedProjects(projects, samples, (rows) => {
    const insert =
      raw.prepare(`INSERT INTO "Project" (code, name, investorName, investorKey, investorTradeKey, creditCode, creditCodeUnverified, chain, amountWan, intent, unitId, reporterId, status, reportedAt, reportGuideVersionId, conforms, updatedAt)
      VALUES (?, ?, ?, ?, ?, NULL, 0, ?, ?, '实地考察', ?, 'bench', ?, ?, 1, 1, ?)`);
    raw.transaction(() => {
      for (const row of rows) insert.run(...row, row[9]);
    })();
  });
  const like = raw.prepare(
    `SELECT id, code, unitId, chain, status, investorName FROM "Project" WHERE investorName LIKE ?`,
  );
  const conflictLike = await measure(samples, (i) => {
    const probe = probes[i]!;
    like.all(`%${investorName(rng(i)).trade.slice(0, 2)}%${probe.slice(-4)}%`);
  });
  raw.close();
  // The baseline writes to a copy: its notices, stamped with the wall clock, would otherwise wait in the
  // bot's outbox (whose clock is fixed) and hold back every later notice to the same group.
  const rawPath = join(workDir, 'projects-raw.db');
  copyFileSync(path, rawPath);
  const rawCopy = new Database(rawPath);
  rawCopy.pragma('journal_mode = WAL');
  rawCopy.pragma('synchronous = NORMAL'); // as the bot's connection (src/db/client.ts)
  const report = rawReport(rawCopy);
  for (let i = 0; i < 50; i++) report(1_000_000 + i);
  const reportRaw = await measure(Math.min(samples, 200), report);
  rawCopy.close();

  bot = await startBot(config, { clock, logger: createLogger('silent') });
  try {
    return { projects, conflictLike, reportRaw, ...(await measureBot(bot, probes, samples)) };
  } finally {
    await bot.stop();
  }
}

/** The same database and probes on PostgreSQL (an embedded server from npm, loopback, durable settings). */
export async function benchProjectsPostgres(
  workDir: string,
  projects = Number(process.env.BENCH_PROJECTS ?? 100_000),
  samples = 300,
): Promise<PostgresProjectsBench> {
  const server = await startPostgresServer({ durable: true });
  try {
    const url = await createDatabase(server.adminUrl, 'bench');
    const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', DATABASE_URL: url, DATA_DIR: workDir });
    const clock = new FixedClock(NOW);
    let bot = await startBot(config, { clock, logger: createLogger('silent') });
    await bot.stop();

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    let probes: string[];
    try {
      probes = await seedProjects(projects, samples, async (rows) => {
        for (let start = 0; start < rows.length; start += 5000) {
          const batch = rows.slice(start, start + 5000);
          const column = (index: number) => batch.map((row) => row[index]);
          await client.query(
            `INSERT INTO "Project" (code, name, "investorName", "investorKey", "investorTradeKey", "creditCode", "creditCodeUnverified", chain, "amountWan", intent, "unitId", "reporterId", status, "reportedAt", "reportGuideVersionId", conforms, "updatedAt")
             SELECT c, n, i, k, t, NULL, false, ch, a, '实地考察', u, 'bench', s, at::timestamptz AT TIME ZONE 'UTC', 1, true, at::timestamptz AT TIME ZONE 'UTC'
             FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::text[], $9::text[], $10::text[]) AS x(c, n, i, k, t, ch, a, u, s, at)`,
            [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(column),
          );
        }
      });
      await client.query('ANALYZE "Project"');
    } finally {
      await client.end();
    }
    bot = await startBot(config, { clock, logger: createLogger('silent') });
    try {
      return await measureBot(bot, probes, samples);
    } finally {
      await bot.stop();
    }
  } finally {
    await server.stop();
  }
}
