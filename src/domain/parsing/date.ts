/**
 * Dates and meeting times as officers type them (2026/1/5, 12月31号, 下午2点半) into ISO strings.
 * "Today" is an argument so the module stays pure and the caller decides the time zone.
 */

import { toHalfWidth } from './width.ts';

export interface CalendarDay {
  year: number;
  month: number;
  day: number;
}

export type DateErrorCode = 'empty' | 'bad-format' | 'no-such-date';
export type DateTimeErrorCode = DateErrorCode | 'missing-time' | 'no-such-time';

export type DateResult = { ok: true; date: string } | { ok: false; code: DateErrorCode };
export type DateTimeResult = { ok: true; date: string; time: string } | { ok: false; code: DateTimeErrorCode };

// Anchored at the start only: parseDateTime reads the time from whatever follows. A missing
// year group means "this year".
const DATE_FORMS: readonly RegExp[] = [
  /^(?<year>\d{4})(?<sep>[-/.])(?<month>\d{1,2})\k<sep>(?<day>\d{1,2})/,
  /^(?<year>\d{4})\s*年\s*(?<month>\d{1,2})\s*月\s*(?<day>\d{1,2})\s*[日号]?/,
  /^(?<month>\d{1,2})\s*月\s*(?<day>\d{1,2})\s*[日号]?/,
  /^(?<month>\d{1,2})[-/.](?<day>\d{1,2})/,
];

const CLOCK_TIME = /^(\d{1,2}):(\d{2})$/;
const SPOKEN_TIME = /^(\d{1,2})[点时](?:(\d{1,2})分?|(半)|整)?$/;
const DAY_PERIOD = /^(上午|早上|下午|晚上)\s*/;

const morning = (hour: number): number | null => (hour <= 12 ? hour : null);

/**
 * 上午 leaves the hour alone; 下午 and 晚上 move 1–11 into the afternoon. 晚上12点 is refused: it
 * is midnight, which belongs to the next day, and the date must not be guessed.
 */
const DAY_PERIODS: ReadonlyMap<string, (hour: number) => number | null> = new Map([
  ['上午', morning],
  ['早上', morning],
  ['下午', (hour: number) => (hour >= 1 && hour <= 11 ? hour + 12 : hour >= 12 ? hour : null)],
  ['晚上', (hour: number) => (hour >= 1 && hour <= 11 ? hour + 12 : hour >= 13 ? hour : null)],
]);

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

interface DatePrefix extends CalendarDay {
  rest: string;
}

function readDatePrefix(text: string, today: CalendarDay): DatePrefix | null {
  for (const pattern of DATE_FORMS) {
    const match = pattern.exec(text);
    if (match?.groups === undefined) continue;
    const { year, month, day } = match.groups;
    return {
      year: year === undefined ? today.year : Number(year),
      month: Number(month),
      day: Number(day),
      rest: text.slice(match[0].length).trim(),
    };
  }
  return null;
}

function isoDate({ year, month, day }: CalendarDay): string | null {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

export function parseDate(s: string, today: CalendarDay): DateResult {
  const text = toHalfWidth(s).trim();
  if (text === '') return { ok: false, code: 'empty' };
  const prefix = readDatePrefix(text, today);
  if (prefix === null || prefix.rest !== '') return { ok: false, code: 'bad-format' };
  const date = isoDate(prefix);
  if (date === null) return { ok: false, code: 'no-such-date' };
  return { ok: true, date };
}

type TimeResult = { ok: true; time: string } | { ok: false; code: 'bad-format' | 'no-such-time' };

function parseTime(text: string): TimeResult {
  const periodMatch = DAY_PERIOD.exec(text);
  const toDayHour = DAY_PERIODS.get(periodMatch?.[1] ?? '') ?? ((hour: number) => hour);
  const clock = text.slice(periodMatch?.[0].length ?? 0);

  let hour: number;
  let minute: number;
  const colon = CLOCK_TIME.exec(clock);
  const spoken = SPOKEN_TIME.exec(clock);
  if (colon !== null) {
    hour = Number(colon[1]);
    minute = Number(colon[2]);
  } else if (spoken !== null) {
    hour = Number(spoken[1]);
    minute = spoken[3] !== undefined ? 30 : Number(spoken[2] ?? 0);
  } else {
    return { ok: false, code: 'bad-format' };
  }

  const hour24 = toDayHour(hour);
  if (hour24 === null || hour24 > 23 || minute > 59) return { ok: false, code: 'no-such-time' };
  return { ok: true, time: `${pad(hour24, 2)}:${pad(minute, 2)}` };
}

export function parseDateTime(s: string, today: CalendarDay): DateTimeResult {
  const text = toHalfWidth(s).trim();
  if (text === '') return { ok: false, code: 'empty' };
  const prefix = readDatePrefix(text, today);
  if (prefix === null) return { ok: false, code: 'bad-format' };
  // Unreadable text is reported before impossible values, so the officer fixes the form first.
  const time = prefix.rest === '' ? null : parseTime(prefix.rest);
  if (time?.ok === false && time.code === 'bad-format') return time;
  const date = isoDate(prefix);
  if (date === null) return { ok: false, code: 'no-such-date' };
  if (time === null) return { ok: false, code: 'missing-time' };
  if (!time.ok) return time;
  return { ok: true, date, time: time.time };
}
