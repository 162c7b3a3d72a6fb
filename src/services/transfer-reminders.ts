import { transferRepository } from '../db/repositories/transfer-repository.ts';
import { dueReviewReminder, reviewReminderKey } from '../domain/transfers/reminders.ts';
import { reviewReminderDaysOf } from '../domain/regulation/rules.ts';
import { pendingSeats, REVIEW_SEATS } from '../domain/transfers/voting.ts';
import { loadWorkingDayCalendar } from './matrix-calendar.ts';
import { notify } from './notify.ts';
import { loadRules } from './rules.ts';
import { names, seatName, seatUnitId } from './transfers.ts';
import { reviewReminderCard } from '../messages/transfers.ts';
import type { UseCase } from './use-case.ts';

/**
 * Reminds every seat that has not voted in a case's current round, after the working days of rule
 * R5 (default 5 and 10) since the round started (DESIGN §5.3). Each notice is keyed by case, round, reminder and seat, so running
 * this again — a second tick, a restart, a clock jump — sends nothing twice; after downtime only the
 * latest reminder due is sent (src/domain/transfers/reminders.ts).
 */
export async function sendTransferReminders(uc: UseCase): Promise<void> {
  const cases = await transferRepository.listByStatus(uc.tx, 'REVIEWING');
  if (cases.length === 0) return;
  const calendar = await loadWorkingDayCalendar(uc.tx);
  const n = await names(uc.tx);
  const reminderDays = reviewReminderDaysOf((await loadRules(uc.tx)).values);
  for (const transfer of cases) {
    const slot = dueReviewReminder(calendar, transfer.roundStartedAt, uc.now, reminderDays);
    if (slot === null) continue;
    const votes = await transferRepository.votesOf(uc.tx, transfer.id, transfer.round);
    const voted = REVIEW_SEATS.filter((seat) => votes.some((v) => v.seat === seat)).map((seat) =>
      seatName(seat, transfer, n),
    );
    for (const seat of pendingSeats(votes)) {
      const card = reviewReminderCard({
        code: transfer.code,
        enterprise: transfer.enterpriseName,
        from: n.unit(transfer.fromUnitId),
        to: n.unit(transfer.toUnitId),
        days: slot.days,
        submittedAt: transfer.roundStartedAt,
        seat: seatName(seat, transfer, n),
        voted,
      });
      await notify(uc, { unitId: seatUnitId(seat, transfer) }, card, {
        dedupeKey: reviewReminderKey(transfer.code, transfer.round, slot.days, seat),
      });
    }
  }
}
