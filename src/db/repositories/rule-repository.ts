import type { Tx } from '../tx.ts';
import { txState } from './tx-state.ts';

export interface RuleValueRow {
  id: number;
  ruleId: string;
  value: string;
  basis: string;
  setBy: string;
  setAt: Date;
}

export interface RuleApplicationRow {
  action: string;
  ruleId: string;
  value: string;
  ruleValueId: number | null;
  appliedAt: Date;
}

const valueSelect = { id: true, ruleId: true, value: true, basis: true, setBy: true, setAt: true } as const;

export const ruleRepository = {
  /** The newest value of each rule that has one. */
  async current(tx: Tx): Promise<RuleValueRow[]> {
    const state = txState(tx);
    if (state.ruleValues !== undefined) return state.ruleValues;
    const newest = await tx.ruleValue.groupBy({ by: ['ruleId'], _max: { id: true } });
    const ids = newest.map((row) => row._max.id).filter((id): id is number => id !== null);
    state.ruleValues =
      ids.length === 0 ? [] : await tx.ruleValue.findMany({ where: { id: { in: ids } }, select: valueSelect });
    return state.ruleValues;
  },

  /** A rule's values, newest first. */
  async history(tx: Tx, ruleId: string): Promise<RuleValueRow[]> {
    return tx.ruleValue.findMany({ where: { ruleId }, select: valueSelect, orderBy: { id: 'desc' } });
  },

  async add(
    tx: Tx,
    entry: { ruleId: string; value: string; basis: string; setBy: string },
    now: Date,
  ): Promise<RuleValueRow> {
    const row = await tx.ruleValue.create({ data: { ...entry, setAt: now }, select: valueSelect });
    const state = txState(tx);
    if (state.ruleValues !== undefined)
      state.ruleValues = [...state.ruleValues.filter((v) => v.ruleId !== row.ruleId), row];
    return row;
  },

  async recordApplications(
    tx: Tx,
    recordId: string,
    action: string,
    applied: readonly { ruleId: string; value: string; ruleValueId: number | null }[],
    now: Date,
  ): Promise<void> {
    if (applied.length === 0) return;
    await tx.ruleApplication.createMany({ data: applied.map((a) => ({ recordId, action, ...a, appliedAt: now })) });
  },

  async applicationsOf(tx: Tx, recordId: string): Promise<RuleApplicationRow[]> {
    return tx.ruleApplication.findMany({
      where: { recordId },
      select: { action: true, ruleId: true, value: true, ruleValueId: true, appliedAt: true },
      orderBy: { id: 'asc' },
    });
  },
};
