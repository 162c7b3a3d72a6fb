import { describe, expect, it } from 'vitest';
import {
  actsForHolder,
  approvesCityLed,
  consultedOnFinding,
  filesPolicyFor,
  followsUpTransfer,
  decidesSupportCase,
  escalatesSupportCase,
  inSpecialGroup,
  ownUnitOnly,
  seesEveryUnit,
  seesSupportCase,
  seesTransfer,
  reviewsTransfer,
  type Principal,
} from '../../../../src/domain/org/access.ts';
import type { Role } from '../../../../src/domain/org/roles.ts';

const who = (unitId: string | null, ...roles: (Role | [Role, string])[]): Principal => ({
  id: 'u1',
  unitId,
  roles: roles.map((r) => (Array.isArray(r) ? { role: r[0], scope: r[1] } : { role: r, scope: '' })),
});
const ALLOW = { ok: true };
const refused = (refusal: string) => ({ ok: false, refusal });

describe('object-level access rules', () => {
  it('lets only the holder unit act on its project, unless a role is named to act for it', () => {
    expect(actsForHolder(who('binjiang', 'REPORTER'), 'binjiang')).toEqual(ALLOW);
    expect(actsForHolder(who('xiaoshan', 'REPORTER'), 'binjiang')).toEqual(refused('not-holder'));
    expect(actsForHolder(who('ipb', 'IPB'), 'binjiang')).toEqual(refused('not-holder'));
    expect(actsForHolder(who('ipb', 'IPB'), 'binjiang', ['IPB'])).toEqual(ALLOW);
    expect(actsForHolder(who(null, 'NRB'), 'binjiang', ['NRB'])).toEqual(ALLOW);
    expect(actsForHolder(who(null, 'REPORTER'), 'binjiang')).toEqual(refused('not-holder'));
  });

  it('lets IPB see every unit, with the workflow own city-wide roles', () => {
    expect(seesEveryUnit(who('ipb', 'IPB'))).toBe(true);
    expect(seesEveryUnit(who('drc', 'DRC'))).toBe(false);
    expect(seesEveryUnit(who('drc', 'DRC'), ['DRC'])).toBe(true);
    expect(seesEveryUnit(who('binjiang', 'REPORTER'), ['DRC'])).toBe(false);
  });

  it('limits a unit to its own records unless it sees every unit', () => {
    expect(ownUnitOnly(who('binjiang', 'REPORTER'), 'binjiang', false)).toEqual(ALLOW);
    expect(ownUnitOnly(who('binjiang', 'REPORTER'), 'xiaoshan', false)).toEqual(refused('not-member'));
    expect(ownUnitOnly(who(null, 'REPORTER'), null, false)).toEqual(refused('not-member'));
    expect(ownUnitOnly(who('nrb', 'NRB'), 'xiaoshan', true)).toEqual(ALLOW);
  });

  it('files policy items for the officer own units and their platforms, and for any unit when IPB files', () => {
    const platform = { id: 'gaoxin', parentId: 'binjiang' };
    expect(filesPolicyFor(who(null, ['REPORTER', 'binjiang']), { id: 'binjiang', parentId: null })).toEqual(ALLOW);
    expect(filesPolicyFor(who(null, ['REPORTER', 'binjiang']), platform)).toEqual(ALLOW);
    expect(filesPolicyFor(who(null, ['REPORTER', 'xiaoshan']), platform)).toEqual(refused('not-member'));
    expect(filesPolicyFor(who('ipb', 'IPB'), platform)).toEqual(ALLOW);
  });

  it('lets only the 专项组 members, whatever their role, and IPB write for the group', () => {
    expect(inSpecialGroup(who('xiaoshan', 'REPORTER'), ['u1'])).toEqual(ALLOW);
    expect(inSpecialGroup(who('xiaoshan', 'REPORTER'), ['u2'])).toEqual(refused('not-member'));
    expect(inSpecialGroup(who('ipb', 'IPB'), [])).toEqual(ALLOW);
    expect(inSpecialGroup(who(null, 'LEADER'), ['u2'])).toEqual(refused('not-member'));
  });

  it('hears a finding opinion only from a unit account of a consulted department', () => {
    for (const role of ['AUDIT', 'FINANCE', 'INDUSTRY'] as const)
      expect(consultedOnFinding(who('x', role))).toEqual(ALLOW);
    expect(consultedOnFinding(who(null, 'AUDIT'))).toEqual(refused('not-consulted'));
    expect(consultedOnFinding(who('ipb', 'IPB'))).toEqual(refused('not-consulted'));
  });

  it('shows a transfer to reviewers and to its parties, a reporter by its scoped grant too', () => {
    const reviewers: Role[] = ['IPB', 'FINANCE', 'AUDIT', 'INDUSTRY'];
    expect(seesTransfer(who('finance', 'FINANCE'), reviewers, ['xiaoshan', 'binjiang'])).toEqual(ALLOW);
    expect(seesTransfer(who('binjiang', 'REPORTER'), reviewers, ['xiaoshan', 'binjiang'])).toEqual(ALLOW);
    expect(seesTransfer(who(null, ['REPORTER', 'xiaoshan']), reviewers, ['xiaoshan', 'binjiang'])).toEqual(ALLOW);
    expect(seesTransfer(who('yuhang', 'REPORTER'), reviewers, ['xiaoshan', 'binjiang'])).toEqual(refused('not-member'));
  });

  it('lets only the reviewing seats vote on a transfer: the INDUSTRY seat is the chain department only', () => {
    expect(reviewsTransfer(who('finance', 'FINANCE'), 'jxj')).toEqual(ALLOW);
    expect(reviewsTransfer(who('jxj', ['INDUSTRY', 'jxj']), 'jxj')).toEqual(ALLOW);
    expect(reviewsTransfer(who('kjj', ['INDUSTRY', 'kjj']), 'jxj')).toEqual(refused('not-consulted'));
    expect(reviewsTransfer(who('binjiang', 'REPORTER'), 'jxj')).toEqual(refused('not-consulted'));
  });

  it('lets the applicant, or an officer of the applying unit, follow up a transfer', () => {
    const applicant = { userId: 'u1', unitId: 'binjiang' };
    expect(followsUpTransfer(who(null), applicant)).toEqual(ALLOW);
    expect(followsUpTransfer({ ...who(null, ['REPORTER', 'binjiang']), id: 'u2' }, applicant)).toEqual(ALLOW);
    expect(followsUpTransfer({ ...who('binjiang', 'IPB'), id: 'u2' }, applicant)).toEqual(refused('not-member'));
  });

  it('shows a 一事一议 case city-wide to the named roles and otherwise to the requesting unit', () => {
    expect(seesSupportCase(who('sasac', 'SASAC'), ['IPB', 'SASAC'], 'binjiang')).toEqual(ALLOW);
    expect(seesSupportCase(who('binjiang', 'REPORTER'), ['IPB', 'SASAC'], 'binjiang')).toEqual(ALLOW);
    expect(seesSupportCase(who('xiaoshan', 'REPORTER'), ['IPB', 'SASAC'], 'binjiang')).toEqual(refused('not-member'));
  });

  it('leaves the decisions the policy names to their role holders', () => {
    expect(approvesCityLed(who(null, 'LEADER'))).toEqual(ALLOW);
    expect(approvesCityLed(who(null, ['LEADER', 'changwu']))).toEqual(refused('not-entitled'));
    expect(decidesSupportCase(who(null, ['LEADER', 'changwu']), 'changwu')).toEqual(ALLOW);
    expect(decidesSupportCase(who(null, 'LEADER'), 'changwu')).toEqual(refused('not-entitled'));
    expect(escalatesSupportCase(who(null, ['LEADER', 'changwu']), 'changwu')).toEqual(ALLOW);
    expect(escalatesSupportCase(who('sasac', 'SASAC'), 'sasac')).toEqual(refused('not-entitled'));
  });
});
