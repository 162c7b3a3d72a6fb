/**
 * Land for major projects (policy 五(一)): districts give new construction land quota first to major
 * industrial projects "根据投资规模、亩均产值等因素"; stock land a unit revitalises for a major project
 * earns it new construction land quota in the year after the land is supplied.
 *
 * The policy names the factors but not their weights, so the score is deliberately simple and shown in
 * full with every ranking: each factor is scaled against the best project in the same ranking and the
 * two halves are added.
 */

/** A project of at least this investment (万元) is a major project for land priority: 1亿元. */
export const MAJOR_PROJECT_THRESHOLD_WAN = 10_000;

/** Points of each factor; they add up to 100. */
export const LAND_WEIGHTS = { investment: 50, perMu: 50 } as const;

/**
 * The policy fixes no reward ratio for revitalised land; the product default rewards one 亩 of new
 * construction land quota per 亩 revitalised, and NRB may record another amount case by case.
 */
export const LAND_REWARD_RATIO = 1;

export interface LandCandidate {
  code: string;
  name: string;
  unitId: string;
  amountWan: number;
  /** Null when the project has no land data registered yet. */
  areaMu: number | null;
  outputWan: number | null;
}

export interface LandRankEntry extends LandCandidate {
  areaMu: number;
  outputWan: number;
  /** 亩均产值, 万元 per 亩, two decimals. */
  perMuWan: number;
  investmentPoints: number;
  perMuPoints: number;
  score: number;
  /** 1-based; equal scores share a rank (1, 1, 3). */
  rank: number;
}

export interface LandRanking {
  ranked: LandRankEntry[];
  /** Major projects that cannot be scored until their area and output are registered. */
  missing: LandCandidate[];
  /** The bests every score is scaled against (0 when nothing is ranked). */
  maxAmountWan: number;
  maxPerMuWan: number;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function points(value: number, best: number, weight: number): number {
  return best > 0 ? round2((weight * value) / best) : 0;
}

/**
 * Ranks the major projects (investment ≥ threshold) that have land data:
 * score = 50 × 投资额 / 最高投资额 + 50 × 亩均产值 / 最高亩均产值, each half rounded to two decimals
 * and the score being their sum, so the shown components always add up. Ties share a rank and are
 * listed by investment, then code. Zero output is valid (it scores no 亩均产值 points); an area of zero
 * or less cannot give 亩均产值 and counts as missing data.
 */
export function rankLandProjects(candidates: readonly LandCandidate[], thresholdWan: number = MAJOR_PROJECT_THRESHOLD_WAN): LandRanking {
  const major = candidates.filter((c) => c.amountWan >= thresholdWan);
  const hasData = (c: LandCandidate): c is LandCandidate & { areaMu: number; outputWan: number } => c.areaMu !== null && c.areaMu > 0 && c.outputWan !== null && c.outputWan >= 0;
  const withData = major.filter(hasData);
  const missing = major.filter((c) => !hasData(c));
  const perMu = (c: { areaMu: number; outputWan: number }) => round2(c.outputWan / c.areaMu);
  const maxAmountWan = Math.max(0, ...withData.map((c) => c.amountWan));
  const maxPerMuWan = Math.max(0, ...withData.map(perMu));
  const scored = withData.map((c) => {
    const perMuWan = perMu(c);
    const investmentPoints = points(c.amountWan, maxAmountWan, LAND_WEIGHTS.investment);
    const perMuPoints = points(perMuWan, maxPerMuWan, LAND_WEIGHTS.perMu);
    return { ...c, perMuWan, investmentPoints, perMuPoints, score: round2(investmentPoints + perMuPoints), rank: 0 };
  });
  scored.sort((a, b) => b.score - a.score || b.amountWan - a.amountWan || a.code.localeCompare(b.code));
  scored.forEach((entry, index) => {
    const previous = scored[index - 1];
    entry.rank = previous !== undefined && previous.score === entry.score ? previous.rank : index + 1;
  });
  return { ranked: scored, missing, maxAmountWan, maxPerMuWan };
}

/** The reward for land supplied in `supplyYear`: quota in the following year (五(一) "下一年度"). */
export function landReward(areaMu: number, supplyYear: number, ratio: number = LAND_REWARD_RATIO): { rewardYear: number; rewardMu: number } {
  return { rewardYear: supplyYear + 1, rewardMu: round2(areaMu * ratio) };
}
