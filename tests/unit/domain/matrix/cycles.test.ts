import { describe, expect, it } from 'vitest';
import {
  chainCycles,
  completionTarget,
  currentCycle,
  cyclesDueToExist,
  initialStatus,
  nextCycle,
  normaliseCycleKey,
  type CycleStatus,
} from '../../../../src/domain/matrix/cycles.ts';
import { MATRIX_ITEMS, resolveCooperating } from '../../../../src/domain/matrix/items.ts';

const item = (n: number) => {
  const found = MATRIX_ITEMS.find((def) => def.number === n);
  if (found === undefined) throw new Error(`no item ${n}`);
  return found;
};

function take<T>(generator: Generator<T>, n: number): T[] {
  const out: T[] = [];
  for (const value of generator) {
    out.push(value);
    if (out.length === n) break;
  }
  return out;
}

describe('cycle generator', () => {
  it('item 1: the 2019 milestone, then a cycle per year due 12-31', () => {
    const [chain] = item(1).schedule.chains;
    const cycles = take(chainCycles(item(1), chain!), 3);
    expect(cycles.map((c) => [c.key, c.dueDate, c.opensOn, c.label])).toEqual([
      ['2019-11-30', '2019-11-30', '2019-06-06', '建立产业空间规划联动机制'],
      ['2020', '2020-12-31', '2019-12-01', '2020年度产业空间实施评估'],
      ['2021', '2021-12-31', '2021-01-01', '2021年度产业空间实施评估'],
    ]);
  });

  it('item 2 repeats by 07-31, item 3 has two milestones before its yearly cycle', () => {
    expect(
      take(chainCycles(item(2), item(2).schedule.chains[0]!), 3).map((c) => [c.key, c.dueDate, c.opensOn]),
    ).toEqual([
      ['2019-07-31', '2019-07-31', '2019-06-06'],
      ['2020', '2020-07-31', '2019-08-01'],
      ['2021', '2021-07-31', '2020-08-01'],
    ]);
    expect(take(chainCycles(item(3), item(3).schedule.chains[0]!), 3).map((c) => [c.key, c.dueDate])).toEqual([
      ['2019-07-31', '2019-07-31'],
      ['2019-12-31', '2019-12-31'],
      ['2020', '2020-12-31'],
    ]);
  });

  it('quarterly check-ins fall on the last day of each quarter, across leap years', () => {
    const cycles = take(chainCycles(item(9), item(9).schedule.chains[0]!), 40);
    expect(cycles[0]).toMatchObject({ key: '2019Q3', dueDate: '2019-09-30', opensOn: '2019-06-06' });
    const y2028 = cycles.filter((c) => c.key.startsWith('2028')).map((c) => c.dueDate);
    expect(y2028).toEqual(['2028-03-31', '2028-06-30', '2028-09-30', '2028-12-31']);
    expect(cycles.find((c) => c.key === '2028Q2')?.opensOn).toBe('2028-04-01');
    expect(cycles.find((c) => c.key === '2024Q1')?.label).toBe('2024年第1季度用地需求常态化服务和保障');
  });

  it('item 11: one-off fund set-up in 2019, then quarterly from 2020', () => {
    expect(take(chainCycles(item(11), item(11).schedule.chains[0]!), 3).map((c) => [c.key, c.dueDate])).toEqual([
      ['2019-12-31', '2019-12-31'],
      ['2020Q1', '2020-03-31'],
      ['2020Q2', '2020-06-30'],
    ]);
  });

  it('item 8 has two lead units with the same deadline: the benefit-sharing part is 市财政局', () => {
    const cycles = cyclesDueToExist(item(8), '2026-11-26');
    expect(cycles.map((c) => [c.key, c.leadUnitId, c.label])).toEqual([
      ['2019-12-31', 'ipb', '完成相关规则制定并组织实施'],
      ['2019-12-31', 'finance', '完善财政利益共享制度'],
    ]);
  });

  it('item 4 is yearly with a target of 1–2 chain policies', () => {
    expect(item(4).schedule.yearlyTarget).toEqual({ min: 1, max: 2, unit: '条产业链政策' });
    expect(cyclesDueToExist(item(4), '2019-06-06').map((c) => c.key)).toEqual(['2019', '2020']);
  });
});

describe('which cycles exist', () => {
  it('every opened cycle plus the next one of a repeating chain', () => {
    expect(cyclesDueToExist(item(1), '2026-11-26').map((c) => c.key)).toEqual([
      '2019-11-30',
      '2020',
      '2021',
      '2022',
      '2023',
      '2024',
      '2025',
      '2026',
      '2027',
    ]);
    expect(
      cyclesDueToExist(item(1), '2027-01-01')
        .map((c) => c.key)
        .slice(-2),
    ).toEqual(['2027', '2028']);
    expect(cyclesDueToExist(item(5), '2030-01-01').map((c) => c.key)).toEqual(['2019-07-31']);
    expect(
      cyclesDueToExist(item(12), '2026-11-26')
        .map((c) => c.key)
        .slice(-2),
    ).toEqual(['2026Q4', '2027Q1']);
  });

  it('every item always has a cycle, over ten years', () => {
    for (const def of MATRIX_ITEMS) expect(cyclesDueToExist(def, '2036-06-30').length).toBeGreaterThan(0);
    expect(MATRIX_ITEMS.map((d) => d.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('the next cycle of a lead unit, or none after a last milestone', () => {
    expect(nextCycle(item(1), 'nrb', '2026-12-31')?.key).toBe('2027');
    expect(nextCycle(item(3), 'ipb', '2019-07-31')?.key).toBe('2019-12-31');
    expect(nextCycle(item(9), 'nrb', '2027-12-31')?.key).toBe('2028Q1');
    expect(nextCycle(item(5), 'ipb', '2019-07-31')).toBeUndefined();
    expect(nextCycle(item(8), 'audit', '2019-12-31')).toBeUndefined();
  });

  it('deadlines before the deployment day start as 待确认', () => {
    expect(initialStatus('2026-11-25', '2026-11-26')).toBe('PENDING_CONFIRM');
    expect(initialStatus('2026-11-26', '2026-11-26')).toBe('OPEN');
  });
});

describe('current cycle and completion target', () => {
  const c = (dueDate: string, status: CycleStatus) => ({ dueDate, status });

  it('shows the earliest open cycle, else the next deadline, else the last', () => {
    expect(
      currentCycle([c('2025-12-31', 'PENDING_CONFIRM'), c('2026-12-31', 'OPEN'), c('2027-12-31', 'OPEN')], '2026-11-26')
        ?.dueDate,
    ).toBe('2026-12-31');
    expect(currentCycle([c('2025-12-31', 'OPEN'), c('2026-12-31', 'OPEN')], '2026-11-26')?.dueDate).toBe('2025-12-31');
    expect(currentCycle([c('2025-12-31', 'CONFIRMED'), c('2026-12-31', 'DONE')], '2026-11-26')?.dueDate).toBe(
      '2026-12-31',
    );
    expect(currentCycle([c('2019-07-31', 'PENDING_CONFIRM')], '2026-11-26')?.dueDate).toBe('2019-07-31');
  });

  it('completes the earliest open cycle, else the earliest 待确认 one', () => {
    expect(completionTarget([c('2026-12-31', 'OPEN'), c('2019-12-31', 'PENDING_CONFIRM')])?.dueDate).toBe('2026-12-31');
    expect(completionTarget([c('2019-07-31', 'PENDING_CONFIRM'), c('2019-12-31', 'PENDING_CONFIRM')])?.dueDate).toBe(
      '2019-07-31',
    );
    expect(completionTarget([c('2019-07-31', 'DONE')])).toBeUndefined();
  });

  it('reads cycle keys as officers type them', () => {
    expect(normaliseCycleKey('2026q4')).toBe('2026Q4');
    expect(normaliseCycleKey('2026')).toBe('2026');
    expect(normaliseCycleKey('2019-07-31')).toBe('2019-07-31');
    expect(normaliseCycleKey('已完成')).toBeUndefined();
    expect(normaliseCycleKey('2026Q5')).toBeUndefined();
  });
});

describe('cooperating units', () => {
  it('expands 各区、县（市）和产业集聚区（开发区） to every district and platform that exists', () => {
    const units = [
      { id: 'drc', kind: 'CITY_DEPT' },
      { id: 'ipb', kind: 'CITY_DEPT' },
      { id: 'industry', kind: 'CITY_DEPT' },
      { id: 'binjiang', kind: 'DISTRICT' },
      { id: 'future-sci-city', kind: 'PLATFORM' },
      { id: 'changwu', kind: 'DECISION_BODY' },
    ];
    expect(resolveCooperating(item(1).cooperating, units)).toEqual([
      'drc',
      'ipb',
      'industry',
      'binjiang',
      'future-sci-city',
    ]);
    expect(resolveCooperating(item(10).cooperating, units)).toEqual(['industry', 'ipb']);
  });
});
