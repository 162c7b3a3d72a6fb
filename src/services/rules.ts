/**
 * Implementation rules (实施规则, DESIGN §10): their current values with basis and history, changes by
 * the owning unit (audited, announced to the city group), and the record of which values a decision
 * used. A decision loads the rule book once, reads the values it needs through the typed readers of
 * domain/regulation/rules.ts, and records them with recordRulesApplied in its own transaction.
 */

import { UserError } from '../app/errors.ts';
import { orgRepository } from '../db/repositories/org-repository.ts';
import { ruleRepository, type RuleValueRow } from '../db/repositories/rule-repository.ts';
import type { Tx } from '../db/tx.ts';
import { hasAnyRole, ROLE_LABELS, type RoleGrant } from '../domain/org/roles.ts';
import { clauseById, type ClauseId } from '../domain/regulation/clauses.ts';
import {
  defaultRuleValues,
  parseRuleId,
  RULES,
  ruleById,
  type RuleId,
  type RuleValues,
} from '../domain/regulation/rules.ts';
import { ruleSetNotice } from '../messages/rules.ts';
import { zhCN } from '../messages/zh-CN.ts';
import { appendAudit } from './audit-log.ts';
import { notify } from './notify.ts';
import type { UseCase } from './use-case.ts';

const t = zhCN.rules;
const MAX_BASIS = 200;

/** Product defaults that come from the deployment's configuration rather than the registry. */
export interface RuleDefaults {
  /** EXCLUSIVITY_DAYS: R1's initial default. */
  exclusivityDays?: number;
}

export interface RuleBook {
  values: RuleValues;
  /** The stored row in force for each rule that has one (absent: the product default). */
  rows: Partial<Record<RuleId, RuleValueRow>>;
  /** R1's default came from EXCLUSIVITY_DAYS. */
  fromEnv: boolean;
}

export async function loadRules(tx: Tx, defaults: RuleDefaults = {}): Promise<RuleBook> {
  const rows: Partial<Record<RuleId, RuleValueRow>> = {};
  for (const row of await ruleRepository.current(tx)) {
    const id = parseRuleId(row.ruleId);
    if (id !== undefined) rows[id] = row;
  }
  const base = defaultRuleValues(
    defaults.exclusivityDays === undefined ? {} : { R1: String(defaults.exclusivityDays) },
  );
  const values = Object.fromEntries(RULES.map((rule) => [rule.id, rows[rule.id]?.value ?? base[rule.id]])) as Record<
    RuleId,
    string
  >;
  return { values, rows, fromEnv: defaults.exclusivityDays !== undefined };
}

/** Records which rule values a decision (its audit action on a record) used. */
export async function recordRulesApplied(
  uc: UseCase,
  book: RuleBook,
  recordId: string,
  action: string,
  ids: readonly RuleId[],
): Promise<void> {
  await ruleRepository.recordApplications(
    uc.tx,
    recordId,
    action,
    ids.map((id) => ({ ruleId: id, value: book.values[id], ruleValueId: book.rows[id]?.id ?? null })),
    uc.now,
  );
}

export interface RuleView {
  id: RuleId;
  name: string;
  owner: string;
  value: string;
  basis: string | null;
  fromEnv: boolean;
  implementsClause: ClauseId;
}

function viewOf(book: RuleBook, id: RuleId): RuleView {
  const rule = ruleById(id);
  const row = book.rows[id];
  return {
    id,
    name: rule.name,
    owner: ROLE_LABELS[rule.owner],
    value: book.values[id],
    basis: row?.basis ?? null,
    fromEnv: id === 'R1' && row === undefined && book.fromEnv,
    implementsClause: rule.implements,
  };
}

export async function listRules(tx: Tx, defaults: RuleDefaults): Promise<RuleView[]> {
  const book = await loadRules(tx, defaults);
  return RULES.map((rule) => viewOf(book, rule.id));
}

/** A rule with the clause it implements and every value it has had, oldest first. */
export interface RuleDetailOutcome extends RuleView {
  clauseText: string;
  history: { at: Date; by: string; value: string; basis: string }[];
}

export async function showRule(tx: Tx, input: string, defaults: RuleDefaults): Promise<RuleDetailOutcome> {
  const id = parseRuleId(input);
  if (id === undefined) throw new UserError(t.set.unknownRule({ input }));
  const book = await loadRules(tx, defaults);
  const history = [];
  for (const row of await ruleRepository.history(tx, id)) {
    const user = await orgRepository.findUser(tx, row.setBy);
    history.push({ at: row.setAt, by: user?.name ?? row.setBy, value: row.value, basis: row.basis });
  }
  const view = viewOf(book, id);
  return { ...view, clauseText: clauseById(view.implementsClause).text, history };
}

export interface RuleSetOutcome {
  kind: 'set';
  id: RuleId;
  name: string;
  value: string;
  basis: string;
}

/** /规则 设置: the owning unit's role or ADMIN; audited and announced to the city group. */
export async function setRule(
  uc: UseCase,
  roles: readonly RoleGrant[],
  idInput: string,
  valueInput: string,
  basisInput: string | undefined,
  defaults: RuleDefaults,
): Promise<RuleSetOutcome> {
  const id = parseRuleId(idInput);
  if (id === undefined) throw new UserError(t.set.unknownRule({ input: idInput }));
  const rule = ruleById(id);
  const owner = ROLE_LABELS[rule.owner];
  if (!hasAnyRole(roles, [rule.owner, 'ADMIN'])) throw new UserError(t.set.notOwner({ id, name: rule.name, owner }));
  const basis = basisInput?.trim() ?? '';
  if (basis === '') throw new UserError(t.set.basisMissing({ id }));
  if ([...basis].length > MAX_BASIS) throw new UserError(t.set.basisTooLong({ max: MAX_BASIS }));
  const parsed = rule.parse(valueInput);
  if (!parsed.ok)
    throw new UserError(t.set.badValue({ id, name: rule.name, input: valueInput, problem: parsed.problem }));
  const book = await loadRules(uc.tx, defaults);
  const previous = book.values[id];
  if (parsed.value === previous) throw new UserError(t.set.unchanged({ id, name: rule.name }));
  const row = await ruleRepository.add(uc.tx, { ruleId: id, value: parsed.value, basis, setBy: uc.actorId }, uc.now);
  await appendAudit(uc, {
    action: 'rule.set',
    recordType: 'Rule',
    recordId: id,
    before: { value: previous, basis: book.rows[id]?.basis ?? null },
    after: { value: row.value, basis },
  });
  const by = uc.actorName ?? uc.actorId;
  await notify(
    uc,
    { purpose: 'CITY' },
    ruleSetNotice({ id, name: rule.name, owner, value: parsed.value, previous, basis, by }),
  );
  return { kind: 'set', id, name: rule.name, value: parsed.value, basis };
}

/** The rule values recorded for a record's decisions, for /审计. */
export async function rulesAppliedTo(
  tx: Tx,
  recordId: string,
): Promise<{ at: Date; action: string; id: RuleId; value: string; basis: string | null; fromEnv: boolean }[]> {
  const rows = await ruleRepository.applicationsOf(tx, recordId);
  const bases = new Map<number, string>();
  const out = [];
  for (const row of rows) {
    const id = parseRuleId(row.ruleId);
    if (id === undefined) continue;
    if (row.ruleValueId !== null && !bases.has(row.ruleValueId)) {
      const stored = (await ruleRepository.history(tx, id)).find((h) => h.id === row.ruleValueId);
      if (stored) bases.set(row.ruleValueId, stored.basis);
    }
    out.push({
      at: row.appliedAt,
      action: row.action,
      id,
      value: row.value,
      basis: row.ruleValueId === null ? null : (bases.get(row.ruleValueId) ?? null),
      fromEnv: id === 'R1' && row.ruleValueId === null,
    });
  }
  return out;
}
