const DAY_MS = 24 * 60 * 60 * 1000;

/** The policy sets no length for the first-negotiation period; EXCLUSIVITY_DAYS is a product default. */
export function exclusiveUntil(from: Date, days: number): Date {
  return new Date(from.getTime() + days * DAY_MS);
}

/** Reminders to the holder before expiry (DESIGN §4.3), latest first. */
export const EXPIRY_REMINDER_DAYS = [3, 14] as const;
export type ExpiryReminder = (typeof EXPIRY_REMINDER_DAYS)[number];

/**
 * The reminder due at `now`, if any. Only the latest applicable one is due: after downtime the
 * holder hears "3 days left", not a stale "14 days left" followed by it.
 */
export function dueExpiryReminder(until: Date, now: Date): ExpiryReminder | null {
  const left = until.getTime() - now.getTime();
  if (left <= 0) return null;
  return EXPIRY_REMINDER_DAYS.find((days) => left <= days * DAY_MS) ?? null;
}

/** Whole days left, rounded up, for "还剩 n 天". */
export function daysLeft(until: Date, now: Date): number {
  return Math.ceil((until.getTime() - now.getTime()) / DAY_MS);
}

export const MAX_EXCLUSIVITY_DAYS = 3650;
