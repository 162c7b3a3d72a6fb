/**
 * Calendar arithmetic on Shanghai dates written as 'YYYY-MM-DD'. Deadlines in the responsibility
 * matrix are whole days, so they are kept as strings (what MatrixCycle.dueDate stores) and turned
 * into day numbers only to count.
 */

export type IsoDate = string;

const DAY_MS = 86_400_000;

/**
 * China has observed no daylight saving time since 1991, so a fixed +08:00 offset is exact for
 * every date this bot can meet; it saves an Intl round trip per date in the planner's inner loops.
 */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** Days since 1970-01-01. */
export function dayNumber(date: IsoDate): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

export function fromDayNumber(days: number): IsoDate {
  return new Date(days * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(dayNumber(date) + days);
}

/** `to` minus `from`, in days. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return dayNumber(to) - dayNumber(from);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: IsoDate): number {
  // 1970-01-01 was a Thursday (ISO 4).
  return ((((dayNumber(date) + 3) % 7) + 7) % 7) + 1;
}

export function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4));
}

export function mondayOf(date: IsoDate): IsoDate {
  return addDays(date, 1 - isoWeekday(date));
}

/** '2026-W53': the ISO week (the year is the one its Thursday falls in). */
export function isoWeekKey(date: IsoDate): string {
  const thursday = addDays(mondayOf(date), 3);
  const year = yearOf(thursday);
  const week = Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export function shanghaiDate(instant: Date): IsoDate {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The wall-clock time in Shanghai as a Date whose UTC fields read it (file stamps, spreadsheet cells). */
export function shanghaiWallClock(instant: Date): Date {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS);
}

/** The calendar day in Asia/Shanghai, for date arithmetic on local days. */
export function shanghaiDay(date: Date): { year: number; month: number; day: number } {
  const [year = 0, month = 0, day = 0] = shanghaiDate(date).split('-').map(Number);
  return { year, month, day };
}

/** The instant of hour:minute on a Shanghai date. */
export function shanghaiMoment(date: IsoDate, hour: number, minute = 0): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) + (hour * 60 + minute) * 60_000 - SHANGHAI_OFFSET_MS);
}

/** Month is 1-based; day 0 of the following month is the last day of this one. */
export function lastDayOfMonth(year: number, month: number): IsoDate {
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}
