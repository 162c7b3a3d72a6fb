/**
 * The scheduler on each database: a cron due time is run by the one instance whose claim inserts
 * its ScheduledRun row, and a claim its holder never finished is taken over once the lease runs out.
 * On SQLite the two "instances" share the one client a file allows; on PostgreSQL each has its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type BotDatabase } from '../../src/db/client.ts';
import { scheduledRunRepository } from '../../src/db/repositories/scheduled-run-repository.ts';
import { inTransaction } from '../../src/db/tx.ts';
import { Scheduler, type Job } from '../../src/jobs/scheduler.ts';
import { FixedClock } from '../../src/lib/clock.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { tempDir } from '../helpers/test-bot.ts';
import { onPostgres, testDatabaseUrl } from '../helpers/test-database.ts';

const T0 = new Date('2026-11-26T02:00:00.000Z');
const LEASE_MS = 60_000;
const dir = tempDir();
let a: BotDatabase;
let b: BotDatabase;

beforeAll(async () => {
  const url = await testDatabaseUrl(`${dir.path}/scheduler.db`);
  a = await openDatabase(url);
  b = onPostgres ? await openDatabase(url) : a;
});

afterAll(async () => {
  if (b !== a) await b?.close();
  await a?.close();
  dir.remove();
});

/** A job that records which instance ran it, slowly enough for two instances' ticks to overlap. */
function recordingJob(name: string, log: string[], instance: string, fail = false): Job {
  return {
    name,
    cron: '0 2 * * *',
    async run() {
      log.push(instance);
      await new Promise((resolve) => setTimeout(resolve, 10));
      if (fail) throw new Error(`${name} broke`);
    },
  };
}

function scheduler(
  db: BotDatabase,
  instance: string,
  jobs: Job[],
  clock = new FixedClock(T0),
  jobRun?: (name: string, result: string) => void,
) {
  return new Scheduler({
    jobs,
    clock,
    logger: createLogger('silent'),
    metrics: jobRun && { jobRun },
    prisma: db.prisma,
    instance,
    leaseMs: LEASE_MS,
  });
}

const runsOf = (job: string) =>
  inTransaction(a.prisma, (tx) =>
    tx.scheduledRun.findMany({
      where: { job },
      select: { dueAt: true, claimedBy: true, finishedAt: true },
      orderBy: { dueAt: 'asc' },
    }),
  );

describe('Scheduler', () => {
  it('runs every job despite a failing one at start-up, and reports each run with its result', async () => {
    const ran: string[] = [];
    const runs: string[] = [];
    const jobs = [
      recordingJob('first', ran, 'first'),
      recordingJob('broken', ran, 'broken', true),
      recordingJob('last', ran, 'last'),
    ];
    await scheduler(
      a,
      'single',
      jobs,
      new FixedClock(T0),
      (name, result) => void runs.push(`${name}:${result}`),
    ).runAll(T0);
    expect(ran).toEqual(['first', 'broken', 'last']);
    expect(runs).toEqual(['first:ok', 'broken:error', 'last:ok']);
  });

  it('runs a due time once when two instances tick for it together, and each due time once', async () => {
    const log: string[] = [];
    const one = scheduler(a, 'one', [recordingJob('race', log, 'one')]);
    const two = scheduler(b, 'two', [recordingJob('race', log, 'two')]);
    const dueTimes = Array.from({ length: 5 }, (_, i) => new Date(T0.getTime() + i * 10 * 60_000));
    for (const due of dueTimes) {
      // The ticks of one due time arrive a few milliseconds apart on different instances.
      const won = await Promise.all([
        one.tick('race', new Date(due.getTime() + 3)),
        two.tick('race', new Date(due.getTime() + 41)),
      ]);
      expect(won.filter(Boolean)).toHaveLength(1);
    }
    expect(log).toHaveLength(5);
    const rows = await runsOf('race');
    expect(rows.map((row) => row.dueAt)).toEqual(dueTimes);
    expect(rows.every((row) => row.finishedAt !== null)).toBe(true);
    // A late repeat of a due time that ran does nothing.
    expect(await two.tick('race', new Date(T0.getTime() + 59_000))).toBe(false);
    expect(log).toHaveLength(5);
  });

  it('takes over a run whose instance died holding the claim once the lease has run out, and runs it once', async () => {
    const dueAt = new Date(T0.getTime() + 24 * 60 * 60_000);
    // Instance "dead" claimed the run and was killed before finishing it.
    expect(
      await inTransaction(a.prisma, (tx) =>
        scheduledRunRepository.claim(tx, {
          job: 'orphan',
          dueAt,
          instance: 'dead',
          now: dueAt,
          leaseUntil: new Date(dueAt.getTime() + LEASE_MS),
        }),
      ),
    ).toBe(true);
    const log: string[] = [];
    const survivor = scheduler(b, 'survivor', [recordingJob('orphan', log, 'survivor')]);
    // Its own tick for that due time finds the claim held.
    expect(await survivor.tick('orphan', new Date(dueAt.getTime() + 2))).toBe(false);
    expect(await survivor.takeOver(new Date(dueAt.getTime() + LEASE_MS - 1))).toBe(0);
    expect(log).toEqual([]);
    expect(await survivor.takeOver(new Date(dueAt.getTime() + LEASE_MS))).toBe(1);
    expect(await survivor.takeOver(new Date(dueAt.getTime() + 2 * LEASE_MS))).toBe(0);
    expect(log).toEqual(['survivor']);
    expect(await runsOf('orphan')).toEqual([{ dueAt, claimedBy: 'survivor', finishedAt: new Date(T0.getTime()) }]);
  });

  it('two survivors taking over the same abandoned run together run it once', async () => {
    const dueAt = new Date(T0.getTime() + 48 * 60 * 60_000);
    await inTransaction(a.prisma, (tx) =>
      scheduledRunRepository.claim(tx, {
        job: 'orphan2',
        dueAt,
        instance: 'dead',
        now: dueAt,
        leaseUntil: new Date(dueAt.getTime() + LEASE_MS),
      }),
    );
    const log: string[] = [];
    const later = new Date(dueAt.getTime() + LEASE_MS);
    const taken = await Promise.all([
      scheduler(a, 'one', [recordingJob('orphan2', log, 'one')]).takeOver(later),
      scheduler(b, 'two', [recordingJob('orphan2', log, 'two')]).takeOver(later),
    ]);
    expect(taken.sort()).toEqual([0, 1]);
    expect(log).toHaveLength(1);
  });

  it('forgets finished runs a week old when a later run of the job finishes', async () => {
    const log: string[] = [];
    const clock = new FixedClock(T0);
    const one = scheduler(a, 'one', [recordingJob('prune', log, 'one')], clock);
    const week = 7 * 24 * 60 * 60_000;
    for (const at of [T0, new Date(T0.getTime() + week - 60_000), new Date(T0.getTime() + week + 60_000)]) {
      clock.set(at);
      expect(await one.tick('prune', at)).toBe(true);
    }
    expect((await runsOf('prune')).map((row) => row.dueAt)).toEqual([
      new Date(T0.getTime() + week - 60_000),
      new Date(T0.getTime() + week + 60_000),
    ]);
  });

  it('finishes a due time whose job failed: it is reported, not retried before the next due time', async () => {
    const log: string[] = [];
    const runs: string[] = [];
    const clock = new FixedClock(T0);
    const failing = scheduler(
      a,
      'one',
      [recordingJob('fails', log, 'one', true)],
      clock,
      (name, result) => void runs.push(`${name}:${result}`),
    );
    expect(await failing.tick('fails', T0)).toBe(true);
    expect(await failing.takeOver(new Date(T0.getTime() + 10 * LEASE_MS))).toBe(0);
    expect(log).toEqual(['one']);
    expect(runs).toEqual(['fails:error']);
    expect((await runsOf('fails'))[0]?.finishedAt).toEqual(T0);
  });
});
