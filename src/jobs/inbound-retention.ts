import type { PrismaClient } from '../db/generated/client.ts';
import { purgeProcessedInbound } from '../services/inbound-retention.ts';
import type { Job } from './scheduler.ts';

/** Daily at 04:15: processed inbound records past the platforms' redelivery window go. */
export function inboundRetentionJob(prisma: PrismaClient): Job {
  return {
    name: 'inbound-retention',
    cron: '15 4 * * *',
    async run(now) {
      await purgeProcessedInbound(prisma, now);
    },
  };
}
