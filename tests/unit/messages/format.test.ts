import { afterAll, describe, it, expect, vi } from 'vitest';
import fc from 'fast-check';
import { shanghaiDay } from '../../../src/domain/matrix/dates.ts';
import { formatDate, formatDateTime } from '../../../src/messages/format.ts';

type FormatModule = typeof import('../../../src/messages/format.ts');

const pad = (n: number) => String(n).padStart(2, '0');

/** China has kept UTC+8 without daylight saving since 1991, so shifting by 8 h is an exact oracle. */
function oracle(date: Date) {
  const s = new Date(date.getTime() + 8 * 3600_000);
  const year = s.getUTCFullYear();
  const month = s.getUTCMonth() + 1;
  const day = s.getUTCDate();
  return {
    day: { year, month, day },
    date: `${year}年${month}月${day}日`,
    dateTime: `${year}年${month}月${day}日 ${pad(s.getUTCHours())}:${pad(s.getUTCMinutes())}`,
  };
}

describe('formatDateTime / formatDate', () => {
  it.each<[string, string, string]>([
    ['2026-11-26T01:00:00Z', '2026年11月26日 09:00', '2026年11月26日'],
    ['2026-03-31T20:30:00Z', '2026年4月1日 04:30', '2026年4月1日'],
    ['2026-12-31T16:00:00Z', '2027年1月1日 00:00', '2027年1月1日'],
    ['2026-12-31T23:59:59Z', '2027年1月1日 07:59', '2027年1月1日'],
    ['2026-01-05T02:03:00Z', '2026年1月5日 10:03', '2026年1月5日'],
    ['2026-11-25T15:59:59.999Z', '2026年11月25日 23:59', '2026年11月25日'],
    ['2026-11-25T16:00:00Z', '2026年11月26日 00:00', '2026年11月26日'],
    ['2028-02-28T16:00:00Z', '2028年2月29日 00:00', '2028年2月29日'],
    ['2026-06-30T15:00:00Z', '2026年6月30日 23:00', '2026年6月30日'],
  ])('%s → %s', (iso, dateTime, date) => {
    expect(formatDateTime(new Date(iso))).toBe(dateTime);
    expect(formatDate(new Date(iso))).toBe(date);
  });

  it('agrees with UTC+8 for any instant', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1992-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
        (date) => {
          const expected = oracle(date);
          expect(formatDateTime(date)).toBe(expected.dateTime);
          expect(formatDate(date)).toBe(expected.date);
          expect(shanghaiDay(date)).toEqual(expected.day);
        },
      ),
    );
  });
});

describe('shanghaiDay', () => {
  it.each<[string, { year: number; month: number; day: number }]>([
    ['2026-11-25T15:59:59.999Z', { year: 2026, month: 11, day: 25 }],
    ['2026-11-25T16:00:00.000Z', { year: 2026, month: 11, day: 26 }],
    ['2026-12-31T15:59:59.999Z', { year: 2026, month: 12, day: 31 }],
    ['2026-12-31T16:00:00.000Z', { year: 2027, month: 1, day: 1 }],
    ['2027-02-28T16:00:00.000Z', { year: 2027, month: 3, day: 1 }],
    ['2028-02-28T16:00:00.000Z', { year: 2028, month: 2, day: 29 }],
  ])('%s → %o', (iso, expected) => {
    expect(shanghaiDay(new Date(iso))).toEqual(expected);
  });
});

describe('independent of the process time zone', () => {
  const savedTz = process.env.TZ;
  afterAll(() => {
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
  });

  it.each(['UTC', 'America/Los_Angeles', 'Pacific/Kiritimati', 'Asia/Kolkata', 'Europe/London'])(
    'TZ=%s',
    async (zone) => {
      process.env.TZ = zone;
      // Prove the zone took effect, so the assertions below are not vacuous.
      const probe = new Date('2026-07-01T00:00:00Z');
      const expectedOffset = {
        UTC: 0,
        'America/Los_Angeles': 420,
        'Pacific/Kiritimati': -840,
        'Asia/Kolkata': -330,
        'Europe/London': -60,
      }[zone];
      expect(probe.getTimezoneOffset()).toBe(expectedOffset);

      vi.resetModules();
      const fresh: FormatModule = await import('../../../src/messages/format.ts');
      expect(fresh.formatDateTime(new Date('2026-11-26T01:00:00Z'))).toBe('2026年11月26日 09:00');
      expect(fresh.formatDate(new Date('2026-03-31T20:30:00Z'))).toBe('2026年4月1日');
      const dates = await import('../../../src/domain/matrix/dates.ts');
      expect(dates.shanghaiDay(new Date('2026-11-25T16:00:00Z'))).toEqual({ year: 2026, month: 11, day: 26 });
      // The module loaded before the zone change must agree too.
      expect(formatDateTime(new Date('2026-12-31T16:00:00Z'))).toBe('2027年1月1日 00:00');
    },
  );
});
