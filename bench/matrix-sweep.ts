import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { openDatabase } from '../src/db/client.ts';
import { inTransaction, sqlTime } from '../src/db/tx.ts';
import { matrixRemindersJob } from '../src/jobs/matrix-reminders.ts';
import { planMatrixReminders, seedMatrixItems, syncMatrixCycles } from '../src/services/matrix-reminders.ts';
import { summarise } from './stats.ts';

const PROJECTS = Number(process.env.BENCH_PROJECTS ?? 100_000);
const RUNS = 30;
const WARMUP = 5;
const TARGET_MS = 200;
const DAY_MS = 86_400_000;

/** 100k plausible project rows, written raw: the sweep must not slow down as the project table grows. */
function insertProjects(path: string, count: number): void {
  const raw = new Database(path);
  try {
    const insert =
      raw.prepare(`INSERT INTO "Project" ("code", "name", "investorName", "investorKey", "chain", "amountWan", "intent", "unitId", "reporterId",
      "status", "reportedAt", "reportGuideVersionId", "conforms", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, '签订意向书', ?, 'bench', ?, ?, 1, 1, ?)`);
    const units = ['binjiang', 'xiaoshan', 'yuhang', 'xihu', 'qiantang'];
    const statuses = ['PENDING', 'EXCLUSIVE', 'SIGNED', 'LANDED', 'EXPIRED'];
    const at = sqlTime(new Date('2026-01-01T00:00:00Z'));
    raw.transaction(() => {
      for (let i = 0; i < count; i++) {
        insert.run(
          `ZS-BENCH-${i}`,
          `项目${i}`,
          `杭州测试${i}科技有限公司`,
          `测试${i}科技`,
          '集成电路',
          1000 + (i % 5000),
          units[i % units.length],
          statuses[i % statuses.length],
          at,
          at,
        );
      }
    })();
  } finally {
    raw.close();
  }
}

/**
 * The reminder planning sweep over ten years of matrix cycles with 100k projects in the database.
 * Deployed on the policy's first day and never completed, every cycle of the ten years is open and
 * overdue: the worst case for the planner, which plans a weekly repeat for each of them.
 */
export async function benchReminderSweep(): Promise<string> {
  const workDir = mkdtempSync(join(tmpdir(), 'yipanqi-matrix-bench-'));
  const path = join(workDir, 'matrix.db');
  const db = await openDatabase(path);
  try {
    insertProjects(path, PROJECTS);
    await inTransaction(db.prisma, (tx) =>
      seedMatrixItems({ tx, now: new Date('2019-06-06T01:00:00Z'), actorId: 'bench' }),
    );
    const start = Date.parse('2029-06-04T01:00:00Z');
    await inTransaction(db.prisma, (tx) => syncMatrixCycles({ tx, now: new Date(start), actorId: 'bench' }));
    const cycles = await db.prisma.matrixCycle.count();

    const plan = async (i: number) => {
      const t0 = performance.now();
      const sweep = await inTransaction(db.prisma, (tx) => planMatrixReminders(tx, new Date(start + i * DAY_MS)));
      return { ms: performance.now() - t0, reminders: sweep.reminders.length };
    };
    for (let i = 0; i < WARMUP; i++) await plan(i);
    const sweeps = [];
    for (let i = 0; i < RUNS; i++) sweeps.push(await plan(i));
    const planned = summarise(
      sweeps.map((s) => s.ms),
      1,
    );
    const maxPlan = Math.max(...sweeps.map((s) => s.ms));

    // The whole daily run as the scheduler makes it, queueing the notices too, on successive days.
    const job = matrixRemindersJob(db.prisma);
    const runs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await job.run(new Date(start + i * DAY_MS));
      runs.push(performance.now() - t0);
    }
    const daily = summarise(runs, 1);

    return (
      `Matrix reminder sweep: ${cycles} cycles over ten years (2019–2029, all open and overdue: the worst case), ${PROJECTS} projects in the database; ` +
      `planning sweep p50 ${planned.p50.toFixed(1)} ms, max ${maxPlan.toFixed(1)} ms over ${RUNS} days, ${Math.max(...sweeps.map((s) => s.reminders))} reminders planned per day (target ≤ ${TARGET_MS} ms: ${maxPlan <= TARGET_MS ? 'met' : 'MISSED'}); ` +
      `whole daily job including queueing the notices p50 ${daily.p50.toFixed(1)} ms, max ${Math.max(...runs).toFixed(1)} ms.`
    );
  } finally {
    await db.close();
    rmSync(workDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(await benchReminderSweep());
