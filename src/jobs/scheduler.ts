import cron, { type ScheduledTask } from 'node-cron';
import type { PrismaClient } from '../db/generated/client.ts';
import { scheduledRunRepository } from '../db/repositories/scheduled-run-repository.ts';
import { inTransaction } from '../db/tx.ts';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import type { MetricsHooks } from '../lib/metrics.ts';

/**
 * A scheduled job. run(now) must be idempotent and catch up: it does whatever is due at `now` and
 * has not been done yet, so a repeated tick, a restart, or a clock jump never doubles anything and
 * never skips what fell due while the bot was down.
 */
export interface Job {
  name: string;
  /** node-cron expression, evaluated in Asia/Shanghai. */
  cron: string;
  run(now: Date): Promise<void>;
}

export const TIMEZONE = 'Asia/Shanghai';

export interface SchedulerOptions {
  jobs: readonly Job[];
  clock: Clock;
  logger: Logger;
  metrics?: Pick<MetricsHooks, 'jobRun'>;
  /** Where due runs are claimed (ScheduledRun), so instances sharing the database run each once. */
  prisma: PrismaClient;
  /** Names this process's claims. */
  instance: string;
  /** How long a claim is held before another instance may take the run over (its holder died). */
  leaseMs: number;
}

/**
 * Runs the jobs on their cron schedule. Each tick is a due time: the instance whose claim inserts the
 * (job, due time) row runs it, the others skip it (DESIGN §9). A claim its holder never finished
 * (killed mid-run) is taken over once the lease has run out; running it again is safe because a job
 * is idempotent.
 */
export class Scheduler {
  private readonly tasks: ScheduledTask[] = [];
  private takeoverTimer: NodeJS.Timeout | undefined;
  private takingOver: Promise<void> = Promise.resolve();

  constructor(private readonly options: SchedulerOptions) {}

  start(): void {
    for (const job of this.options.jobs) {
      const task = cron.schedule(job.cron, () => this.tick(job.name, this.options.clock.now()), {
        timezone: TIMEZONE,
        name: job.name,
        noOverlap: true,
      });
      this.tasks.push(task);
    }
    // Looking every third of the lease, an abandoned run is taken over within 4/3 of it.
    this.takeoverTimer = setInterval(() => {
      this.takingOver = this.takingOver.then(async () => void (await this.takeOver(this.options.clock.now())));
    }, this.options.leaseMs / 3);
    this.takeoverTimer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.takeoverTimer);
    for (const task of this.tasks.splice(0)) await task.destroy();
    await this.takingOver;
  }

  /**
   * Runs every job for `now`, unclaimed: at start-up (catch-up) and when the simulator clock moves.
   * Neither is a due time, and each job does only what has not been done yet.
   */
  async runAll(now: Date): Promise<void> {
    for (const job of this.options.jobs) await this.runOne(job, now);
  }

  /**
   * A cron tick of the named job at `now`: its due time is the minute (the finest cron step), which
   * every instance's tick for that moment shares. True when this instance claimed and ran it.
   */
  async tick(name: string, now: Date): Promise<boolean> {
    const dueAt = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
    return this.claimAndRun(this.job(name), dueAt, now);
  }

  /** Runs the due times other instances claimed and left unfinished past their lease. Returns how many. */
  async takeOver(now: Date): Promise<number> {
    const names = this.options.jobs.map((job) => job.name);
    let abandoned: { job: string; dueAt: Date }[];
    try {
      abandoned = await inTransaction(this.options.prisma, (tx) => scheduledRunRepository.abandoned(tx, names, now));
    } catch (error) {
      this.options.logger.error({ err: error }, 'looking for abandoned scheduled runs failed');
      return 0;
    }
    let taken = 0;
    for (const run of abandoned) {
      if (await this.claimAndRun(this.job(run.job), run.dueAt, now)) {
        taken += 1;
        this.options.logger.warn(
          { job: run.job, dueAt: run.dueAt },
          'took over a scheduled run another instance left unfinished',
        );
      }
    }
    return taken;
  }

  private job(name: string): Job {
    const job = this.options.jobs.find((candidate) => candidate.name === name);
    if (job === undefined) throw new Error(`no scheduled job named ${name}`);
    return job;
  }

  private async claimAndRun(job: Job, dueAt: Date, now: Date): Promise<boolean> {
    const { prisma, instance, leaseMs, logger } = this.options;
    const run = { job: job.name, dueAt, instance };
    try {
      const claimed = await inTransaction(prisma, (tx) =>
        scheduledRunRepository.claim(tx, { ...run, now, leaseUntil: new Date(now.getTime() + leaseMs) }),
      );
      if (!claimed) return false;
    } catch (error) {
      logger.error({ err: error, job: job.name, dueAt }, 'claiming a scheduled run failed');
      return false;
    }
    await this.runOne(job, now);
    try {
      await inTransaction(prisma, (tx) => scheduledRunRepository.finish(tx, run, this.options.clock.now()));
    } catch (error) {
      // Left claimed, the run is taken over once the lease runs out: the job is idempotent.
      logger.error({ err: error, job: job.name, dueAt }, 'marking a scheduled run finished failed');
    }
    return true;
  }

  /** Each job has its own error boundary: one failing job never stops the others or the bot. */
  private async runOne(job: Job, now: Date): Promise<void> {
    try {
      await job.run(now);
      this.options.metrics?.jobRun(job.name, 'ok');
    } catch (error) {
      this.options.metrics?.jobRun(job.name, 'error');
      this.options.logger.error({ err: error, job: job.name, now }, 'scheduled job failed');
    }
  }
}
