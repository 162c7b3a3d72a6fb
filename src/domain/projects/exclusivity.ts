const DAY_MS = 24 * 60 * 60 * 1000;

/** The policy sets no length for the first-negotiation period; EXCLUSIVITY_DAYS is a product default. */
export function exclusiveUntil(from: Date, days: number): Date {
  return new Date(from.getTime() + days * DAY_MS);
}

/**
 * The reminder due at `now`, if any, for rule R2's lead times (default 14 and 3 days). Only the
 * latest applicable one is due: after downtime the holder hears "3 days left", not a stale "14
 * days left" followed by it.
 */
export function dueExpiryReminder(until: Date, now: Date, reminderDays: readonly number[]): number | null {
  const left = until.getTime() - now.getTime();
  if (left <= 0) return null;
  return [...reminderDays].sort((a, b) => a - b).find((days) => left <= days * DAY_MS) ?? null;
}

/** Whole days left, rounded up, for "还剩 n 天". */
export function daysLeft(until: Date, now: Date): number {
  return Math.ceil((until.getTime() - now.getTime()) / DAY_MS);
}

export const MAX_EXCLUSIVITY_DAYS = 3650;
