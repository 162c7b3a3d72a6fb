import { describe, expect, it } from 'vitest';
import { landReward, rankLandProjects, type LandCandidate } from '../../../../src/domain/factors/land.ts';
import { defaultRuleValues, landRankingOf } from '../../../../src/domain/regulation/rules.ts';

/** R6's default: 50 % investment scale + 50 % 亩均产值, major from 1亿元. */
const R6 = landRankingOf(defaultRuleValues());

const project = (code: string, amountWan: number, areaMu: number | null, outputWan: number | null): LandCandidate => ({
  code,
  name: code,
  unitId: 'binjiang',
  amountWan,
  areaMu,
  outputWan,
});
const lines = (candidates: LandCandidate[], threshold?: number) =>
  rankLandProjects(candidates, { ...R6, thresholdWan: threshold ?? R6.thresholdWan }).ranked.map(
    (e) => [e.rank, e.code, e.perMuWan, e.investmentPoints, e.perMuPoints, e.score] as const,
  );

describe('rankLandProjects (五(一): investment scale and 亩均产值)', () => {
  it('uses a major-project threshold of at least 1亿元', () => {
    expect(R6).toEqual({ investment: 50, perMu: 50, thresholdWan: 10_000 });
  });

  it.each([
    [
      'scales each factor against the best and adds the halves',
      [project('A', 500_000, 100, 600_000), project('B', 200_000, 50, 400_000)],
      [
        [1, 'A', 6000, 50, 37.5, 87.5],
        [2, 'B', 8000, 20, 50, 70],
      ],
    ],
    [
      'equal scores share a rank and are listed by investment',
      [project('A', 100_000, 10, 100_000), project('B', 100_000, 10, 100_000), project('C', 50_000, 10, 50_000)],
      [
        [1, 'A', 10_000, 50, 50, 100],
        [1, 'B', 10_000, 50, 50, 100],
        [3, 'C', 5000, 25, 25, 50],
      ],
    ],
    [
      'a tie on score with different investment lists the bigger investment first',
      [project('SMALL', 50_000, 10, 100_000), project('BIG', 100_000, 20, 100_000)],
      [
        [1, 'BIG', 5000, 50, 25, 75],
        [1, 'SMALL', 10_000, 25, 50, 75],
      ],
    ],
    [
      'zero output scores no 亩均产值 points, and all-zero output divides by nothing',
      [project('A', 100_000, 10, 0), project('B', 50_000, 10, 0)],
      [
        [1, 'A', 0, 50, 0, 50],
        [2, 'B', 0, 25, 0, 25],
      ],
    ],
  ] as const)('%s', (_, candidates, expected) => {
    expect(lines([...candidates])).toEqual(expected);
  });

  it('leaves out projects below the threshold and lists major ones without land data as missing', () => {
    const ranking = rankLandProjects(
      [
        project('A', 200_000, 100, 600_000),
        project('SMALL', 9_999, 10, 100_000),
        project('NOAREA', 300_000, null, 500_000),
        project('NOOUTPUT', 300_000, 10, null),
        project('ZEROAREA', 300_000, 0, 500_000),
      ],
      R6,
    );
    expect(ranking.ranked.map((e) => e.code)).toEqual(['A']);
    expect(ranking.missing.map((c) => c.code)).toEqual(['NOAREA', 'NOOUTPUT', 'ZEROAREA']);
    expect(ranking.maxAmountWan).toBe(200_000);
    expect(ranking.maxPerMuWan).toBe(6000);
  });

  it('takes a configurable threshold', () => {
    expect(lines([project('SMALL', 9_999, 10, 100_000)], 5000).map((l) => l[1])).toEqual(['SMALL']);
    expect(lines([project('SMALL', 9_999, 10, 100_000)]).map((l) => l[1])).toEqual([]);
  });

  it('ranks nothing when nothing has data', () => {
    expect(rankLandProjects([], R6)).toEqual({ ranked: [], missing: [], maxAmountWan: 0, maxPerMuWan: 0 });
  });

  it('shows components that always add up to the score', () => {
    const ranking = rankLandProjects(
      [project('A', 333_333, 7, 100_001), project('B', 123_457, 3, 99_999), project('C', 10_001, 11, 77_777)],
      R6,
    );
    for (const e of ranking.ranked) expect(Math.round((e.investmentPoints + e.perMuPoints) * 100) / 100).toBe(e.score);
  });
});

describe('landReward (五(一): quota the year after the land is supplied)', () => {
  it('rewards one 亩 per 亩 in the following year by default', () => {
    expect(landReward(50, 2026, 1)).toEqual({ rewardYear: 2027, rewardMu: 50 });
    expect(landReward(12.345, 2026, 1)).toEqual({ rewardYear: 2027, rewardMu: 12.35 });
    expect(landReward(10, 2026, 0.5)).toEqual({ rewardYear: 2027, rewardMu: 5 });
  });
});
