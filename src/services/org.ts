import { UserError } from '../app/errors.ts';
import { orgRepository, type ConversationRow, type UnitRow, type UserRow } from '../db/repositories/org-repository.ts';
import { ROLE_LABELS, ROLES, type Role } from '../domain/org/roles.ts';
import { CONVERSATION_PURPOSES, matchUnits, parsePurpose } from '../domain/org/units.ts';
import { roleGrantedNotice, roleNewMemberNotice, roleRevokedNotice } from '../messages/org.ts';
import { zhCN } from '../messages/zh-CN.ts';
import { appendAudit } from './audit-log.ts';
import { notify } from './notify.ts';
import type { UseCase } from './use-case.ts';

/** Roles that only make sense for a particular unit: the grant must name it. */
const UNIT_SCOPED_ROLES: readonly Role[] = ['REPORTER', 'INDUSTRY'];

export async function findUnitByInput(uc: UseCase, input: string): Promise<UnitRow> {
  const units = await orgRepository.listUnits(uc.tx);
  const matches = matchUnits(units, input);
  if (matches.length === 1 && matches[0]) return matches[0];
  if (matches.length > 1) throw new UserError(zhCN.bind.ambiguous({ input, candidates: matches.map((u) => u.name) }));
  const suggestions = units
    .filter((u) => [...input].some((ch) => u.name.includes(ch)) && input.length > 0)
    .slice(0, 3)
    .map((u) => u.name);
  throw new UserError(zhCN.bind.unknownUnit({ input, suggestions }));
}

/** `target` and `previous`: the unit's name or the city-wide purpose's label the group is bound to. */
export type BindOutcome =
  | { kind: 'unchanged'; target: string }
  | { kind: 'bound'; conversation: string; target: string }
  | { kind: 'rebound'; conversation: string; target: string; previous: string };

export async function bindConversation(
  uc: UseCase,
  conversation: ConversationRow,
  input: string,
): Promise<BindOutcome> {
  if (conversation.type !== 'group') throw new UserError(zhCN.bind.notGroup());
  const purpose = parsePurpose(input);
  const unit = purpose === undefined ? await findUnitByInput(uc, input) : null;
  const target = purpose !== undefined ? CONVERSATION_PURPOSES[purpose] : (unit?.name ?? input);
  const previous = conversation.purpose
    ? CONVERSATION_PURPOSES[conversation.purpose]
    : (conversation.unit?.name ?? null);
  if (previous === target) return { kind: 'unchanged', target };

  const before = { unitId: conversation.unit?.id ?? null, purpose: conversation.purpose };
  const after = { unitId: unit?.id ?? null, purpose: purpose ?? null };
  await orgRepository.bindConversation(uc.tx, conversation.id, { ...after, boundBy: uc.actorId }, uc.now);
  await appendAudit(uc, { action: 'org.bind', recordType: 'Conversation', recordId: conversation.id, before, after });
  return previous === null
    ? { kind: 'bound', conversation: conversation.name, target }
    : { kind: 'rebound', conversation: conversation.name, target, previous };
}

export function parseRoleOrThrow(input: string, parse: (s: string) => Role | undefined): Role {
  const role = parse(input);
  if (role === undefined)
    throw new UserError(zhCN.role.unknownRole({ input, roles: ROLES.map((r) => `${r}（${ROLE_LABELS[r]}）`) }));
  return role;
}

export interface RoleChange {
  userId: string;
  /** Display name from the mention, used when the user is registered by this grant. */
  userName?: string;
  role: Role;
  unitInput?: string;
  /** The user as already loaded while resolving the argument (null: not registered yet). */
  existing?: UserRow | null;
}

/** `user`: the person's name; `unit`: the unit the role is scoped to, if any. */
export type RoleGrantOutcome =
  | { kind: 'already'; user: string; role: Role }
  | { kind: 'granted'; user: string; role: Role; unit: string | null };

export async function grantRole(uc: UseCase, change: RoleChange): Promise<RoleGrantOutcome> {
  if (UNIT_SCOPED_ROLES.includes(change.role) && !change.unitInput)
    throw new UserError(zhCN.role.unitRequired({ role: ROLE_LABELS[change.role] }));
  const unit = change.unitInput ? await findUnitByInput(uc, change.unitInput) : null;
  const existing = change.existing !== undefined ? change.existing : await orgRepository.findUser(uc.tx, change.userId);
  const name = existing?.name ?? change.userName ?? change.userId;
  // A reporter acts for one unit: the grant also records which unit the person belongs to.
  const unitOfUser =
    change.role === 'REPORTER' || existing?.unit == null ? (unit?.id ?? existing?.unit?.id ?? null) : undefined;
  await orgRepository.ensureUser(uc.tx, { id: change.userId, name, unitId: unitOfUser }, uc.now);
  const added = await orgRepository.addRole(
    uc.tx,
    { userId: change.userId, role: change.role, scope: unit?.id ?? '', grantedBy: uc.actorId },
    uc.now,
  );
  if (!added) return { kind: 'already', user: name, role: change.role };
  await appendAudit(uc, {
    action: 'role.grant',
    recordType: 'User',
    recordId: change.userId,
    after: { role: change.role, scope: unit?.id ?? '' },
  });
  await notify(
    uc,
    { userId: change.userId },
    roleGrantedNotice({ role: change.role, unit: unit?.name ?? null, by: uc.actorName ?? uc.actorId }),
  );
  // A unit's group learns who now acts for it, so nobody is surprised by a new colleague's reports.
  if (unit !== null)
    await notify(uc, { unitId: unit.id }, roleNewMemberNotice({ user: name, role: change.role, unit: unit.name }));
  return { kind: 'granted', user: name, role: change.role, unit: unit?.name ?? null };
}

export type RoleRevokeOutcome =
  | { kind: 'notHeld'; user: string; role: Role }
  | { kind: 'revoked'; user: string; role: Role; unit: string | null };

export async function revokeRole(uc: UseCase, change: RoleChange): Promise<RoleRevokeOutcome> {
  const user = change.existing !== undefined ? change.existing : await orgRepository.findUser(uc.tx, change.userId);
  if (user === null) throw new UserError(zhCN.role.unknownUser({ input: change.userName ?? change.userId }));
  const unit = change.unitInput ? await findUnitByInput(uc, change.unitInput) : null;
  const held = user.roles.filter((r) => r.role === change.role && (unit === null || r.scope === unit.id));
  if (held.length === 0) return { kind: 'notHeld', user: user.name, role: change.role };
  if (change.role === 'ADMIN' && (await orgRepository.countRole(uc.tx, 'ADMIN')) <= held.length)
    throw new UserError(zhCN.role.lastAdmin());
  await orgRepository.removeRole(uc.tx, change.userId, change.role, unit?.id);
  await appendAudit(uc, { action: 'role.revoke', recordType: 'User', recordId: change.userId, before: held });
  await notify(
    uc,
    { userId: change.userId },
    roleRevokedNotice({ role: change.role, unit: unit?.name ?? null, by: uc.actorName ?? uc.actorId }),
  );
  return { kind: 'revoked', user: user.name, role: change.role, unit: unit?.name ?? null };
}

/** Resolves "@张三" (a platform mention), a user id, or an exact registered name to one user. */
export async function resolveUserArgument(
  uc: UseCase,
  word: string,
  mentions: readonly { userId: string; name?: string }[],
): Promise<{ userId: string; name?: string; existing: UserRow | null }> {
  const byId = async (id: string, name?: string) => {
    const existing = await orgRepository.findUser(uc.tx, id);
    return { userId: id, name: existing?.name ?? name, existing };
  };
  const byName = async (name: string) => {
    const matches = await orgRepository.findUsersByName(uc.tx, name);
    return matches.length === 1 && matches[0] ? byId(matches[0].id) : null;
  };
  if (word.startsWith('@')) {
    const name = word.slice(1);
    const mention = mentions.find((m) => m.name === name) ?? (mentions.length === 1 ? mentions[0] : undefined);
    if (mention) return byId(mention.userId, mention.name ?? name);
    const named = await byName(name);
    if (named) return named;
    // In the simulator, "@binjiang-li" names the user id itself.
    const user = await byId(name);
    if (user.existing) return user;
    throw new UserError(zhCN.role.unknownUser({ input: word }));
  }
  const user = await byId(word);
  if (user.existing) return user;
  const named = await byName(word);
  if (named) return named;
  // An id nobody has used yet: a grant registers the person under that id (DingTalk staffId).
  if (/^[\w.@-]{1,64}$/.test(word)) return user;
  throw new UserError(zhCN.role.unknownUser({ input: word }));
}
