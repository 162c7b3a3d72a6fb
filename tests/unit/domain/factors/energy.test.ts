import { describe, expect, it } from 'vitest';
import { allocateEnergy, type EnergyRequestInput } from '../../../../src/domain/factors/energy.ts';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 26, 1, minute));
const request = (id: number, tonnes: number, outputWan: number, minute = id): EnergyRequestInput => ({
  id,
  code: `ZS-2026-${String(id).padStart(4, '0')}`,
  tonnes,
  outputWan,
  requestedAt: at(minute),
});
const summary = (pool: number, requests: EnergyRequestInput[]) =>
  allocateEnergy(pool, requests, '单位能耗产出').outcomes.map((o) => [o.id, o.kind, o.grantedTonnes, o.rank] as const);

describe('allocateEnergy (五(二): competitive use, by output per tonne of standard coal)', () => {
  it.each([
    [
      'serves the most efficient first, in full while the pool lasts, then the remainder, then nothing',
      10_000,
      [request(1, 4000, 400_000), request(2, 5000, 250_000), request(3, 3000, 300_000), request(4, 2000, 40_000)],
      [
        [1, 'FULL', 4000, 1],
        [3, 'FULL', 3000, 2],
        [2, 'PARTIAL', 3000, 3],
        [4, 'NONE', 0, 4],
      ],
    ],
    [
      'a pool larger than all requests grants everything',
      100_000,
      [request(1, 4000, 400_000), request(2, 5000, 250_000)],
      [
        [1, 'FULL', 4000, 1],
        [2, 'FULL', 5000, 2],
      ],
    ],
    [
      'an exhausted (empty) pool grants nothing but still ranks',
      0,
      [request(1, 4000, 400_000), request(2, 5000, 250_000)],
      [
        [1, 'NONE', 0, 1],
        [2, 'NONE', 0, 2],
      ],
    ],
    [
      'a pool used exactly leaves nothing for the next one, with no zero PARTIAL',
      7000,
      [request(1, 4000, 400_000), request(2, 3000, 300_000), request(3, 1000, 90_000)],
      [
        [1, 'FULL', 4000, 1],
        [2, 'FULL', 3000, 2],
        [3, 'NONE', 0, 3],
      ],
    ],
    [
      'ties on efficiency go to the earlier request, whatever the input order',
      5000,
      [request(2, 3000, 300_000, 30), request(1, 3000, 300_000, 10)],
      [
        [1, 'FULL', 3000, 1],
        [2, 'PARTIAL', 2000, 2],
      ],
    ],
    [
      'equal efficiency and equal time fall back to the code',
      3000,
      [request(9, 3000, 300_000, 5), request(8, 3000, 300_000, 5)],
      [
        [8, 'FULL', 3000, 1],
        [9, 'NONE', 0, 2],
      ],
    ],
    [
      'zero output is valid and ranks last',
      5000,
      [request(1, 2000, 0), request(2, 2000, 10_000)],
      [
        [2, 'FULL', 2000, 1],
        [1, 'FULL', 2000, 2],
      ],
    ],
    [
      'missing data (zero or fractional tonnes, negative output) is INVALID and takes nothing',
      5000,
      [request(1, 0, 10_000), request(2, 1.5, 10_000), request(3, 100, -5), request(4, 1000, 10_000)],
      [
        [4, 'FULL', 1000, 1],
        [1, 'INVALID', 0, null],
        [2, 'INVALID', 0, null],
        [3, 'INVALID', 0, null],
      ],
    ],
  ] as const)('%s', (_, pool, requests, expected) => {
    expect(summary(pool, [...requests])).toEqual(expected);
  });

  it('compares efficiency exactly: 1/3 and 2/6 tie instead of differing in the last bit', () => {
    const result = allocateEnergy(10, [request(2, 6, 2, 2), request(1, 3, 1, 1)], '单位能耗产出');
    expect(result.outcomes.map((o) => o.id)).toEqual([1, 2]);
    expect(result.outcomes.map((o) => o.efficiency)).toEqual([0.33, 0.33]);
  });

  it('reports what was used and what is left', () => {
    expect(allocateEnergy(10_000, [request(1, 4000, 400_000)], '单位能耗产出')).toMatchObject({
      used: 4000,
      remaining: 6000,
    });
    expect(allocateEnergy(3000, [request(1, 4000, 400_000)], '单位能耗产出')).toMatchObject({
      used: 3000,
      remaining: 0,
    });
    expect(allocateEnergy(3000, [], '单位能耗产出')).toEqual({ outcomes: [], used: 0, remaining: 3000 });
  });

  it('never grants more than requested or more than the pool (property over many shapes)', () => {
    for (let seed = 1; seed < 200; seed++) {
      const requests = Array.from({ length: (seed % 7) + 1 }, (_, i) =>
        request(i + 1, ((seed * (i + 3)) % 50) + 1, (seed * (i + 7)) % 1000, (seed * i) % 13),
      );
      const pool = (seed * 37) % 200;
      const { outcomes, used, remaining } = allocateEnergy(pool, requests, '单位能耗产出');
      expect(used + remaining).toBe(pool);
      for (const o of outcomes)
        expect(o.grantedTonnes).toBeLessThanOrEqual(requests.find((r) => r.id === o.id)!.tonnes);
      expect(outcomes.filter((o) => o.kind === 'PARTIAL').length).toBeLessThanOrEqual(1);
    }
  });
});
