import type { PrismaClient } from '../db/generated/client.ts';
import { inTransaction } from '../db/tx.ts';
import { REMINDER_HOUR } from '../domain/matrix/reminders.ts';
import { sendTransferReminders } from '../services/transfer-reminders.ts';
import type { Job } from './scheduler.ts';

/**
 * Reminders to transfer reviewers who have not voted, at 09:00 like the matrix reminders. The
 * outbox key of each notice makes a run exactly-once, and a run at start-up or after a clock jump
 * catches up whatever fell due meanwhile.
 */
export function transferRemindersJob(prisma: PrismaClient): Job {
  return {
    name: 'transfer-reminders',
    cron: `0 ${REMINDER_HOUR} * * *`,
    async run(now) {
      await inTransaction(prisma, (tx) => sendTransferReminders({ tx, now, actorId: 'system' }));
    },
  };
}
