import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  parseDate,
  parseDateTime,
  type CalendarDay,
  type DateErrorCode,
  type DateTimeErrorCode,
} from '../../../../src/domain/parsing/date.ts';

const TODAY: CalendarDay = { year: 2026, month: 5, day: 20 };

describe('parseDate: accepted forms', () => {
  it.each<[string, string]>([
    ['2026-12-31', '2026-12-31'],
    ['2026/12/31', '2026-12-31'],
    ['2026.12.31', '2026-12-31'],
    ['2026-1-5', '2026-01-05'],
    ['2027/01/5', '2027-01-05'],
    ['2026年12月31日', '2026-12-31'],
    ['2026年12月31号', '2026-12-31'],
    ['2026年12月31', '2026-12-31'],
    ['2026 年 1 月 5 日', '2026-01-05'],
    ['12月31日', '2026-12-31'],
    ['12月31号', '2026-12-31'],
    ['1月5日', '2026-01-05'],
    ['12-31', '2026-12-31'],
    ['12/31', '2026-12-31'],
    ['１２月３１日', '2026-12-31'],
    ['２０２６－１２－３１', '2026-12-31'],
    ['２０２６／１２／３１', '2026-12-31'],
    ['  2026-12-31\u3000', '2026-12-31'],
    ['2028-02-29', '2028-02-29'],
    ['2000-02-29', '2000-02-29'],
  ])('reads %j as %s', (input, date) => {
    expect(parseDate(input, TODAY)).toEqual({ ok: true, date });
  });

  it('takes an omitted year from today', () => {
    expect(parseDate('2月29日', { year: 2028, month: 1, day: 1 })).toEqual({ ok: true, date: '2028-02-29' });
    expect(parseDate('2月29日', TODAY)).toEqual({ ok: false, code: 'no-such-date' });
  });
});

describe('parseDate: refusals', () => {
  it.each<[DateErrorCode, string]>([
    ['empty', ''],
    ['empty', ' \u3000 '],
    ['bad-format', '明天'],
    ['bad-format', '2026-12'],
    ['bad-format', '12月'],
    ['bad-format', '20261231'],
    ['bad-format', '2026-12/31'],
    ['bad-format', '26-12-31'],
    ['bad-format', '2026-12-31 14:30'],
    ['bad-format', '2026年12月31日星期四'],
    ['bad-format', '十二月三十一日'],
    ['no-such-date', '2027-02-29'],
    ['no-such-date', '2100-02-29'],
    ['no-such-date', '2026-13-01'],
    ['no-such-date', '2026-00-10'],
    ['no-such-date', '2026-04-31'],
    ['no-such-date', '2026-12-00'],
    ['no-such-date', '12月32日'],
    ['no-such-date', '2月30日'],
  ])('returns %s for %j', (code, input) => {
    expect(parseDate(input, TODAY)).toEqual({ ok: false, code });
  });
});

describe('parseDateTime: accepted forms', () => {
  it.each<[string, string, string]>([
    ['2026-12-31 14:30', '2026-12-31', '14:30'],
    ['2026/12/31 9:05', '2026-12-31', '09:05'],
    ['2026年12月31日 23:59', '2026-12-31', '23:59'],
    ['12月31日14:30', '2026-12-31', '14:30'],
    ['12-31 0:00', '2026-12-31', '00:00'],
    ['12月31日 14点', '2026-12-31', '14:00'],
    ['12月31日14点30分', '2026-12-31', '14:30'],
    ['12月31日14点30', '2026-12-31', '14:30'],
    ['12月31日14点05分', '2026-12-31', '14:05'],
    ['12月31日14时30分', '2026-12-31', '14:30'],
    ['12月31日14时', '2026-12-31', '14:00'],
    ['12月31日14点半', '2026-12-31', '14:30'],
    ['12月31日14点整', '2026-12-31', '14:00'],
    ['12月31日下午2点', '2026-12-31', '14:00'],
    ['12月31日 下午 2:30', '2026-12-31', '14:30'],
    ['12月31日下午12点', '2026-12-31', '12:00'],
    ['12月31日下午14点', '2026-12-31', '14:00'],
    ['12月31日晚上8点', '2026-12-31', '20:00'],
    ['12月31日上午9点', '2026-12-31', '09:00'],
    ['12月31日早上9点半', '2026-12-31', '09:30'],
    ['12月31日上午12点', '2026-12-31', '12:00'],
    ['２０２６／１２／３１　１４：３０', '2026-12-31', '14:30'],
  ])('reads %j', (input, date, time) => {
    expect(parseDateTime(input, TODAY)).toEqual({ ok: true, date, time });
  });
});

describe('parseDateTime: refusals', () => {
  it.each<[DateTimeErrorCode, string]>([
    ['empty', ''],
    ['missing-time', '2026-12-31'],
    ['missing-time', '12月31日 '],
    ['bad-format', '明天 14:30'],
    ['bad-format', '14:30'],
    ['bad-format', '2026-12-31 下午'],
    ['bad-format', '2026-12-31 14'],
    ['bad-format', '2026-12-31 14:3'],
    ['bad-format', '2026-12-31 14:30:00'],
    ['bad-format', '2026-12-31 abc'],
    ['bad-format', '26-12-31 14:30'],
    ['bad-format', '2027-02-29 下午'],
    ['no-such-date', '2027-02-29 14:30'],
    ['no-such-date', '2027-02-29'],
    ['no-such-date', '2027-02-29 25:00'],
    ['no-such-time', '2026-12-31 24:00'],
    ['no-such-time', '2026-12-31 14:60'],
    ['no-such-time', '12月31日25点'],
    ['no-such-time', '12月31日14点61分'],
    ['no-such-time', '12月31日晚上12点'],
    ['no-such-time', '12月31日上午14点'],
    ['no-such-time', '12月31日下午0点'],
  ])('returns %s for %j', (code, input) => {
    expect(parseDateTime(input, TODAY)).toEqual({ ok: false, code });
  });
});

const codeUnitString = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
});
const dateLike = fc.string({
  unit: fc.constantFrom(...'0123456789２-/.:：年月日号点时分半整上午下午晚上 　'),
  maxLength: 24,
});
const anyToday = fc.record({
  year: fc.integer({ min: 1000, max: 9999 }),
  month: fc.integer({ min: 1, max: 12 }),
  day: fc.integer({ min: 1, max: 28 }),
});
const calendarDate = fc
  .date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => ({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }));
const iso = ({ year, month, day }: CalendarDay): string =>
  `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

const inputs = [
  ['printable ASCII', fc.string()],
  ['any code points', fc.string({ unit: 'binary' })],
  ['any UTF-16 code units', codeUnitString],
  ['date-like text', dateLike],
] as const;

describe('parseDate and parseDateTime: properties', () => {
  it.each(inputs)('parseDate never throws on %s and its dates re-parse to themselves', (_what, arbitrary) => {
    fc.assert(
      fc.property(arbitrary, anyToday, anyToday, (s, today, otherToday) => {
        const result = parseDate(s, today);
        if (result.ok) {
          expect(result.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          expect(parseDate(result.date, otherToday)).toEqual(result);
        }
      }),
      { numRuns: 500 },
    );
  });

  it.each(inputs)('parseDateTime never throws on %s and yields valid times', (_what, arbitrary) => {
    fc.assert(
      fc.property(arbitrary, anyToday, (s, today) => {
        const result = parseDateTime(s, today);
        if (result.ok) {
          expect(result.time).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/);
          expect(parseDate(result.date, today)).toEqual({ ok: true, date: result.date });
        }
      }),
      { numRuns: 500 },
    );
  });

  it('reads every calendar date in every written form', () => {
    fc.assert(
      fc.property(calendarDate, (day) => {
        const { year, month, day: d } = day;
        const expected = { ok: true, date: iso(day) };
        const withYear = [
          `${year}-${month}-${d}`,
          `${year}/${month}/${d}`,
          `${year}.${month}.${d}`,
          `${year}年${month}月${d}日`,
        ];
        for (const text of withYear) {
          expect(parseDate(text, TODAY)).toEqual(expected);
        }
        expect(parseDate(`${month}月${d}号`, day)).toEqual(expected);
        expect(parseDate(`${month}-${d}`, day)).toEqual(expected);
      }),
    );
  });

  it('reads every clock time, with or without a space', () => {
    const hour = fc.integer({ min: 0, max: 23 });
    const minute = fc.integer({ min: 0, max: 59 });
    fc.assert(
      fc.property(hour, minute, fc.constantFrom('', ' '), (h, m, gap) => {
        const mm = String(m).padStart(2, '0');
        const expected = { ok: true, date: '2026-03-01', time: `${String(h).padStart(2, '0')}:${mm}` };
        expect(parseDateTime(`2026年3月1日${gap}${h}:${mm}`, TODAY)).toEqual(expected);
        expect(parseDateTime(`3月1日${gap}${h}点${m}分`, TODAY)).toEqual(expected);
      }),
    );
  });
});
