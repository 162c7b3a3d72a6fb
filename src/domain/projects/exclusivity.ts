import { addDays, daysBetween, shanghaiDate, shanghaiMoment, type IsoDate } from '../matrix/dates.ts';

/*
 * A first-negotiation period ends on a date (DESIGN §4.3: "首谈期至 2027年6月4日"), and runs to the end of
 * that day in Asia/Shanghai. `exclusiveUntil` stores the first instant after the period — 00:00 Shanghai
 * of the following day — so the expiry job (`exclusiveUntil <= now`) and the date shown always agree.
 */

/** The last day of a period ending at `until`: the day shown as "首谈期至 …". */
export function periodLastDay(until: Date): IsoDate {
  return shanghaiDate(new Date(until.getTime() - 1));
}

/** The end of a period whose last day is `lastDay`: 00:00 Shanghai of the next day. */
export function periodEnd(lastDay: IsoDate): Date {
  return shanghaiMoment(addDays(lastDay, 1), 0);
}

/**
 * A period of `days` days granted at `now`: it ends on the day `days` days after today (granted
 * 2026-12-06 for 180 days → 至 2027-06-04). The policy sets no length; R1 (EXCLUSIVITY_DAYS) is a default.
 */
export function exclusiveUntil(now: Date, days: number): Date {
  return periodEnd(addDays(shanghaiDate(now), days));
}

/** A renewal by `days` days: from the current last day while the period runs, else from today. */
export function renewedUntil(current: Date | null, now: Date, days: number): Date {
  const from = current !== null && current.getTime() > now.getTime() ? periodLastDay(current) : shanghaiDate(now);
  return periodEnd(addDays(from, days));
}

/** When rule R2's reminder `days` days before the end is due: 09:00 Shanghai, `days` days before the last day. */
export function expiryReminderAt(until: Date, days: number): Date {
  return shanghaiMoment(addDays(periodLastDay(until), -days), 9);
}

/**
 * The reminder due at `now`, if any, for rule R2's lead times (default 14 and 3 days). Only the
 * latest applicable one is due: after downtime the holder hears "3 days left", not a stale "14
 * days left" followed by it.
 */
export function dueExpiryReminder(until: Date, now: Date, reminderDays: readonly number[]): number | null {
  if (until.getTime() <= now.getTime()) return null;
  return (
    [...reminderDays].sort((a, b) => a - b).find((days) => now.getTime() >= expiryReminderAt(until, days).getTime()) ??
    null
  );
}

/** Whole days from today (Shanghai) to the last day, for "还剩 n 天": 0 on the last day itself. */
export function daysLeft(until: Date, now: Date): number {
  return daysBetween(shanghaiDate(now), periodLastDay(until));
}

export const MAX_EXCLUSIVITY_DAYS = 3650;
