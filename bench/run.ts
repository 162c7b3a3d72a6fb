import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startBot } from '../src/bot.ts';
import { loadConfig } from '../src/config.ts';
import { applyMigrations, readMigrations } from '../src/db/migrate.ts';
import { MIGRATIONS_DIR } from '../src/db/client.ts';
import { createLogger } from '../src/lib/logger.ts';
import type { InboundEvent } from '../src/app/receiver.ts';
import { burstReport } from './burst-report.ts';
import { benchReminderSweep } from './matrix-sweep.ts';
import { benchMemory, benchProcess } from './process.ts';
import { benchPrismaWritePath } from './write-path.ts';
import { benchProjects, benchProjectsPostgres } from './projects.ts';
import { postJson } from './http.ts';
import { formatTable, measure, type Summary } from './stats.ts';

const N = Number(process.env.BENCH_N ?? 1000);
const WARMUP = 100;
const BURST = Number(process.env.BENCH_BURST ?? 1000);
const workDir = mkdtempSync(join(tmpdir(), 'yipanqi-bench-'));

/**
 * The same writes one `/角色 授予` command makes (inbound record, user, role grant, audit link,
 * outbox row, inbound done), done with raw better-sqlite3 prepared statements: the floor that
 * the app's round trip is compared against.
 */
function rawBaseline(): (i: number) => void {
  const db = new Database(join(workDir, 'raw.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  applyMigrations(db, readMigrations(MIGRATIONS_DIR));
  const now = () => new Date().toISOString();
  const insertInbound = db.prepare(
    `INSERT INTO "InboundMessage" (platform, messageId, userId, conversationId, payload, status, receivedAt, claimedBy, claimedUntil) VALUES ('raw', ?, 'admin', 'city', ?, 'RECEIVED', ?, 'raw', ?) ON CONFLICT DO NOTHING`,
  );
  const findInbound = db.prepare(`SELECT id, status FROM "InboundMessage" WHERE platform = 'raw' AND messageId = ?`);
  const insertUser = db.prepare(`INSERT INTO "User" (id, name, createdAt) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`);
  const insertRole = db.prepare(
    `INSERT INTO "RoleGrant" (userId, role, scope, grantedBy, grantedAt) VALUES (?, 'IPB', '', 'admin', ?)`,
  );
  const lastAudit = db.prepare(`SELECT seq, hash FROM "AuditEvent" ORDER BY seq DESC LIMIT 1`);
  const insertAudit = db.prepare(
    `INSERT INTO "AuditEvent" (seq, at, actorId, action, recordType, recordId, before, after, prevHash, hash) VALUES (?, ?, 'admin', 'role.grant', 'User', ?, NULL, ?, ?, ?)`,
  );
  const insertOutbox = db.prepare(
    `INSERT INTO "OutboxMessage" (kind, toUserId, message, status, attempts, nextAttemptAt, createdAt) VALUES ('NOTICE', ?, ?, 'PENDING', 0, ?, ?)`,
  );
  const markDone = db.prepare(`UPDATE "InboundMessage" SET status = 'DONE', replies = ?, processedAt = ? WHERE id = ?`);
  const command = db.transaction((i: number) => {
    const messageId = randomUUID();
    const userId = `raw-${i}`;
    insertInbound.run(messageId, '{}', now(), now());
    const inbound = findInbound.get(messageId) as { id: number };
    insertUser.run(userId, userId, now());
    insertRole.run(userId, now());
    const last = lastAudit.get() as { seq: number; hash: string } | undefined;
    insertAudit.run((last?.seq ?? 0) + 1, now(), userId, '{"role":"IPB"}', last?.hash ?? '0', randomUUID());
    insertOutbox.run(userId, '{"kind":"text","text":"x"}', now(), now());
    markDone.run('[{"kind":"text","text":"ok"}]', now(), inbound.id);
  });
  return (i) => command(i);
}

async function main(): Promise<void> {
  // The bursts alone, e.g. to check a change to the inbound path: BENCH_ONLY=burst npm run bench.
  if (process.env.BENCH_ONLY === 'burst') {
    console.log(await burstReport(workDir, BURST));
    return;
  }
  const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', DATABASE_URL: `file:${join(workDir, 'bot.db')}` });
  const bot = await startBot(config, { logger: createLogger('silent') });

  const raw = rawBaseline();
  for (let i = 0; i < WARMUP; i++) raw(1_000_000 + i);
  const rawSummary = await measure(N, (i) => raw(i));
  const prismaSummary = await benchPrismaWritePath(workDir, N, WARMUP);

  const inProcess = async (prefix: string, i: number) => {
    const event: InboundEvent = {
      type: 'message',
      platform: 'bench',
      messageId: randomUUID(),
      userId: 'admin',
      conversationId: 'city',
      conversationType: 'group',
      text: `/角色 授予 ${prefix}-${i} IPB`,
      mentions: [],
    };
    await bot.app.record(event);
    await bot.app.process(event);
  };
  // Paced: the previous grant's notice delivered first, untimed; back to back: it is delivered meanwhile.
  const delivered = () => bot.dispatcher.drain();
  for (let i = 0; i < WARMUP; i++) await inProcess('warm-core', i);
  const coreSummary = await measure(N, (i) => inProcess('core', i), delivered);
  const coreBackToBack = await measure(N, (i) => inProcess('core-b2b', i));

  const viaHttp = async (prefix: string, i: number) => {
    await postJson(bot.address, '/api/messages', {
      userId: 'admin',
      conversationId: 'city',
      text: `/角色 授予 ${prefix}-${i} IPB`,
      messageId: randomUUID(),
    });
  };
  for (let i = 0; i < WARMUP; i++) await viaHttp('warm-http', i);
  const httpSummary = await measure(N, (i) => viaHttp('http', i), delivered);
  const httpBackToBack = await measure(N, (i) => viaHttp('http-b2b', i));

  await bot.stop();
  const bursts = await burstReport(workDir, BURST);
  const projects = await benchProjects(workDir);
  const postgres = await benchProjectsPostgres(workDir);
  const sweep = await benchReminderSweep();
  const proc = await benchProcess(workDir);
  const memory = await benchMemory(workDir);

  const rows: { name: string; summary: Summary; baseline?: Summary }[] = [
    { name: 'raw better-sqlite3 (same writes, baseline)', summary: rawSummary },
    { name: 'Prisma repositories, same transaction', summary: prismaSummary, baseline: rawSummary },
    { name: 'app core in-process (/角色 授予), paced', summary: coreSummary, baseline: rawSummary },
    { name: 'app core in-process (/角色 授予), back to back', summary: coreBackToBack, baseline: rawSummary },
    { name: 'simulator API round trip (/角色 授予), paced', summary: httpSummary, baseline: rawSummary },
    { name: 'simulator API round trip (/角色 授予), back to back', summary: httpBackToBack, baseline: rawSummary },
  ];
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `npm run bench — ${new Date().toISOString()} — Node ${process.version}, ${cpus().length}× ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
  );
  console.log(`N=${N} sequential commands after ${WARMUP} warm-up; SQLite WAL, synchronous=NORMAL\n`);
  console.log(formatTable(rows));
  console.log(
    "Paced: each command after the previous one's notice was delivered (untimed). Back to back: it is delivered meanwhile.",
  );
  console.log(`\n${bursts}`);
  console.log(`\nWith ${projects.projects.toLocaleString('en')} projects in the database:\n`);
  console.log(
    formatTable([
      { name: 'LIKE scan on investorName (naive, baseline)', summary: projects.conflictLike },
      {
        name: 'conflict check: indexed keys + identity rules',
        summary: projects.conflictIndexed,
        baseline: projects.conflictLike,
      },
    ]),
  );
  console.log(
    '\n/首报 with the same database (baseline: its statements as raw better-sqlite3 prepared statements, bench/projects.ts):\n',
  );
  console.log(
    formatTable([
      { name: 'raw better-sqlite3, /首报 statements (baseline)', summary: projects.reportRaw },
      {
        name: '/首报 in-process (app.record + app.process), paced',
        summary: projects.reportInProcess.paced,
        baseline: projects.reportRaw,
      },
      {
        name: '/首报 in-process, back to back',
        summary: projects.reportInProcess.backToBack,
        baseline: projects.reportRaw,
      },
      {
        name: '/首报 round trip through the simulator API, paced',
        summary: projects.reportRoundTrip.paced,
        baseline: projects.reportRaw,
      },
      {
        name: '/首报 round trip, back to back',
        summary: projects.reportRoundTrip.backToBack,
        baseline: projects.reportRaw,
      },
      { name: 'PostgreSQL: conflict check', summary: postgres.conflictIndexed, baseline: projects.conflictIndexed },
      {
        name: 'PostgreSQL: /首报 in-process, paced',
        summary: postgres.reportInProcess.paced,
        baseline: projects.reportInProcess.paced,
      },
      {
        name: 'PostgreSQL: /首报 round trip, paced',
        summary: postgres.reportRoundTrip.paced,
        baseline: projects.reportRoundTrip.paced,
      },
      {
        name: 'PostgreSQL: /首报 round trip, back to back',
        summary: postgres.reportRoundTrip.backToBack,
        baseline: projects.reportRoundTrip.backToBack,
      },
    ]),
  );
  console.log(
    "Paced: each command after the previous one's notices were delivered (untimed), as at a chat's pace. Back to back: the " +
      'previous notice is delivered (on the simulator, into the same database) while the next command runs.',
  );
  console.log(
    'PostgreSQL rows: the same projects and probes on an embedded PostgreSQL 18 server over loopback (fsync on); baseline = the SQLite row.',
  );
  console.log(
    'Targets: conflict check p99 ≤ 5 ms; /首报 in-process p99 ≤ 3 ms and ≤ 3× raw; simulator round trip p99 ≤ 10 ms. ' +
      'Statement budgets (/首报 ≤ 6 of its own, a query ≤ 2) are enforced by tests/integration/statement-budgets.test.ts, not here.',
  );
  console.log(`\n${sweep}`);
  console.log(
    `\nnpm start (compiled, with the node flags of package.json, simulator): cold start ${proc.coldStartMs.map((ms) => ms.toFixed(0)).join(' / ')} ms (first on a fresh database; target ≤ 2000 ms); ` +
      `idle RSS ${proc.idleRssMiB.toFixed(0)} MiB after 3 s (target ≤ 120 MiB).`,
  );
  console.log(
    `\nnpm start under ${memory.commands.toLocaleString('en')} sequential mixed commands through the simulator API (/首报, /查重, /项目, /帮助; ` +
      `BENCH_MEMORY_COMMANDS): RSS ${memory.checkpoints.map((c) => `${c.rssMiB.toFixed(0)} MiB after ${c.after.toLocaleString('en')}`).join(', ')}; ` +
      `peak ${memory.peakMiB.toFixed(0)} MiB (${memory.seconds.toFixed(0)} s). Targets: idle ≤ 120 MiB, peak ≤ 180 MiB, flat between the last two.`,
  );
  console.log(`\nRSS of this benchmark process after the run: ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
}

try {
  await main();
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
