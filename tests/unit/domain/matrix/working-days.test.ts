import { describe, expect, it } from 'vitest';
import {
  createWorkingDayCalendar,
  firstWorkingDayOfWeek,
  previousWorkingDay,
} from '../../../../src/domain/matrix/working-days.ts';
import { packageCalendar, PACKAGE_DAYS } from './package-calendar.ts';

describe('working days from the holiday package', () => {
  const calendar = packageCalendar();

  it('knows public holidays and 调休 make-up days', () => {
    expect(calendar.isWorkingDay('2023-09-29')).toBe(false); // 中秋
    expect(calendar.isWorkingDay('2023-10-07')).toBe(true); // Saturday worked for 国庆
    expect(calendar.isWorkingDay('2024-02-18')).toBe(true); // Sunday worked for 春节
    expect(calendar.isWorkingDay('2024-02-17')).toBe(false);
    expect(calendar.isWorkingDay('2026-01-04')).toBe(true); // Sunday worked for 元旦 2026
    expect(calendar.isWorkingDay('2026-11-26')).toBe(true);
    expect(calendar.isWorkingDay('2026-11-28')).toBe(false);
    expect(calendar.sourceOf(2024)).toBe('package');
  });

  it('moves back to the previous working day, across a whole holiday week', () => {
    expect(previousWorkingDay(calendar, '2023-09-30')).toBe('2023-09-28');
    expect(previousWorkingDay(calendar, '2024-02-17')).toBe('2024-02-09');
    expect(previousWorkingDay(calendar, '2023-10-08')).toBe('2023-10-08');
    expect(previousWorkingDay(calendar, '2024-03-31')).toBe('2024-03-29');
  });

  it('finds the first working day of a week, which may be a make-up weekend day', () => {
    expect(firstWorkingDayOfWeek(calendar, '2023-10-02')).toBe('2023-10-07');
    expect(firstWorkingDayOfWeek(calendar, '2024-02-12')).toBe('2024-02-18');
    expect(firstWorkingDayOfWeek(calendar, '2024-01-01')).toBe('2024-01-02');
    expect(firstWorkingDayOfWeek(calendar, '2024-06-10')).toBe('2024-06-11');
    expect(firstWorkingDayOfWeek(calendar, '2024-03-04')).toBe('2024-03-04');
  });

  it('reads the covered years from the data, not from a list of years', () => {
    const years = new Set(PACKAGE_DAYS.map((d) => Number(d.date.slice(0, 4))));
    const last = Math.max(...years);
    expect(calendar.sourceOf(last)).toBe('package');
    expect(calendar.sourceOf(last + 1)).toBe('fallback');
    expect(calendar.sourceOf(2003)).toBe('fallback');
  });
});

describe('a year no data covers', () => {
  it('falls back to Monday–Friday and reports the year as guessed', () => {
    const calendar = packageCalendar();
    expect(calendar.guessedYears()).toEqual([]);
    expect(calendar.isWorkingDay('2028-02-29')).toBe(true); // a Tuesday
    expect(calendar.isWorkingDay('2028-10-02')).toBe(true); // a Monday: in reality surely 国庆, which is why it is reported
    expect(calendar.isWorkingDay('2028-10-01')).toBe(false); // a Sunday
    expect(calendar.isWorkingDay('2026-10-01')).toBe(false);
    expect(calendar.guessedYears()).toEqual([2028]);
    expect(calendar.entriesOf(2028)).toEqual([]);
  });

  it('lets an imported schedule take precedence, over the package too', () => {
    const calendar = packageCalendar([
      { date: '2028-10-02', kind: 'OFF', name: '国庆节' },
      { date: '2028-10-07', kind: 'WORK', name: '国庆调休' },
      { date: '2026-11-26', kind: 'OFF', name: '测试' },
    ]);
    expect(calendar.sourceOf(2028)).toBe('imported');
    expect(calendar.isWorkingDay('2028-10-02')).toBe(false);
    expect(calendar.isWorkingDay('2028-10-07')).toBe(true);
    // The import is the whole year: the package's 2026 days no longer apply.
    expect(calendar.sourceOf(2026)).toBe('imported');
    expect(calendar.isWorkingDay('2026-11-26')).toBe(false);
    expect(calendar.isWorkingDay('2026-10-01')).toBe(true);
    expect(calendar.guessedYears()).toEqual([]);
    expect(calendar.entriesOf(2028).map((e) => e.date)).toEqual(['2028-10-02', '2028-10-07']);
  });

  it('does not loop forever over an import that marks a whole month off', () => {
    const month = Array.from({ length: 31 }, (_, i) => ({
      date: `2029-01-${String(i + 1).padStart(2, '0')}`,
      kind: 'OFF' as const,
      name: 'x',
    }));
    const calendar = createWorkingDayCalendar({
      packageDays: [],
      imported: [...month, { date: '2029-02-01', kind: 'OFF', name: 'x' }],
    });
    // Past the search bound the nominal day is kept: a reminder on a wrong day beats none.
    expect(previousWorkingDay(calendar, '2029-02-01')).toBe('2029-02-01');
    expect(firstWorkingDayOfWeek(calendar, '2029-01-01')).toBeNull();
  });
});
