/**
 * China's working-day calendar: public holidays (休) and the weekend days worked in exchange
 * (调休上班, 班). The State Council publishes each year's arrangement only in the autumn before,
 * so no source knows every year: the calendar says, per year, where its answer comes from.
 */

import { addDays, isoWeekday, yearOf, type IsoDate } from './dates.ts';

export type DayKind = 'OFF' | 'WORK';

export interface HolidayEntry {
  date: IsoDate;
  kind: DayKind;
  name: string;
}

/**
 * imported: an administrator's import of the official schedule (wins over everything).
 * package: the holiday data shipped in the calendar npm package.
 * fallback: neither covers the year; Monday–Friday is assumed.
 */
export type CalendarSource = 'imported' | 'package' | 'fallback';

export interface WorkingDayCalendar {
  isWorkingDay(date: IsoDate): boolean;
  sourceOf(year: number): CalendarSource;
  /** The holidays and make-up days the calendar knows for a year (none for a fallback year). */
  entriesOf(year: number): HolidayEntry[];
  /** Years whose days were answered by the Monday–Friday guess since the calendar was built. */
  guessedYears(): number[];
}

function byYear(entries: readonly HolidayEntry[]): Map<number, Map<IsoDate, HolidayEntry>> {
  const years = new Map<number, Map<IsoDate, HolidayEntry>>();
  for (const entry of entries) {
    const year = yearOf(entry.date);
    let days = years.get(year);
    if (days === undefined) {
      days = new Map();
      years.set(year, days);
    }
    days.set(entry.date, entry);
  }
  return years;
}

/**
 * An import replaces the package's data for its whole year rather than patching single days: it
 * is the official schedule as published, and mixing it with an older reading of the same year
 * could keep a day the State Council has since moved.
 *
 * Coverage is read from the data itself: a year is covered by the package when the package lists
 * at least one day of it (every real year has 元旦 and 春节). No year is hard-coded, so a package
 * update that adds a year is picked up as it is installed.
 */
export function createWorkingDayCalendar(sources: {
  packageDays: readonly HolidayEntry[];
  imported: readonly HolidayEntry[];
}): WorkingDayCalendar {
  const imported = byYear(sources.imported);
  const packaged = byYear(sources.packageDays);
  const guessed = new Set<number>();

  const sourceOf = (year: number): CalendarSource =>
    imported.has(year) ? 'imported' : packaged.has(year) ? 'package' : 'fallback';
  const daysOf = (year: number) => imported.get(year) ?? packaged.get(year);

  return {
    isWorkingDay(date) {
      const year = yearOf(date);
      const days = daysOf(year);
      if (days === undefined) guessed.add(year);
      const entry = days?.get(date);
      if (entry !== undefined) return entry.kind === 'WORK';
      return isoWeekday(date) <= 5;
    },
    sourceOf,
    entriesOf(year) {
      return [...(daysOf(year)?.values() ?? [])].sort((a, b) => (a.date < b.date ? -1 : 1));
    },
    guessedYears() {
      return [...guessed].sort((a, b) => a - b);
    },
  };
}

/**
 * The longest run of non-working days to look through. The longest real one is the Spring
 * Festival week plus its weekends (under 10 days); a bound keeps a mistaken import that marks a
 * whole month 休 from looping forever.
 */
const MAX_SEARCH_DAYS = 31;

/** `date` itself when it is a working day, else the closest working day before it. */
export function previousWorkingDay(calendar: WorkingDayCalendar, date: IsoDate): IsoDate {
  for (let back = 0; back <= MAX_SEARCH_DAYS; back++) {
    const candidate = addDays(date, -back);
    if (calendar.isWorkingDay(candidate)) return candidate;
  }
  return date;
}

/**
 * The first working day of the ISO week starting on `monday`, or null when the whole week is off.
 * A make-up Saturday or Sunday counts: in a week whose Monday to Friday are holidays, the
 * weekly notice goes out on the day people are back at their desks.
 */
export function firstWorkingDayOfWeek(calendar: WorkingDayCalendar, monday: IsoDate): IsoDate | null {
  for (let offset = 0; offset < 7; offset++) {
    const candidate = addDays(monday, offset);
    if (calendar.isWorkingDay(candidate)) return candidate;
  }
  return null;
}
