import { describe, expect, it } from 'vitest';
import {
  anyExceeds,
  ceilingOf,
  comparePromise,
  compareWithCeiling,
  type Comparison,
} from '../../../../src/domain/policies/ceiling.ts';
import type { PolicyTerms, PolicyType } from '../../../../src/domain/policies/terms.ts';

const terms = (
  type: PolicyType,
  ratePct: number,
  capWan: number | null = null,
  years: number | null = null,
): PolicyTerms => ({ type, ratePct, capWan, years });
const TAX = (rate: number, cap: number | null = null, years: number | null = null) =>
  terms('TAX_REWARD', rate, cap, years);

/** The comparison table of 三(三): [case, the policy, the hosts' filings, the verdict]. */
const TABLE: [string, PolicyTerms, PolicyTerms[], Comparison][] = [
  ['no host filing at all', TAX(50), [], { verdict: 'no-ceiling' }],
  [
    'hosts filed only other types',
    TAX(50),
    [terms('RENT_SUBSIDY', 30), terms('LAND_PRICE', 20)],
    { verdict: 'no-ceiling' },
  ],
  ['equal on every measure', TAX(30, 2000, 5), [TAX(30, 2000, 5)], { verdict: 'within', ceiling: TAX(30, 2000, 5) }],
  ['lower on every measure', TAX(20, 1000, 3), [TAX(30, 2000, 5)], { verdict: 'within', ceiling: TAX(30, 2000, 5) }],
  [
    'higher on the rate only',
    TAX(50, 2000, 5),
    [TAX(30, 2000, 5)],
    { verdict: 'exceeds', ceiling: TAX(30, 2000, 5), excess: [{ measure: 'rate', value: 50, ceiling: 30 }] },
  ],
  [
    'higher on the cap only',
    TAX(30, 3000, 5),
    [TAX(30, 2000, 5)],
    { verdict: 'exceeds', ceiling: TAX(30, 2000, 5), excess: [{ measure: 'cap', value: 3000, ceiling: 2000 }] },
  ],
  [
    'higher on the years only, lower elsewhere',
    TAX(10, 500, 8),
    [TAX(30, 2000, 5)],
    { verdict: 'exceeds', ceiling: TAX(30, 2000, 5), excess: [{ measure: 'years', value: 8, ceiling: 5 }] },
  ],
  [
    'higher on every measure',
    TAX(40, 2500, 6),
    [TAX(30, 2000, 5)],
    {
      verdict: 'exceeds',
      ceiling: TAX(30, 2000, 5),
      excess: [
        { measure: 'rate', value: 40, ceiling: 30 },
        { measure: 'cap', value: 2500, ceiling: 2000 },
        { measure: 'years', value: 6, ceiling: 5 },
      ],
    },
  ],
  ['a cap the host does not state is not compared', TAX(30, 9000), [TAX(30)], { verdict: 'within', ceiling: TAX(30) }],
  [
    'a cap the policy leaves out is not read as unlimited',
    TAX(30),
    [TAX(30, 2000, 5)],
    { verdict: 'within', ceiling: TAX(30, 2000, 5) },
  ],
  [
    'several hosts: the most generous value of each measure',
    TAX(40, 2500, 5),
    [TAX(50, 1000, 3), TAX(30, 3000, 5), terms('RENT_SUBSIDY', 90, 9000, 10)],
    { verdict: 'within', ceiling: TAX(50, 3000, 5) },
  ],
  [
    'several hosts: above the best of them on one measure',
    TAX(40, 2500, 6),
    [TAX(50, 1000, 3), TAX(30, 3000, 5)],
    { verdict: 'exceeds', ceiling: TAX(50, 3000, 5), excess: [{ measure: 'years', value: 6, ceiling: 5 }] },
  ],
  ['其他 is never compared, even with 其他', terms('OTHER', 90), [terms('OTHER', 10)], { verdict: 'no-ceiling' }],
  [
    'a decimal rate just above',
    TAX(30.01),
    [TAX(30)],
    { verdict: 'exceeds', ceiling: TAX(30), excess: [{ measure: 'rate', value: 30.01, ceiling: 30 }] },
  ],
];

describe('compareWithCeiling', () => {
  it.each(TABLE)('%s', (_case, policy, hosts, expected) => {
    expect(compareWithCeiling(policy, hosts)).toEqual(expected);
  });
});

describe('ceilingOf', () => {
  it('is null without a host filing of the type, and for 其他', () => {
    expect(ceilingOf('TAX_REWARD', [terms('RENT_SUBSIDY', 10)])).toBeNull();
    expect(ceilingOf('OTHER', [terms('OTHER', 10)])).toBeNull();
  });

  it('takes each measure from whichever host states the most generous one', () => {
    expect(ceilingOf('TAX_REWARD', [TAX(20, null, 8), TAX(30, 1000)])).toEqual(TAX(30, 1000, 8));
  });
});

describe('comparePromise', () => {
  it('compares every item of a promise, in order', () => {
    const result = comparePromise(
      [TAX(50), terms('RENT_SUBSIDY', 30), terms('LAND_PRICE', 10)],
      [TAX(30), terms('LAND_PRICE', 20)],
    );
    expect(result.map((r) => r.comparison.verdict)).toEqual(['exceeds', 'no-ceiling', 'within']);
    expect(anyExceeds(result)).toBe(true);
    expect(anyExceeds(result.slice(1))).toBe(false);
  });
});
