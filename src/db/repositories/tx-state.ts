import type { Tx } from '../tx.ts';
import type { UnitRow } from './org-repository.ts';
import type { RuleValueRow } from './rule-repository.ts';

/**
 * What a transaction already read of the small, rarely written tables, so that a use case asking
 * again within the same transaction costs no statement. An event's context load fills it
 * (event-context-repository.ts); the repositories that write these tables keep it true. It lives and
 * dies with the transaction's client, so nothing read here outlives the transaction that read it,
 * and the write lock every transaction holds (BEGIN IMMEDIATE; PostgreSQL's advisory lock) keeps
 * another writer from changing it meanwhile.
 */
export interface TxState {
  /** Every unit, by id order. */
  units?: UnitRow[];
  /** The newest value of each rule that has one. */
  ruleValues?: RuleValueRow[];
  /** The audit chain's last link (null: the chain is empty). */
  auditTail?: { seq: number; hash: string } | null;
}

const states = new WeakMap<Tx, TxState>();

export function txState(tx: Tx): TxState {
  let state = states.get(tx);
  if (state === undefined) {
    state = {};
    states.set(tx, state);
  }
  return state;
}

/**
 * A timestamp read out of JSON (or raw SQLite text): SQLite's stored text carries its offset,
 * PostgreSQL's timestamp(3) is UTC without one.
 */
export function jsonTime(value: string): Date {
  return new Date(/(?:Z|[+-]\d\d:?\d\d)$/.test(value) ? value : `${value}Z`);
}
