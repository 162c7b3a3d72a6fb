/**
 * Industrial platform evaluation (policy 二(三)): every year IPB, with 市发改委 and the industry
 * departments, evaluates how each area implements the layout guide and how well its platforms take in
 * projects; the result guides site recommendations for major projects and policy support.
 *
 * Four indicators, each scored 0–100 by the evaluators. The policy gives no weights: they are
 * implementation rule R9 (DESIGN §10; default equal), passed in; every ranking shows the components.
 */

export const PLATFORM_INDICATORS = ['guide', 'landed', 'investment', 'ecosystem'] as const;
export type PlatformIndicator = (typeof PLATFORM_INDICATORS)[number];

export type PlatformScores = Record<PlatformIndicator, number>;

/** R9: each indicator's share of the total, adding up to 1. */
export type PlatformWeights = PlatformScores;

/** R9's four weights, in the order of PLATFORM_INDICATORS. */
export function platformWeights(shares: readonly number[]): PlatformWeights {
  return Object.fromEntries(PLATFORM_INDICATORS.map((indicator, i) => [indicator, shares[i] ?? 0])) as PlatformWeights;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export function platformTotal(scores: PlatformScores, weights: PlatformWeights): number {
  return round2(PLATFORM_INDICATORS.reduce((sum, indicator) => sum + weights[indicator] * scores[indicator], 0));
}

export interface PlatformEntry {
  unitId: string;
  scores: PlatformScores;
}

export interface RankedPlatform extends PlatformEntry {
  total: number;
  /** 1-based; equal totals share a rank (1, 1, 3). */
  rank: number;
}

/** Highest total first; ties share a rank and are listed by the guide-implementation score, then unit id. */
export function rankPlatforms(entries: readonly PlatformEntry[], weights: PlatformWeights): RankedPlatform[] {
  const ranked = entries.map((e) => ({ ...e, total: platformTotal(e.scores, weights), rank: 0 }));
  ranked.sort((a, b) => b.total - a.total || b.scores.guide - a.scores.guide || a.unitId.localeCompare(b.unitId));
  ranked.forEach((entry, index) => {
    const previous = ranked[index - 1];
    entry.rank = previous !== undefined && previous.total === entry.total ? previous.rank : index + 1;
  });
  return ranked;
}

export interface SiteRecommendation {
  /** The evaluation year used: the latest year in which any host was evaluated; null when none was. */
  year: number | null;
  ranked: RankedPlatform[];
  /** Hosts without a score in that year, in the guide's order. */
  unevaluated: string[];
}

/**
 * Ranks a chain's host units by the latest evaluation. One year is used for all of them, so a host
 * evaluated last year is not compared with one evaluated the year before; hosts that year lacks are
 * listed, not guessed.
 */
export function recommendSites(
  hostUnitIds: readonly string[],
  evaluations: readonly (PlatformEntry & { year: number })[],
  weights: PlatformWeights,
): SiteRecommendation {
  const ofHosts = evaluations.filter((e) => hostUnitIds.includes(e.unitId));
  if (ofHosts.length === 0) return { year: null, ranked: [], unevaluated: [...hostUnitIds] };
  const year = Math.max(...ofHosts.map((e) => e.year));
  const thatYear = ofHosts.filter((e) => e.year === year);
  const evaluated = new Set(thatYear.map((e) => e.unitId));
  return {
    year,
    ranked: rankPlatforms(thatYear, weights),
    unevaluated: hostUnitIds.filter((id) => !evaluated.has(id)),
  };
}
