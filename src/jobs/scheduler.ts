import cron, { type ScheduledTask } from 'node-cron';
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

export class Scheduler {
  private readonly tasks: ScheduledTask[] = [];

  constructor(
    private readonly jobs: readonly Job[],
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly metrics?: Pick<MetricsHooks, 'jobRun'>,
  ) {}

  start(): void {
    for (const job of this.jobs) {
      const task = cron.schedule(job.cron, () => this.runOne(job, this.clock.now()), { timezone: TIMEZONE, name: job.name, noOverlap: true });
      this.tasks.push(task);
    }
  }

  async stop(): Promise<void> {
    for (const task of this.tasks.splice(0)) await task.destroy();
  }

  /** Runs every job for `now`: at start-up (catch-up) and when the simulator clock moves. */
  async runAll(now: Date): Promise<void> {
    for (const job of this.jobs) await this.runOne(job, now);
  }

  /** Each job has its own error boundary: one failing job never stops the others or the bot. */
  private async runOne(job: Job, now: Date): Promise<void> {
    try {
      await job.run(now);
      this.metrics?.jobRun(job.name, 'ok');
    } catch (error) {
      this.metrics?.jobRun(job.name, 'error');
      this.logger.error({ err: error, job: job.name, now }, 'scheduled job failed');
    }
  }
}
