/**
 * Object-level authorization: who may act on or see one record, beyond the roles a command declares
 * (those the app checks before any handler runs). Each rule is a pure decision that allows or names
 * its refusal; services/access.ts turns a refusal into the catalogue's coded reply, one code per rule.
 */
import { mayApproveCityLed } from '../city-led/case.ts';
import { mayDecide, mayEscalate, type SupportBody } from '../support/cases.ts';
import { eligibleSeats } from '../transfers/voting.ts';
import { hasAnyRole, type Role, type RoleGrant } from './roles.ts';

/** Who is asking: their account's unit and their role grants. */
export interface Principal {
  id: string;
  unitId: string | null;
  roles: readonly RoleGrant[];
}

export type AccessRefusal =
  /** Only the unit holding (having reported) the project. */
  | 'not-holder'
  /** Only a party to the record: the 专项组's members, the transfer's units, the requesting unit. */
  | 'not-member'
  /** Only the units the policy consults on the record (a transfer's seats, a finding's opinions). */
  | 'not-consulted'
  /** Only the role holders the policy names for this record (a decision body's members, 分管市领导). */
  | 'not-entitled';

export type AccessDecision = { ok: true } | { ok: false; refusal: AccessRefusal };

const ALLOW: AccessDecision = { ok: true };
const refuse = (refusal: AccessRefusal): AccessDecision => ({ ok: false, refusal });

/**
 * IPB sees every unit's records (四: 市投资促进局 is the coordinating department); `alsoRoles` are the
 * workflow's own city-wide departments (NRB for land, DRC for energy, …).
 */
export function seesEveryUnit(who: Principal, alsoRoles: readonly Role[] = []): boolean {
  return hasAnyRole(who.roles, ['IPB', ...alsoRoles]);
}

/** Only the holder unit acts on its project; `alsoRoles` may act for it (IPB for 一事一议, NRB for land). */
export function actsForHolder(who: Principal, holderUnitId: string, alsoRoles: readonly Role[] = []): AccessDecision {
  return who.unitId === holderUnitId || hasAnyRole(who.roles, alsoRoles) ? ALLOW : refuse('not-holder');
}

/** The units an investment officer reports for: those their REPORTER grants name, and the platforms inside them. */
export function reportsFor(who: Principal, unit: { id: string; parentId: string | null }): boolean {
  const own = who.roles.filter((g) => g.role === 'REPORTER').map((g) => g.scope);
  return own.includes(unit.id) || (unit.parentId !== null && own.includes(unit.parentId));
}

/** 三(三): a unit files its own policy items; IPB may file for any unit (which that unit is told of). */
export function filesPolicyFor(who: Principal, unit: { id: string; parentId: string | null }): AccessDecision {
  return seesEveryUnit(who) || reportsFor(who, unit) ? ALLOW : refuse('not-member');
}

/** Only the 项目引进专项组's members, whatever their role, or IPB, which leads the negotiation (四(二)). */
export function inSpecialGroup(who: Principal, memberIds: readonly string[]): AccessDecision {
  return hasAnyRole(who.roles, ['IPB']) || memberIds.includes(who.id) ? ALLOW : refuse('not-member');
}

/** Whom a 比拼政策 finding consults (二(三): 市投资促进局会同市审计局、市财政局和产业主管部门): a unit's account of those. */
export const FINDING_CONSULTED_ROLES: readonly Role[] = ['AUDIT', 'FINANCE', 'INDUSTRY'];

export function consultedOnFinding(who: Principal): AccessDecision {
  return who.unitId !== null && hasAnyRole(who.roles, FINDING_CONSULTED_ROLES) ? ALLOW : refuse('not-consulted');
}

/** 二(二): only the transfer's reviewing seats vote — IPB, FINANCE, AUDIT and the chain's own INDUSTRY department. */
export function reviewsTransfer(who: Principal, industryUnitId: string): AccessDecision {
  return eligibleSeats(who.roles, industryUnitId).length > 0 ? ALLOW : refuse('not-consulted');
}

/** A transfer's application is followed up (补充材料) by its applicant or an officer of the applying unit. */
export function followsUpTransfer(who: Principal, applicant: { userId: string; unitId: string }): AccessDecision {
  const scopes = who.roles.filter((g) => g.role === 'REPORTER').map((g) => g.scope);
  return who.id === applicant.userId || scopes.includes(applicant.unitId) ? ALLOW : refuse('not-member');
}

/**
 * A transfer is seen by its reviewers and by its parties: the units it moves from and to, and the
 * districts those platforms belong to (`partyUnitIds` holds both); a reporter by their scoped grant too.
 */
export function seesTransfer(
  who: Principal,
  reviewerRoles: readonly Role[],
  partyUnitIds: readonly string[],
): AccessDecision {
  if (hasAnyRole(who.roles, reviewerRoles)) return ALLOW;
  const scopes = who.roles.filter((g) => g.role === 'REPORTER').map((g) => g.scope);
  const mine =
    scopes.some((scope) => partyUnitIds.includes(scope)) || (who.unitId !== null && partyUnitIds.includes(who.unitId));
  return mine ? ALLOW : refuse('not-member');
}

/** A 一事一议 case is seen city-wide by `cityRoles` and otherwise by the unit that requested it. */
export function seesSupportCase(who: Principal, cityRoles: readonly Role[], requestUnitId: string): AccessDecision {
  return hasAnyRole(who.roles, cityRoles) || who.unitId === requestUnitId ? ALLOW : refuse('not-member');
}

/** A unit's own records only, unless the principal sees every unit (`cityWide`). */
export function ownUnitOnly(who: Principal, unitId: string | null, cityWide: boolean): AccessDecision {
  return cityWide || (unitId !== null && unitId === who.unitId) ? ALLOW : refuse('not-member');
}

/** 四(二) "报分管市领导批准": only a city leader (not a decision body's seat) decides on the 专项组. */
export function approvesCityLed(who: Principal): AccessDecision {
  return mayApproveCityLed(who.roles) ? ALLOW : refuse('not-entitled');
}

/** 三(二): only the members of the body a 一事一议 case is routed to decide it. */
export function decidesSupportCase(who: Principal, body: SupportBody): AccessDecision {
  return mayDecide(who.roles, body) ? ALLOW : refuse('not-entitled');
}

/** Only 市政府常务会议 refers a case on to 市委财经委员会. */
export function escalatesSupportCase(who: Principal, body: SupportBody): AccessDecision {
  return mayEscalate(who.roles, body) ? ALLOW : refuse('not-entitled');
}
