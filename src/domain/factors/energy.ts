/**
 * Energy quota (policy 五(二)): the city's energy authority pools the energy-use quota of major
 * projects at city level and uses it competitively. Requests are ranked by output value per tonne of
 * standard coal (万元/吨标煤) and served in that order until the pool is used up.
 *
 * A request that no longer fits in full receives what is left (PARTIAL) and the pool is then used up:
 * the policy asks that the pool be used, and a partly covered project can seek the rest from the
 * province or next year. Everyone after it receives nothing.
 */

import type { EnergyMethod } from '../regulation/rules.ts';

export interface EnergyRequestInput {
  id: number;
  code: string;
  /** Whole tonnes of standard coal requested. */
  tonnes: number;
  /** Expected yearly output value, 万元. */
  outputWan: number;
  requestedAt: Date;
}

export type EnergyOutcomeKind = 'FULL' | 'PARTIAL' | 'NONE' | 'INVALID';

export interface EnergyOutcome {
  id: number;
  code: string;
  kind: EnergyOutcomeKind;
  grantedTonnes: number;
  /** Position in the allocation order, 1-based; null for an invalid request. */
  rank: number | null;
  /** 万元 per tonne, two decimals (0 for an invalid request). */
  efficiency: number;
}

export interface EnergyAllocation {
  outcomes: EnergyOutcome[];
  used: number;
  remaining: number;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * The competitive order of each method of rule R8. 单位能耗产出: efficiency, compared as cross products
 * so no division error decides a tie.
 */
const ORDERS: Record<EnergyMethod, (a: EnergyRequestInput, b: EnergyRequestInput) => number> = {
  单位能耗产出: (a, b) => b.outputWan * a.tonnes - a.outputWan * b.tonnes,
};

/**
 * Orders by the method of rule R8, then by the earlier request, then by code. A request for zero or
 * negative tonnes, or with negative output, is INVALID and takes nothing; zero output is valid and ranks last.
 */
export function allocateEnergy(
  poolTonnes: number,
  requests: readonly EnergyRequestInput[],
  method: EnergyMethod,
): EnergyAllocation {
  const valid = requests.filter((r) => Number.isInteger(r.tonnes) && r.tonnes > 0 && r.outputWan >= 0);
  const invalid = requests.filter((r) => !valid.includes(r));
  const order = ORDERS[method];
  const ordered = [...valid].sort(
    (a, b) => order(a, b) || a.requestedAt.getTime() - b.requestedAt.getTime() || a.code.localeCompare(b.code),
  );
  let remaining = Math.max(0, Math.floor(poolTonnes));
  const outcomes: EnergyOutcome[] = ordered.map((request, index) => {
    const granted = Math.min(request.tonnes, remaining);
    remaining -= granted;
    const kind: EnergyOutcomeKind = granted === request.tonnes ? 'FULL' : granted > 0 ? 'PARTIAL' : 'NONE';
    return {
      id: request.id,
      code: request.code,
      kind,
      grantedTonnes: granted,
      rank: index + 1,
      efficiency: round2(request.outputWan / request.tonnes),
    };
  });
  for (const request of invalid)
    outcomes.push({ id: request.id, code: request.code, kind: 'INVALID', grantedTonnes: 0, rank: null, efficiency: 0 });
  const used = outcomes.reduce((sum, o) => sum + o.grantedTonnes, 0);
  return { outcomes, used, remaining };
}
