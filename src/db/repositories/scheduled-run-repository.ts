import type { Tx } from '../tx.ts';

/** How long a finished run's row is kept: long enough to read back what ran, short enough to stay small. */
const KEEP_FINISHED_MS = 7 * 24 * 60 * 60 * 1000;

export interface RunClaim {
  job: string;
  dueAt: Date;
  instance: string;
  now: Date;
  leaseUntil: Date;
}

/** Scheduled runs (ScheduledRun), one row per job and due time, claimed by the instance that runs it. */
export const scheduledRunRepository = {
  /**
   * Claims the run of `job` due at `dueAt`: true when this instance inserted its row, or took over a
   * claim whose holder did not finish it before its lease ran out. Called in a serialised transaction,
   * so of instances racing for one due time exactly one inserts.
   */
  async claim(tx: Tx, claim: RunClaim): Promise<boolean> {
    const where = { job_dueAt: { job: claim.job, dueAt: claim.dueAt } };
    const existing = await tx.scheduledRun.findUnique({ where, select: { finishedAt: true, claimedUntil: true } });
    if (existing === null) {
      await tx.scheduledRun.create({
        data: { job: claim.job, dueAt: claim.dueAt, claimedBy: claim.instance, claimedUntil: claim.leaseUntil },
      });
      return true;
    }
    if (existing.finishedAt !== null || existing.claimedUntil > claim.now) return false;
    await tx.scheduledRun.update({ where, data: { claimedBy: claim.instance, claimedUntil: claim.leaseUntil } });
    return true;
  },

  /** Runs of the given jobs claimed but not finished before their lease ran out, oldest first. */
  async abandoned(tx: Tx, jobs: readonly string[], now: Date): Promise<{ job: string; dueAt: Date }[]> {
    return tx.scheduledRun.findMany({
      where: { job: { in: [...jobs] }, finishedAt: null, claimedUntil: { lte: now } },
      select: { job: true, dueAt: true },
      orderBy: { dueAt: 'asc' },
    });
  },

  /** Marks the holder's run finished (also when it failed: the next due time catches up) and prunes old rows. */
  async finish(tx: Tx, run: { job: string; dueAt: Date; instance: string }, now: Date): Promise<void> {
    await tx.scheduledRun.updateMany({
      where: { job: run.job, dueAt: run.dueAt, claimedBy: run.instance },
      data: { finishedAt: now },
    });
    await tx.scheduledRun.deleteMany({
      where: { job: run.job, finishedAt: { not: null }, dueAt: { lt: new Date(now.getTime() - KEEP_FINISHED_MS) } },
    });
  },
};
