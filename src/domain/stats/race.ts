/**
 * The 赛马 ranking of districts and platforms. The policy sets no formula for it: this is
 * implementation rule R13 (实施规则「赛马排名计分」, its weights in domain/regulation/rules.ts, default
 * 40/40/20), and this file is the only place the formula lives. Each unit scores
 *
 *   score = w1 × 转化数 ÷ 最高转化数 + w2 × 落地投资额 ÷ 最高落地投资额 + w3 × 导引符合率
 *
 * where 转化数 = signings + landings recorded in the period, 落地投资额 = the investment of the
 * projects that landed in the period (万元), and 导引符合率 = the share of the unit's reports in the
 * period whose chain the layout guide assigns to it (0 when it reported nothing). Each of the first
 * two measures is scaled to the best unit (the best scores the full weight; when nobody has any, no one
 * scores). Ties rank by landed investment, then conversions, then name.
 */

export interface RaceWeights {
  conversions: number;
  landedAmount: number;
  conformance: number;
}

export interface RaceInput {
  unitId: string;
  unitName: string;
  reports: number;
  conformingReports: number;
  signings: number;
  landings: number;
  landedWan: number;
}

export interface RaceRow extends RaceInput {
  rank: number;
  conversions: number;
  /** 0–1. */
  conformance: number;
  /** 0–100, one decimal. */
  score: number;
}

export function raceRanking(units: readonly RaceInput[], weights: RaceWeights): RaceRow[] {
  const conversionsOf = (u: RaceInput) => u.signings + u.landings;
  const maxConversions = Math.max(0, ...units.map(conversionsOf));
  const maxLanded = Math.max(0, ...units.map((u) => u.landedWan));
  const scored = units.map((u) => {
    const conversions = conversionsOf(u);
    const conformance = u.reports === 0 ? 0 : u.conformingReports / u.reports;
    const raw =
      (maxConversions === 0 ? 0 : (weights.conversions * conversions) / maxConversions) +
      (maxLanded === 0 ? 0 : (weights.landedAmount * u.landedWan) / maxLanded) +
      weights.conformance * conformance;
    return { ...u, conversions, conformance, score: Math.round(raw * 10) / 10, rank: 0 };
  });
  scored.sort(
    (a, b) =>
      b.score - a.score ||
      b.landedWan - a.landedWan ||
      b.conversions - a.conversions ||
      a.unitName.localeCompare(b.unitName, 'zh-CN'),
  );
  scored.forEach((row, i) => {
    const previous = scored[i - 1];
    row.rank =
      previous !== undefined &&
      previous.score === row.score &&
      previous.landedWan === row.landedWan &&
      previous.conversions === row.conversions
        ? previous.rank
        : i + 1;
  });
  return scored;
}
