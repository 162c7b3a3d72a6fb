/**
 * Reminders to transfer reviewers who have not voted (DESIGN §5.3): after the working days of rule
 * R5 (default 5 and 10) of a review round, at 09:00 Shanghai like the matrix reminders, on the same working-day
 * calendar (holidays and 调休 make-up days).
 *
 * Counting: the day the round starts (application or resubmission) is day 0; the n-th working
 * day after it is when "n working days have passed", and the reminder goes out at 09:00 that day.
 *
 * Catch-up, as for the matrix: only the LATEST reminder whose moment has passed is planned. A job
 * that runs every day sends each on its day; after downtime a single notice with the real count
 * goes out instead of a stale 5-day one followed by a 10-day one.
 */

import { addDays, shanghaiDate, shanghaiMoment, type IsoDate } from '../matrix/dates.ts';
import { REMINDER_HOUR } from '../matrix/reminders.ts';
import type { WorkingDayCalendar } from '../matrix/working-days.ts';

/**
 * How far to look for working days. The longest real run of days off is under ten; the bound only
 * keeps a mistaken import that marks months as 休 from looping forever.
 */
const MAX_SEARCH_DAYS = 400;

/** The n-th working day strictly after `day` (n ≥ 1), or null when the calendar has none nearby. */
export function nthWorkingDayAfter(calendar: WorkingDayCalendar, day: IsoDate, n: number): IsoDate | null {
  let found = 0;
  for (let offset = 1; offset <= MAX_SEARCH_DAYS; offset++) {
    const candidate = addDays(day, offset);
    if (!calendar.isWorkingDay(candidate)) continue;
    found += 1;
    if (found === n) return candidate;
  }
  return null;
}

export interface ReviewReminderSlot {
  days: number;
  day: IsoDate;
  at: Date;
}

/** The reminder moments of a round that started at `startedAt`, for R5's working days in ascending order. */
export function reviewReminderSlots(
  calendar: WorkingDayCalendar,
  startedAt: Date,
  reminderDays: readonly number[],
): ReviewReminderSlot[] {
  const start = shanghaiDate(startedAt);
  const slots: ReviewReminderSlot[] = [];
  for (const days of reminderDays) {
    const day = nthWorkingDayAfter(calendar, start, days);
    if (day !== null) slots.push({ days, day, at: shanghaiMoment(day, REMINDER_HOUR) });
  }
  return slots;
}

/** The one reminder due at `now` under the catch-up rule, or null before the first moment. */
export function dueReviewReminder(
  calendar: WorkingDayCalendar,
  startedAt: Date,
  now: Date,
  reminderDays: readonly number[],
): ReviewReminderSlot | null {
  let latest: ReviewReminderSlot | null = null;
  for (const slot of reviewReminderSlots(calendar, startedAt, reminderDays)) {
    if (slot.at.getTime() <= now.getTime()) latest = slot;
  }
  return latest;
}

/** Unique per (case, round, reminder, seat): the outbox sends each key once. */
export function reviewReminderKey(code: string, round: number, days: number, seat: string): string {
  return `transfer-reminder:${code}:r${round}:wd${days}:${seat}`;
}
