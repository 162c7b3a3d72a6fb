import { describe, expect, it } from 'vitest';
import { Scheduler, type Job } from '../../../src/jobs/scheduler.ts';
import { FixedClock } from '../../../src/lib/clock.ts';
import { createLogger } from '../../../src/lib/logger.ts';

describe('Scheduler', () => {
  it('runs every job despite a failing one, and reports each run with its result', async () => {
    const ran: string[] = [];
    const job = (name: string, fail = false): Job => ({
      name,
      cron: '0 2 * * *',
      async run() {
        ran.push(name);
        if (fail) throw new Error(`${name} broke`);
      },
    });
    const runs: string[] = [];
    const scheduler = new Scheduler([job('first'), job('broken', true), job('last')], new FixedClock(new Date('2026-11-26T01:00:00Z')), createLogger('silent'), {
      jobRun: (name, result) => void runs.push(`${name}:${result}`),
    });
    await scheduler.runAll(new Date('2026-11-26T01:00:00Z'));
    expect(ran).toEqual(['first', 'broken', 'last']);
    expect(runs).toEqual(['first:ok', 'broken:error', 'last:ok']);
  });
});
