/**
 * Renderers of /绑定群 and /角色 (src/services/org.ts): the replies and the notices to the person and
 * the unit. The words are the catalogue's `bind` and `role` sections.
 */
import { ROLE_LABELS, type Role } from '../domain/org/roles.ts';
import type { BindOutcome, RoleGrantOutcome, RoleRevokeOutcome } from '../services/org.ts';
import { zhCN } from './zh-CN.ts';

export function renderBind(outcome: BindOutcome): string {
  if (outcome.kind === 'unchanged') return zhCN.bind.unchanged({ target: outcome.target });
  if (outcome.kind === 'bound') return zhCN.bind.done({ conversation: outcome.conversation, target: outcome.target });
  return zhCN.bind.rebound({ conversation: outcome.conversation, target: outcome.target, previous: outcome.previous });
}

export function renderRoleGrant(outcome: RoleGrantOutcome): string {
  const role = ROLE_LABELS[outcome.role];
  if (outcome.kind === 'already') return zhCN.role.already({ user: outcome.user, role });
  return zhCN.role.granted({ user: outcome.user, role, unit: outcome.unit });
}

export function renderRoleRevoke(outcome: RoleRevokeOutcome): string {
  const role = ROLE_LABELS[outcome.role];
  if (outcome.kind === 'notHeld') return zhCN.role.notHeld({ user: outcome.user, role });
  return zhCN.role.revoked({ user: outcome.user, role, unit: outcome.unit });
}

/** To the person granted a role, by whom, for which unit. */
export function roleGrantedNotice(p: { role: Role; unit: string | null; by: string }): string {
  return zhCN.role.youWereGranted({ role: ROLE_LABELS[p.role], unit: p.unit, by: p.by });
}

/** To the unit's group: who now acts for it. */
export function roleNewMemberNotice(p: { user: string; role: Role; unit: string }): string {
  return zhCN.role.newMember({ user: p.user, role: ROLE_LABELS[p.role], unit: p.unit });
}

/** To the person whose role was revoked. */
export function roleRevokedNotice(p: { role: Role; unit: string | null; by: string }): string {
  return zhCN.role.youWereRevoked({ role: ROLE_LABELS[p.role], unit: p.unit, by: p.by });
}
