/**
 * Land for major projects (policy 五(一)): districts give new construction land quota first to major
 * industrial projects "根据投资规模、亩均产值等因素"; stock land a unit revitalises for a major project
 * earns it new construction land quota in the year after the land is supplied.
 *
 * The policy names the factors but not their weights, the major-project threshold or the reward ratio:
 * those are implementation rules R6 and R7 (NRB's; DESIGN §10), passed in. The score is deliberately
 * simple and shown in full with every ranking: each factor is scaled against the best project in the
 * same ranking and the weighted parts are added.
 */

/** R6: points of each factor (adding up to 100) and the investment (万元) from which a project is major. */
export interface LandRankingRule {
  investment: number;
  perMu: number;
  thresholdWan: number;
}

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
 * score = w₁ × 投资额 / 最高投资额 + w₂ × 亩均产值 / 最高亩均产值 (R6's weights), each part rounded to two decimals
 * and the score being their sum, so the shown components always add up. Ties share a rank and are
 * listed by investment, then code. Zero output is valid (it scores no 亩均产值 points); an area of zero
 * or less cannot give 亩均产值 and counts as missing data.
 */
export function rankLandProjects(candidates: readonly LandCandidate[], rule: LandRankingRule): LandRanking {
  const major = candidates.filter((c) => c.amountWan >= rule.thresholdWan);
  const hasData = (c: LandCandidate): c is LandCandidate & { areaMu: number; outputWan: number } =>
    c.areaMu !== null && c.areaMu > 0 && c.outputWan !== null && c.outputWan >= 0;
  const withData = major.filter(hasData);
  const missing = major.filter((c) => !hasData(c));
  const perMu = (c: { areaMu: number; outputWan: number }) => round2(c.outputWan / c.areaMu);
  const maxAmountWan = Math.max(0, ...withData.map((c) => c.amountWan));
  const maxPerMuWan = Math.max(0, ...withData.map(perMu));
  const scored = withData.map((c) => {
    const perMuWan = perMu(c);
    const investmentPoints = points(c.amountWan, maxAmountWan, rule.investment);
    const perMuPoints = points(perMuWan, maxPerMuWan, rule.perMu);
    return { ...c, perMuWan, investmentPoints, perMuPoints, score: round2(investmentPoints + perMuPoints), rank: 0 };
  });
  scored.sort((a, b) => b.score - a.score || b.amountWan - a.amountWan || a.code.localeCompare(b.code));
  scored.forEach((entry, index) => {
    const previous = scored[index - 1];
    entry.rank = previous !== undefined && previous.score === entry.score ? previous.rank : index + 1;
  });
  return { ranked: scored, missing, maxAmountWan, maxPerMuWan };
}

/** The reward for land supplied in `supplyYear`: quota in the following year (五(一) "下一年度"), R7's 亩 per 亩. */
export function landReward(
  areaMu: number,
  supplyYear: number,
  ratio: number,
): { rewardYear: number; rewardMu: number } {
  return { rewardYear: supplyYear + 1, rewardMu: round2(areaMu * ratio) };
}
