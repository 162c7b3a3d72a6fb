import { describe, expect, it } from 'vitest';
import {
  platformTotal,
  platformWeights,
  rankPlatforms,
  recommendSites,
  type PlatformScores,
} from '../../../../src/domain/factors/platform.ts';
import { defaultRuleValues, platformWeightsOf } from '../../../../src/domain/regulation/rules.ts';

/** R9's default: equal weights. */
const W = platformWeights(platformWeightsOf(defaultRuleValues()));

const s = (guide: number, landed: number, investment: number, ecosystem: number): PlatformScores => ({
  guide,
  landed,
  investment,
  ecosystem,
});

describe('platform evaluation (二(三))', () => {
  it('totals the four indicators with equal weights', () => {
    expect(platformTotal(s(90, 85, 88, 80), W)).toBe(85.75);
    expect(platformTotal(s(0, 0, 0, 0), W)).toBe(0);
    expect(platformTotal(s(100, 100, 100, 100), W)).toBe(100);
    expect(platformTotal(s(33.33, 33.33, 33.33, 33.34), W)).toBe(33.33);
    // Another R9 value weighs the indicators differently.
    expect(platformTotal(s(100, 0, 0, 0), platformWeights([0.4, 0.2, 0.2, 0.2]))).toBe(40);
  });

  it.each([
    [
      'orders by total',
      [
        ['a', s(80, 80, 80, 80)],
        ['b', s(90, 90, 90, 90)],
      ],
      [
        ['b', 1],
        ['a', 2],
      ],
    ],
    [
      'equal totals share a rank; the guide score orders them; the next rank skips',
      [
        ['a', s(80, 90, 90, 80)],
        ['b', s(90, 80, 80, 90)],
        ['c', s(10, 10, 10, 10)],
      ],
      [
        ['b', 1],
        ['a', 1],
        ['c', 3],
      ],
    ],
    [
      'a full tie falls back to the unit id',
      [
        ['z', s(70, 70, 70, 70)],
        ['m', s(70, 70, 70, 70)],
      ],
      [
        ['m', 1],
        ['z', 1],
      ],
    ],
    ['nothing to rank', [], []],
  ] as const)('rankPlatforms %s', (_, entries, expected) => {
    expect(
      rankPlatforms(
        entries.map(([unitId, scores]) => ({ unitId, scores })),
        W,
      ).map((r) => [r.unitId, r.rank]),
    ).toEqual(expected);
  });

  it('recommends by the latest year any host was evaluated, listing hosts that year lacks', () => {
    const result = recommendSites(
      ['binjiang', 'qiantang', 'xiaoshan'],
      [
        { unitId: 'binjiang', year: 2025, scores: s(99, 99, 99, 99) },
        { unitId: 'qiantang', year: 2026, scores: s(80, 80, 80, 80) },
        { unitId: 'xiaoshan', year: 2026, scores: s(90, 90, 90, 90) },
        { unitId: 'other', year: 2027, scores: s(100, 100, 100, 100) },
      ],
      W,
    );
    expect(result.year).toBe(2026);
    expect(result.ranked.map((r) => [r.unitId, r.rank, r.total])).toEqual([
      ['xiaoshan', 1, 90],
      ['qiantang', 2, 80],
    ]);
    expect(result.unevaluated).toEqual(['binjiang']);
  });

  it('recommends nothing when no host was ever evaluated (missing data), keeping the guide order', () => {
    expect(recommendSites(['b', 'a'], [{ unitId: 'c', year: 2026, scores: s(1, 1, 1, 1) }], W)).toEqual({
      year: null,
      ranked: [],
      unevaluated: ['b', 'a'],
    });
  });
});
