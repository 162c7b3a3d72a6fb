/**
 * Reporting periods of /统计 and /简报: a calendar year, quarter or month in Shanghai time.
 * A period is the half-open day range [from, to), so months and quarters tile a year exactly and
 * a figure counted in a month is counted once in its quarter and year.
 */

import { addDays, lastDayOfMonth, shanghaiDate, shanghaiMoment, type IsoDate } from '../matrix/dates.ts';

export type PeriodKind = 'year' | 'quarter' | 'month';

export interface Period {
  kind: PeriodKind;
  year: number;
  /** 1–4 for a quarter, 1–12 for a month. */
  index: number | null;
  /** '2026', '2026Q4', '2026-11': the key a scheduled 简报 is stored under. */
  key: string;
  /** First day (Shanghai). */
  from: IsoDate;
  /** The day after the last (Shanghai). */
  to: IsoDate;
}

export type PeriodError = 'format' | 'quarter' | 'month' | 'year';

const MIN_YEAR = 2019;
const MAX_YEAR = 2100;

export function yearPeriod(year: number): Period {
  return { kind: 'year', year, index: null, key: String(year), from: `${year}-01-01`, to: `${year + 1}-01-01` };
}

export function quarterPeriod(year: number, quarter: number): Period {
  const from = `${year}-${String((quarter - 1) * 3 + 1).padStart(2, '0')}-01`;
  return {
    kind: 'quarter',
    year,
    index: quarter,
    key: `${year}Q${quarter}`,
    from,
    to: addDays(lastDayOfMonth(year, quarter * 3), 1),
  };
}

export function monthPeriod(year: number, month: number): Period {
  const mm = String(month).padStart(2, '0');
  return {
    kind: 'month',
    year,
    index: month,
    key: `${year}-${mm}`,
    from: `${year}-${mm}-01`,
    to: addDays(lastDayOfMonth(year, month), 1),
  };
}

/**
 * What officers type: 2026, 2026Q4 (2026q4, 2026年第4季度, 2026年Q4), 2026-11 (2026-1, 2026年11月).
 * Nothing typed means the current year.
 */
export function parsePeriod(
  input: string | undefined,
  today: IsoDate,
): { ok: true; period: Period } | { ok: false; error: PeriodError } {
  const text = (input ?? '').trim().replace(/\s+/g, '');
  if (text === '') return { ok: true, period: yearPeriod(Number(today.slice(0, 4))) };
  const match =
    /^(\d{4})年?$/.exec(text) ??
    /^(\d{4})(?:年)?(?:[Qq]|第)(\d+)(?:季度?)?$/.exec(text) ??
    /^(\d{4})(?:-|年|\/)(\d{1,2})月?$/.exec(text);
  if (match === null) return { ok: false, error: 'format' };
  const year = Number(match[1]);
  if (year < MIN_YEAR || year > MAX_YEAR) return { ok: false, error: 'year' };
  if (match[2] === undefined) return { ok: true, period: yearPeriod(year) };
  const n = Number(match[2]);
  const isQuarter = /[Qq第]/.test(text);
  if (isQuarter)
    return n >= 1 && n <= 4 ? { ok: true, period: quarterPeriod(year, n) } : { ok: false, error: 'quarter' };
  return n >= 1 && n <= 12 ? { ok: true, period: monthPeriod(year, n) } : { ok: false, error: 'month' };
}

/** The month or quarter that ended most recently before `today` (the one a 简报 on `today` reports on). */
export function previousPeriod(kind: 'month' | 'quarter', today: IsoDate): Period {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  if (kind === 'month') return month === 1 ? monthPeriod(year - 1, 12) : monthPeriod(year, month - 1);
  const quarter = Math.floor((month - 1) / 3) + 1;
  return quarter === 1 ? quarterPeriod(year - 1, 4) : quarterPeriod(year, quarter - 1);
}

/** The month or quarter `today` falls in. */
export function currentPeriod(kind: 'month' | 'quarter', today: IsoDate): Period {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  return kind === 'month' ? monthPeriod(year, month) : quarterPeriod(year, Math.floor((month - 1) / 3) + 1);
}

export function inPeriod(period: Pick<Period, 'from' | 'to'>, instant: Date | null): boolean {
  if (instant === null) return false;
  const day = shanghaiDate(instant);
  return day >= period.from && day < period.to;
}

export function dayInPeriod(period: Pick<Period, 'from' | 'to'>, day: IsoDate): boolean {
  return day >= period.from && day < period.to;
}

/** The period as instants, for database range reads: [start, end). */
export function periodBounds(period: Pick<Period, 'from' | 'to'>): { start: Date; end: Date } {
  return { start: shanghaiMoment(period.from, 0), end: shanghaiMoment(period.to, 0) };
}
