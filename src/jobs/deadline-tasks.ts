import type { PrismaClient } from '../db/generated/client.ts';
import { inTransaction } from '../db/tx.ts';
import { syncDeadlineTasks } from '../services/deadline-tasks.ts';
import type { Job } from './scheduler.ts';

/**
 * Keeps deadline to-dos in step with their records, on platforms that have to-dos. It also runs after
 * every processed command (bot.ts), so a vote or a completion closes its 待办 at once; the minute tick
 * covers changes made by jobs (an expiry, a new matrix cycle) and catches up after downtime.
 */
export function deadlineTasksJob(prisma: PrismaClient): Job {
  return {
    name: 'deadline-tasks',
    cron: '* * * * *',
    async run(now) {
      await inTransaction(prisma, (tx) => syncDeadlineTasks({ tx, now, actorId: 'system' }));
    },
  };
}
