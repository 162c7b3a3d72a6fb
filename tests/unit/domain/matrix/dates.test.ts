import { describe, expect, it } from 'vitest';
import {
  shanghaiWallClock,
  addDays,
  daysBetween,
  isoWeekday,
  isoWeekKey,
  lastDayOfMonth,
  mondayOf,
  shanghaiDate,
  shanghaiMoment,
} from '../../../../src/domain/matrix/dates.ts';

describe('day arithmetic', () => {
  it('crosses month ends, leap days and year ends', () => {
    expect(addDays('2028-03-30', -30)).toBe('2028-02-29');
    expect(addDays('2027-03-30', -30)).toBe('2027-02-28');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2100-02-28', 1)).toBe('2100-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(daysBetween('2026-11-26', '2026-12-31')).toBe(35);
    expect(daysBetween('2028-01-01', '2029-01-01')).toBe(366);
  });

  it('knows the last day of every month, February included', () => {
    expect(lastDayOfMonth(2028, 2)).toBe('2028-02-29');
    expect(lastDayOfMonth(2027, 2)).toBe('2027-02-28');
    expect(lastDayOfMonth(2026, 12)).toBe('2026-12-31');
    expect(lastDayOfMonth(2026, 9)).toBe('2026-09-30');
  });
});

describe('ISO weeks', () => {
  it('numbers weeks by their Thursday, including week 53', () => {
    expect(isoWeekday('2026-11-26')).toBe(4);
    expect(isoWeekday('2024-02-18')).toBe(7);
    expect(mondayOf('2024-02-18')).toBe('2024-02-12');
    expect(isoWeekKey('2026-12-28')).toBe('2026-W53');
    expect(isoWeekKey('2027-01-03')).toBe('2026-W53');
    expect(isoWeekKey('2027-01-04')).toBe('2027-W01');
    expect(isoWeekKey('2024-12-30')).toBe('2025-W01');
    expect(isoWeekKey('2028-02-29')).toBe('2028-W09');
  });
});

describe('Asia/Shanghai', () => {
  it('turns instants into Shanghai dates and back at 09:00', () => {
    expect(shanghaiDate(new Date('2026-11-26T15:59:59Z'))).toBe('2026-11-26');
    expect(shanghaiDate(new Date('2026-11-26T16:00:00Z'))).toBe('2026-11-27');
    expect(shanghaiMoment('2026-11-26', 9).toISOString()).toBe('2026-11-26T01:00:00.000Z');
    expect(shanghaiMoment('2027-01-01', 9).toISOString()).toBe('2027-01-01T01:00:00.000Z');
  });
});

describe('shanghaiWallClock', () => {
  it('reads the Shanghai wall-clock time in the UTC fields, across the date line', () => {
    expect(shanghaiWallClock(new Date('2026-12-31T16:30:00Z')).toISOString()).toBe('2027-01-01T00:30:00.000Z');
  });
});
