/**
 * Reads an administrator's transcription of the State Council's holiday notice, one day (or a
 * range of days) per line: `2027-01-01 休 元旦`, `2027-10-01~2027-10-07 休 国庆节`,
 * `2027-02-07 班 春节调休`. Chat platforms and the tokenizer do not keep line breaks reliably, so
 * the words are read as a stream: a date, a kind, then an optional name.
 */

import { addDays, daysBetween, yearOf } from './dates.ts';
import { parseDate } from '../parsing/date.ts';
import { toHalfWidth } from '../parsing/width.ts';
import type { DayKind, HolidayEntry } from './working-days.ts';

const KIND_WORDS: ReadonlyMap<string, DayKind> = new Map([
  ['休', 'OFF'],
  ['假', 'OFF'],
  ['放假', 'OFF'],
  ['休息', 'OFF'],
  ['off', 'OFF'],
  ['班', 'WORK'],
  ['上班', 'WORK'],
  ['补班', 'WORK'],
  ['work', 'WORK'],
]);

const RANGE_SEPARATOR = /^(.+?)(?:~|至|到)(.+)$/;

/** A holiday run longer than this is a typo (the Spring Festival break is under 10 days). */
const MAX_RANGE_DAYS = 14;

export type HolidayImportError =
  | { code: 'empty' }
  | { code: 'bad-date'; token: string }
  | { code: 'wrong-year'; token: string }
  | { code: 'missing-kind'; token: string }
  | { code: 'bad-range'; token: string }
  | { code: 'conflict'; date: string }
  | { code: 'no-holidays' };

export type HolidayImportResult = { ok: true; entries: HolidayEntry[] } | { ok: false; error: HolidayImportError };

function readDates(
  token: string,
  year: number,
): { ok: true; dates: string[] } | { ok: false; error: HolidayImportError } {
  // A file is not passed through the chat tokenizer, which would have made ～ and ２０２７ half-width.
  const range = RANGE_SEPARATOR.exec(toHalfWidth(token));
  const [fromText, toText] = range === null ? [token, token] : [range[1] ?? '', range[2] ?? ''];
  const today = { year, month: 1, day: 1 };
  const from = parseDate(fromText, today);
  const to = parseDate(toText, today);
  if (!from.ok || !to.ok) return { ok: false, error: { code: 'bad-date', token } };
  if (yearOf(from.date) !== year || yearOf(to.date) !== year)
    return { ok: false, error: { code: 'wrong-year', token } };
  const length = daysBetween(from.date, to.date);
  if (length < 0 || length >= MAX_RANGE_DAYS) return { ok: false, error: { code: 'bad-range', token } };
  return { ok: true, dates: Array.from({ length: length + 1 }, (_, i) => addDays(from.date, i)) };
}

const looksLikeDate = (token: string) => /^\d/.test(token);

export function parseHolidayImport(year: number, words: readonly string[]): HolidayImportResult {
  if (words.length === 0) return { ok: false, error: { code: 'empty' } };
  const entries = new Map<string, HolidayEntry>();
  for (let i = 0; i < words.length; ) {
    const dateToken = words[i] ?? '';
    const dates = readDates(dateToken, year);
    if (!dates.ok) return dates;
    const kind = KIND_WORDS.get(toHalfWidth(words[i + 1] ?? '').toLowerCase());
    if (kind === undefined) return { ok: false, error: { code: 'missing-kind', token: dateToken } };
    const nameToken = words[i + 2];
    const hasName = nameToken !== undefined && !looksLikeDate(nameToken);
    const name = hasName ? nameToken : kind === 'OFF' ? '休息日' : '调休上班';
    for (const date of dates.dates) {
      const existing = entries.get(date);
      if (existing !== undefined && existing.kind !== kind) return { ok: false, error: { code: 'conflict', date } };
      entries.set(date, { date, kind, name });
    }
    i += hasName ? 3 : 2;
  }
  const sorted = [...entries.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
  // Every official schedule has holidays; one without is a transcription of the wrong notice.
  if (!sorted.some((entry) => entry.kind === 'OFF')) return { ok: false, error: { code: 'no-holidays' } };
  return { ok: true, entries: sorted };
}
