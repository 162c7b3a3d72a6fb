/**
 * Cycles: the individual deadlines a matrix item's schedule produces. A one-off milestone is one
 * cycle; a yearly item has one per year; a continuous item one check-in per quarter.
 */

import { addDays, lastDayOfMonth, type IsoDate } from './dates.ts';
import { POLICY_START, type MatrixItemDefinition, type ScheduleChain } from './items.ts';

export const CYCLE_STATUSES = ['OPEN', 'DONE', 'CONFIRMED', 'PENDING_CONFIRM'] as const;
/**
 * OPEN: work to do (reminded). DONE: the lead unit reported completion, IPB has not ruled yet.
 * CONFIRMED: IPB accepted it. PENDING_CONFIRM: the deadline had passed before this bot was
 * deployed, so nobody knows whether it was met; IPB confirms or reopens it.
 */
export type CycleStatus = (typeof CYCLE_STATUSES)[number];

/** Statuses that wait for IPB's ruling (确认 / 退回). */
export const AWAITING_IPB: readonly CycleStatus[] = ['DONE', 'PENDING_CONFIRM'];

export interface CycleSpec {
  itemNumber: number;
  /** '2019-07-31' for a milestone, '2026' for a year, '2026Q4' for a quarter. */
  key: string;
  label: string;
  dueDate: IsoDate;
  leadUnitId: string;
  /** The day after the previous deadline of the same chain (the policy's start for the first). */
  opensOn: IsoDate;
}

/** Accepts what officers type to name a cycle: 2026, 2026Q4 (or 2026q4), 2019-07-31. */
export function normaliseCycleKey(text: string): string | undefined {
  const trimmed = text.trim().toUpperCase();
  if (/^\d{4}(Q[1-4])?$/.test(trimmed) || /^\d{4}-\d{2}-\d{2}$/.test(trimmed)) return trimmed;
  return undefined;
}

function quarterEnd(year: number, quarter: number): IsoDate {
  return lastDayOfMonth(year, quarter * 3);
}

/** The chain's cycles in order; repeating chains never end, so callers stop when they have enough. */
export function* chainCycles(item: Pick<MatrixItemDefinition, 'number'>, chain: ScheduleChain): Generator<CycleSpec> {
  let opensOn = POLICY_START;
  const emit = (key: string, label: string, dueDate: IsoDate): CycleSpec => {
    const spec = { itemNumber: item.number, key, label, dueDate, leadUnitId: chain.leadUnitId, opensOn };
    opensOn = addDays(dueDate, 1);
    return spec;
  };
  for (const milestone of chain.once) yield emit(milestone.due, milestone.task, milestone.due);
  const repeat = chain.repeat;
  if (repeat === undefined) return;
  if (repeat.every === 'year') {
    for (let year = repeat.firstYear; ; year++)
      yield emit(String(year), `${year}年度${repeat.task}`, `${year}-${repeat.monthDay}`);
  }
  let [year = 0, quarter = 1] = repeat.firstQuarter.split('Q').map(Number);
  for (;;) {
    yield emit(`${year}Q${quarter}`, `${year}年第${quarter}季度${repeat.task}`, quarterEnd(year, quarter));
    if (quarter === 4) {
      year += 1;
      quarter = 1;
    } else {
      quarter += 1;
    }
  }
}

/**
 * The cycles that should exist on `today`: every cycle that has opened, plus the next one of each
 * repeating chain. Keeping one cycle ahead means that completing this year's work early (the
 * lead unit is encouraged to) immediately shows next year's deadline, as "a yearly item opens its
 * next cycle" asks, without a separate code path.
 */
export function cyclesDueToExist(item: Pick<MatrixItemDefinition, 'number' | 'schedule'>, today: IsoDate): CycleSpec[] {
  const cycles: CycleSpec[] = [];
  for (const chain of item.schedule.chains) {
    for (const cycle of chainCycles(item, chain)) {
      cycles.push(cycle);
      if (cycle.opensOn > today) break;
    }
  }
  return cycles;
}

/** The cycle after the one due on `dueDate` in the lead unit's chain, if the chain goes on. */
export function nextCycle(
  item: Pick<MatrixItemDefinition, 'number' | 'schedule'>,
  leadUnitId: string,
  dueDate: IsoDate,
): CycleSpec | undefined {
  const chain = item.schedule.chains.find((c) => c.leadUnitId === leadUnitId);
  if (chain === undefined) return undefined;
  // Due dates strictly increase along a chain, so this ends for repeating chains too.
  for (const cycle of chainCycles(item, chain)) if (cycle.dueDate > dueDate) return cycle;
  return undefined;
}

/**
 * A deadline that had passed before the matrix was first seeded in this database is not known to
 * have been missed: it is recorded as PENDING_CONFIRM for IPB, not as overdue work.
 */
export function initialStatus(dueDate: IsoDate, deployedOn: IsoDate): CycleStatus {
  return dueDate < deployedOn ? 'PENDING_CONFIRM' : 'OPEN';
}

interface HasStatus {
  status: CycleStatus;
  dueDate: IsoDate;
}

const byDue = <C extends HasStatus>(cycles: readonly C[]) =>
  [...cycles].sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0));

/**
 * The cycle a ledger line shows: the earliest open one (an overdue cycle is the most pressing),
 * else the next deadline to come, else the last one.
 */
export function currentCycle<C extends HasStatus>(cycles: readonly C[], today: IsoDate): C | undefined {
  const sorted = byDue(cycles);
  return sorted.find((c) => c.status === 'OPEN') ?? sorted.find((c) => c.dueDate >= today) ?? sorted.at(-1);
}

/**
 * The cycle "/台账 完成" completes when none is named: the earliest open one, else the earliest
 * that predates deployment, so a lead unit can file the basis for a milestone met before the bot.
 */
export function completionTarget<C extends HasStatus>(cycles: readonly C[]): C | undefined {
  const sorted = byDue(cycles);
  return sorted.find((c) => c.status === 'OPEN') ?? sorted.find((c) => c.status === 'PENDING_CONFIRM');
}
