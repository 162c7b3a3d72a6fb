import type { PrismaClient } from '../db/generated/client.ts';
import { inTransaction } from '../db/tx.ts';
import { BRIEFING_HOUR, sendMonthlyBriefing } from '../services/documents/briefing.ts';
import type { Job } from './scheduler.ts';

/** Daily at 09:00 (and at start-up): on the first working day of a month, last month's 简报 to the leaders' group. */
export function monthlyBriefingJob(prisma: PrismaClient, filesDir: string): Job {
  return {
    name: 'monthly-briefing',
    cron: `0 ${BRIEFING_HOUR} * * *`,
    async run(now) {
      await inTransaction(prisma, (tx) => sendMonthlyBriefing({ tx, now, actorId: 'system' }, filesDir));
    },
  };
}
