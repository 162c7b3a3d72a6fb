import type { PrismaClient } from '../db/generated/client.ts';
import { runExclusivityDue } from '../services/exclusivity-expiry.ts';
import type { Job } from './scheduler.ts';

/** Every ten minutes: an expired first-negotiation right must reopen the investor promptly. */
export function exclusivityJob(prisma: PrismaClient): Job {
  return {
    name: 'exclusivity',
    cron: '*/10 * * * *',
    async run(now) {
      await runExclusivityDue(prisma, now);
    },
  };
}
