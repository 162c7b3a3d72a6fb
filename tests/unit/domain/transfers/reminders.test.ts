import { describe, expect, it } from 'vitest';
import { createWorkingDayCalendar } from '../../../../src/domain/matrix/working-days.ts';
import {
  dueReviewReminder,
  nthWorkingDayAfter,
  reviewReminderKey,
  reviewReminderSlots,
} from '../../../../src/domain/transfers/reminders.ts';
import { packageCalendar } from '../matrix/package-calendar.ts';

/** A Shanghai wall-clock time. */
const at = (day: string, hour = 9, minute = 0) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + ((hour - 8) * 60 + minute) * 60_000);

describe('nthWorkingDayAfter', () => {
  const weekdays = createWorkingDayCalendar({ packageDays: [], imported: [] });

  it('counts working days strictly after the day, skipping weekends', () => {
    expect(nthWorkingDayAfter(weekdays, '2026-11-26', 1)).toBe('2026-11-27'); // Thursday → Friday
    expect(nthWorkingDayAfter(weekdays, '2026-11-26', 2)).toBe('2026-11-30');
    expect(nthWorkingDayAfter(weekdays, '2026-11-28', 1)).toBe('2026-11-30'); // from a Saturday
    expect(nthWorkingDayAfter(weekdays, '2026-11-26', 5)).toBe('2026-12-03');
    expect(nthWorkingDayAfter(weekdays, '2026-11-26', 10)).toBe('2026-12-10');
  });

  it('skips holidays and counts make-up working days (2026: 中秋 25 Sep, 国庆 1–7 Oct, 10 Oct worked)', () => {
    const calendar = packageCalendar();
    expect(nthWorkingDayAfter(calendar, '2026-09-23', 5)).toBe('2026-10-08');
    expect(nthWorkingDayAfter(calendar, '2026-09-23', 7)).toBe('2026-10-10');
    expect(nthWorkingDayAfter(calendar, '2026-09-23', 10)).toBe('2026-10-14');
  });

  it('gives up on a calendar with no working day in reach', () => {
    const never = {
      isWorkingDay: () => false,
      sourceOf: () => 'fallback' as const,
      entriesOf: () => [],
      guessedYears: () => [],
    };
    expect(nthWorkingDayAfter(never, '2026-01-01', 1)).toBeNull();
  });
});

describe('review reminders', () => {
  const calendar = packageCalendar();
  const started = at('2026-09-23', 10);

  it('are due at 09:00 on the 5th and 10th working day', () => {
    expect(reviewReminderSlots(calendar, started, [5, 10])).toEqual([
      { days: 5, day: '2026-10-08', at: at('2026-10-08') },
      { days: 10, day: '2026-10-14', at: at('2026-10-14') },
    ]);
  });

  it('plans only the latest reminder whose moment has passed', () => {
    expect(dueReviewReminder(calendar, started, at('2026-10-08', 8, 59), [5, 10])).toBeNull();
    expect(dueReviewReminder(calendar, started, at('2026-10-08'), [5, 10])?.days).toBe(5);
    expect(dueReviewReminder(calendar, started, at('2026-10-13', 18), [5, 10])?.days).toBe(5);
    expect(dueReviewReminder(calendar, started, at('2026-10-14'), [5, 10])?.days).toBe(10);
    expect(dueReviewReminder(calendar, started, at('2027-03-01'), [5, 10])?.days).toBe(10);
  });

  it('counts a round started late in the evening from that Shanghai day', () => {
    // 23:30 in Shanghai is still the 23rd, though it is 15:30 UTC.
    expect(reviewReminderSlots(calendar, at('2026-09-23', 23, 30), [5, 10])[0]?.day).toBe('2026-10-08');
  });

  it('keys each reminder by case, round, reminder and seat', () => {
    const keys = new Set([
      reviewReminderKey('LZ-2026-0001', 1, 5, 'IPB'),
      reviewReminderKey('LZ-2026-0001', 1, 10, 'IPB'),
      reviewReminderKey('LZ-2026-0001', 2, 5, 'IPB'),
      reviewReminderKey('LZ-2026-0001', 1, 5, 'AUDIT'),
      reviewReminderKey('LZ-2026-0002', 1, 5, 'IPB'),
    ]);
    expect(keys.size).toBe(5);
  });
});
