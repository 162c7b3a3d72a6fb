import type { PrismaClient } from '../db/generated/client.ts';
import { jobRunRepository } from '../db/repositories/job-run-repository.ts';
import { inTransaction } from '../db/tx.ts';
import { shanghaiDate, shanghaiMoment } from '../domain/matrix/dates.ts';
import { REMINDER_HOUR } from '../domain/matrix/reminders.ts';
import { sendMatrixReminders, syncMatrixCycles } from '../services/matrix-reminders.ts';
import type { Job } from './scheduler.ts';

/**
 * The responsibility matrix's reminders, overdue repeats and weekly digest (DESIGN §7). One daily
 * tick at 09:00 covers the digest too: its day moves when Monday is a holiday, so it has to be
 * looked for every day anyway.
 *
 * Every notice has its own key in the outbox, which is what makes the run exactly-once. The day's
 * JobRun key only saves work: once today's 09:00 run has committed, later ticks that day (the
 * simulator's clock, a restart) have nothing new to find, since every reminder is due at 09:00.
 * Before 09:00 the run is not claimed, so a start at 08:00 still catches up yesterday and the
 * 09:00 tick still runs.
 */
export function matrixRemindersJob(prisma: PrismaClient): Job {
  return {
    name: 'matrix-reminders',
    cron: `0 ${REMINDER_HOUR} * * *`,
    async run(now) {
      const today = shanghaiDate(now);
      const claimable = now.getTime() >= shanghaiMoment(today, REMINDER_HOUR).getTime();
      await inTransaction(prisma, async (tx) => {
        if (claimable && !(await jobRunRepository.claim(tx, `matrix-reminders:${today}`, now))) return;
        const uc = { tx, now, actorId: 'system' };
        await syncMatrixCycles(uc);
        await sendMatrixReminders(uc);
      });
    },
  };
}
