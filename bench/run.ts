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
import { formatTable, measure, type Summary } from './stats.ts';

const N = Number(process.env.BENCH_N ?? 1000);
const WARMUP = 100;
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
  const insertInbound = db.prepare(`INSERT INTO "InboundMessage" (platform, messageId, userId, conversationId, payload, status, receivedAt) VALUES ('raw', ?, 'admin', 'city', ?, 'RECEIVED', ?) ON CONFLICT DO NOTHING`);
  const findInbound = db.prepare(`SELECT id, status FROM "InboundMessage" WHERE platform = 'raw' AND messageId = ?`);
  const insertUser = db.prepare(`INSERT INTO "User" (id, name, createdAt) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`);
  const insertRole = db.prepare(`INSERT INTO "RoleGrant" (userId, role, scope, grantedBy, grantedAt) VALUES (?, 'IPB', '', 'admin', ?)`);
  const lastAudit = db.prepare(`SELECT seq, hash FROM "AuditEvent" ORDER BY seq DESC LIMIT 1`);
  const insertAudit = db.prepare(`INSERT INTO "AuditEvent" (seq, at, actorId, action, recordType, recordId, before, after, prevHash, hash) VALUES (?, ?, 'admin', 'role.grant', 'User', ?, NULL, ?, ?, ?)`);
  const insertOutbox = db.prepare(`INSERT INTO "OutboxMessage" (kind, toUserId, message, status, attempts, nextAttemptAt, createdAt) VALUES ('NOTICE', ?, ?, 'PENDING', 0, ?, ?)`);
  const markDone = db.prepare(`UPDATE "InboundMessage" SET status = 'DONE', replies = ?, processedAt = ? WHERE id = ?`);
  const command = db.transaction((i: number) => {
    const messageId = randomUUID();
    const userId = `raw-${i}`;
    insertInbound.run(messageId, '{}', now());
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
  const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', DATABASE_URL: `file:${join(workDir, 'bot.db')}` });
  const bot = await startBot(config, { logger: createLogger('silent') });

  const raw = rawBaseline();
  for (let i = 0; i < WARMUP; i++) raw(1_000_000 + i);
  const rawSummary = await measure(N, (i) => raw(i));

  const inProcess = async (prefix: string, i: number) => {
    const event: InboundEvent = { type: 'message', platform: 'bench', messageId: randomUUID(), userId: 'admin', conversationId: 'city', conversationType: 'group', text: `/角色 授予 ${prefix}-${i} IPB`, mentions: [] };
    await bot.app.record(event);
    await bot.app.process(event);
  };
  for (let i = 0; i < WARMUP; i++) await inProcess('warm-core', i);
  const coreSummary = await measure(N, (i) => inProcess('core', i));

  const viaHttp = async (prefix: string, i: number) => {
    const response = await fetch(`${bot.address}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'admin', conversationId: 'city', text: `/角色 授予 ${prefix}-${i} IPB`, messageId: randomUUID() }),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    await response.json();
  };
  for (let i = 0; i < WARMUP; i++) await viaHttp('warm-http', i);
  const httpSummary = await measure(N, (i) => viaHttp('http', i));

  const rows: { name: string; summary: Summary; baseline?: Summary }[] = [
    { name: 'raw better-sqlite3 (same writes, baseline)', summary: rawSummary },
    { name: 'app core in-process (/角色 授予)', summary: coreSummary, baseline: rawSummary },
    { name: 'simulator API round trip (/角色 授予)', summary: httpSummary, baseline: rawSummary },
  ];
  await bot.stop();
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`npm run bench — ${new Date().toISOString()} — Node ${process.version}, ${cpus().length}× ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`);
  console.log(`N=${N} sequential commands after ${WARMUP} warm-up; SQLite WAL, synchronous=NORMAL\n`);
  console.log(formatTable(rows));
  console.log(`\nRSS after run: ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
}

try {
  await main();
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
