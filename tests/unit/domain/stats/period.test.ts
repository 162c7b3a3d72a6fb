import { describe, expect, it } from 'vitest';
import {
  currentPeriod,
  inPeriod,
  parsePeriod,
  periodBounds,
  previousPeriod,
} from '../../../../src/domain/stats/period.ts';

const TODAY = '2026-12-06';
const ok = (input: string | undefined) => {
  const parsed = parsePeriod(input, TODAY);
  if (!parsed.ok) throw new Error(`refused ${input}: ${parsed.error}`);
  return parsed.period;
};

describe('parsePeriod', () => {
  it('defaults to the current year', () => {
    expect(ok(undefined)).toMatchObject({ kind: 'year', key: '2026', from: '2026-01-01', to: '2027-01-01' });
    expect(ok('  ')).toMatchObject({ key: '2026' });
  });

  it('reads years, quarters and months as officers write them', () => {
    expect(ok('2025')).toMatchObject({ kind: 'year', key: '2025' });
    expect(ok('2025年')).toMatchObject({ kind: 'year', key: '2025' });
    for (const q of ['2026Q4', '2026q4', '2026年Q4', '2026年第4季度', '2026第4季'])
      expect(ok(q)).toMatchObject({ kind: 'quarter', key: '2026Q4', from: '2026-10-01', to: '2027-01-01' });
    expect(ok('2026Q1')).toMatchObject({ from: '2026-01-01', to: '2026-04-01' });
    for (const m of ['2026-2', '2026-02', '2026年2月', '2026/2'])
      expect(ok(m)).toMatchObject({ kind: 'month', key: '2026-02', from: '2026-02-01', to: '2026-03-01' });
    expect(ok('2028-02')).toMatchObject({ to: '2028-03-01' });
  });

  it('refuses what is not a period, saying why', () => {
    expect(parsePeriod('2026Q5', TODAY)).toEqual({ ok: false, error: 'quarter' });
    expect(parsePeriod('2026-13', TODAY)).toEqual({ ok: false, error: 'month' });
    expect(parsePeriod('2026-0', TODAY)).toEqual({ ok: false, error: 'month' });
    expect(parsePeriod('1999', TODAY)).toEqual({ ok: false, error: 'year' });
    for (const bad of ['上个月', 'Q4', '26', '2026-11-01', 'abc'])
      expect(parsePeriod(bad, TODAY)).toEqual({ ok: false, error: 'format' });
  });
});

describe('period arithmetic', () => {
  it('finds the month and quarter that ended before a day, across a year end', () => {
    expect(previousPeriod('month', '2026-12-01').key).toBe('2026-11');
    expect(previousPeriod('month', '2027-01-04').key).toBe('2026-12');
    expect(previousPeriod('quarter', '2027-01-04').key).toBe('2026Q4');
    expect(previousPeriod('quarter', '2026-05-10').key).toBe('2026Q1');
    expect(currentPeriod('quarter', '2026-12-06').key).toBe('2026Q4');
    expect(currentPeriod('month', '2026-12-06').key).toBe('2026-12');
  });

  it('places an instant by its Shanghai day: 16:00 UTC on the last day is already the next month', () => {
    const nov = ok('2026-11');
    expect(inPeriod(nov, new Date('2026-11-30T15:59:59Z'))).toBe(true);
    expect(inPeriod(nov, new Date('2026-11-30T16:00:00Z'))).toBe(false);
    expect(inPeriod(nov, new Date('2026-10-31T16:00:00Z'))).toBe(true);
    expect(inPeriod(nov, null)).toBe(false);
    expect(periodBounds(nov)).toEqual({
      start: new Date('2026-10-31T16:00:00Z'),
      end: new Date('2026-11-30T16:00:00Z'),
    });
  });
});
