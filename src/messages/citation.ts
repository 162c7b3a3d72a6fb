/**
 * The only place a citation is written (DESIGN §10). A policy clause is cited by its id in the
 * clause catalogue — `ClauseId` is a closed union, so a clause that does not exist fails to
 * compile — and an implementation rule by its id in the rule registry. Everything else in
 * src/messages calls these; tests/unit/messages/citations.test.ts fails on a citation written by hand.
 */

import { clauseById, POLICY_SHORT_TITLE, type ClauseId } from '../domain/regulation/clauses.ts';
import { ruleById, type RuleId } from '../domain/regulation/rules.ts';

/** 《工作制度》四(一): the clause named inside a sentence ("依据《工作制度》三(三)，各地政策…"). */
export function clauseRef(id: ClauseId): string {
  return `《${POLICY_SHORT_TITLE}》${clauseById(id).label}`;
}

/** （依据《工作制度》四(一)）: appended to a sentence that states what the clause says. */
export function citeClause(id: ClauseId): string {
  return `（依据${clauseRef(id)}）`;
}

/** 实施规则 R3「同一投资方多家首报的审核顺序」: the rule named inside a sentence. */
export function ruleRef(id: RuleId): string {
  return `实施规则 ${id}「${ruleById(id).name}」`;
}

/** （实施规则 R3「同一投资方多家首报的审核顺序」）: appended to a sentence that applies the rule. */
export function citeRule(id: RuleId): string {
  return `（${ruleRef(id)}）`;
}

/** （四(一)）: the clause a command or section is about, in help texts and headings (not a statement of what it says). */
export function clauseTag(...ids: readonly [ClauseId, ...ClauseId[]]): string {
  return `（${ids.map((id) => clauseById(id).label).join('、')}）`;
}
