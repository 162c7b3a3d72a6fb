import { describe, expect, it } from 'vitest';
import { defaultRuleValues, raceWeightsOf, ruleById } from '../../../../src/domain/regulation/rules.ts';
import { raceRanking, type RaceInput } from '../../../../src/domain/stats/race.ts';

const unit = (unitId: string, over: Partial<RaceInput>): RaceInput => ({
  unitId,
  unitName: unitId,
  reports: 0,
  conformingReports: 0,
  signings: 0,
  landings: 0,
  landedWan: 0,
  ...over,
});
const weights = raceWeightsOf(defaultRuleValues());

describe('赛马 ranking (implementation rule R13)', () => {
  it('is registered as R13 with the 40/40/20 default, and refuses weights that do not add up to 100', () => {
    expect(ruleById('R13')).toMatchObject({ name: '赛马排名计分', owner: 'IPB', defaultValue: '40/40/20' });
    expect(weights).toEqual({ conversions: 40, landedAmount: 40, conformance: 20 });
    expect(ruleById('R13').parse('50/30/20')).toEqual({ ok: true, value: '50/30/20' });
    expect(ruleById('R13').parse('50/30/30').ok).toBe(false);
    expect(ruleById('R13').parse('50/50').ok).toBe(false);
  });

  it('scores each measure against the best unit and adds guide conformance', () => {
    const rows = raceRanking(
      [
        unit('a', { reports: 2, conformingReports: 2, signings: 1, landings: 1, landedWan: 50_000 }),
        unit('b', { reports: 4, conformingReports: 2, signings: 1, landedWan: 0 }),
        unit('c', {}),
      ],
      weights,
    );
    // a: 40·2/2 + 40·1 + 20·1 = 100; b: 40·1/2 + 0 + 20·0.5 = 30; c: 0.
    expect(rows.map((r) => [r.unitId, r.rank, r.score])).toEqual([
      ['a', 1, 100],
      ['b', 2, 30],
      ['c', 3, 0],
    ]);
    expect(rows[1]).toMatchObject({ conversions: 1, conformance: 0.5 });
  });

  it('follows changed weights, and nobody scores on a measure nobody has', () => {
    const rows = raceRanking(
      [unit('a', { reports: 1, conformingReports: 1 }), unit('b', { reports: 1, signings: 1 })],
      { conversions: 10, landedAmount: 10, conformance: 80 },
    );
    expect(rows.map((r) => [r.unitId, r.score])).toEqual([
      ['a', 80],
      ['b', 10],
    ]);
  });

  it('gives equal units the same rank and orders them by name', () => {
    const rows = raceRanking([unit('乙', { signings: 1 }), unit('甲', { signings: 1 }), unit('丙', {})], weights);
    expect(rows.map((r) => [r.unitName, r.rank])).toEqual([
      ['甲', 1],
      ['乙', 1],
      ['丙', 3],
    ]);
  });
});
