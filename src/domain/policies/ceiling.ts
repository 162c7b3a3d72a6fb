/**
 * 比拼政策 (policy 三(三)): 各地制定出台的普惠性产业投资促进政策…和"一事一议"政策，不得优于《布局导引》确定的
 * 重点产业承载地区政策. The host units of a chain set the ceiling; a policy above it on any measure is
 * a finding (DESIGN §5.4), and a transfer's promise above it is flagged to the reviewers (§5.3).
 *
 * Rules of the comparison, all pure:
 * - only the same type is compared (a rent subsidy says nothing about a tax reward), and 其他 is never
 *   compared with 其他, since it covers unlike measures;
 * - with several host filings of the type, the ceiling is the most generous value of each measure
 *   among them: a policy no better than some host's on every measure is not out-bidding the hosts;
 * - a measure is compared only when both the policy and the ceiling state it (an omitted cap or
 *   duration is not read as "unlimited", so a missing word never turns into an accusation);
 * - with no host filing of the type there is no ceiling, and nothing can be said yet.
 */

import type { PolicyTerms, PolicyType } from './terms.ts';

export type Measure = 'rate' | 'cap' | 'years';

export const MEASURES: readonly Measure[] = ['rate', 'cap', 'years'];

export interface Ceiling {
  type: PolicyType;
  ratePct: number;
  capWan: number | null;
  years: number | null;
}

export interface Excess {
  measure: Measure;
  value: number;
  ceiling: number;
}

export type Comparison =
  | { verdict: 'no-ceiling' }
  | { verdict: 'within'; ceiling: Ceiling }
  | { verdict: 'exceeds'; ceiling: Ceiling; excess: Excess[] };

const maxOf = (values: readonly (number | null)[]): number | null => {
  const stated = values.filter((v): v is number => v !== null);
  return stated.length === 0 ? null : Math.max(...stated);
};

/** The hosts' ceiling for one type, or null when no host filed that type (or it is 其他). */
export function ceilingOf(type: PolicyType, hostTerms: readonly PolicyTerms[]): Ceiling | null {
  if (type === 'OTHER') return null;
  const same = hostTerms.filter((t) => t.type === type);
  const rate = maxOf(same.map((t) => t.ratePct));
  if (rate === null) return null;
  return { type, ratePct: rate, capWan: maxOf(same.map((t) => t.capWan)), years: maxOf(same.map((t) => t.years)) };
}

function measureOf(terms: PolicyTerms | Ceiling, measure: Measure): number | null {
  switch (measure) {
    case 'rate':
      return terms.ratePct;
    case 'cap':
      return terms.capWan;
    case 'years':
      return terms.years;
  }
}

/** One policy item against the host filings of its chain. */
export function compareWithCeiling(terms: PolicyTerms, hostTerms: readonly PolicyTerms[]): Comparison {
  const ceiling = ceilingOf(terms.type, hostTerms);
  if (ceiling === null) return { verdict: 'no-ceiling' };
  const excess: Excess[] = [];
  for (const measure of MEASURES) {
    const value = measureOf(terms, measure);
    const limit = measureOf(ceiling, measure);
    if (value !== null && limit !== null && value > limit) excess.push({ measure, value, ceiling: limit });
  }
  return excess.length > 0 ? { verdict: 'exceeds', ceiling, excess } : { verdict: 'within', ceiling };
}

export interface ItemComparison {
  terms: PolicyTerms;
  comparison: Comparison;
}

/** Every item of a promise against the hosts' filings, in the promise's order. */
export function comparePromise(items: readonly PolicyTerms[], hostTerms: readonly PolicyTerms[]): ItemComparison[] {
  return items.map((terms) => ({ terms, comparison: compareWithCeiling(terms, hostTerms) }));
}

export function anyExceeds(comparisons: readonly ItemComparison[]): boolean {
  return comparisons.some((c) => c.comparison.verdict === 'exceeds');
}
