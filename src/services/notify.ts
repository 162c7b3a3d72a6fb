import { orgRepository } from '../db/repositories/org-repository.ts';
import { outboxRepository } from '../db/repositories/outbox-repository.ts';
import type { Message } from '../app/receiver.ts';
import type { Role } from '../domain/org/roles.ts';
import type { ConversationPurpose } from '../domain/org/units.ts';
import { zhCN } from '../messages/zh-CN.ts';
import type { UseCase } from './use-case.ts';
import { IPB_UNIT } from '../domain/org/units.ts';

export type NoticeTarget =
  | { unitId: string }
  | { purpose: ConversationPurpose }
  | { role: Role }
  | { userId: string }
  | { conversationId: string };

/** Whoever stands in for a city-wide conversation that nobody has bound yet. */
const PURPOSE_FALLBACK_ROLE: Record<ConversationPurpose, Role> = { CITY: 'IPB', LEADERS: 'LEADER' };

/**
 * Queues a notice in the caller's transaction (it commits with the state change or not at all).
 * A unit is reached through its bound group; a unit without one is reached person by person, and
 * IPB is told once that the unit has no group bound. `dedupeKey` makes a repeated notice a no-op.
 */
export async function notify(
  uc: UseCase,
  target: NoticeTarget,
  message: string | Message,
  options: { dedupeKey?: string } = {},
): Promise<void> {
  const body: Message = typeof message === 'string' ? { kind: 'text', text: message } : message;
  const row = { kind: 'NOTICE' as const, message: JSON.stringify(body), sourceInboundId: uc.inboundId };
  // The common case — a unit with its group bound, no dedupe — is one statement that finds the groups as it queues.
  if (
    'unitId' in target &&
    options.dedupeKey === undefined &&
    (await outboxRepository.addToUnitGroups(uc.tx, target.unitId, row, uc.now)) > 0
  )
    return;
  const destinations = await resolve(uc, target);
  await outboxRepository.addMany(
    uc.tx,
    destinations.map((destination, index) => ({
      ...row,
      ...destination,
      dedupeKey: options.dedupeKey === undefined ? undefined : `${options.dedupeKey}#${index}`,
    })),
    uc.now,
  );
}

type Destination = { toConversationId: string } | { toUserId: string };

async function resolve(uc: UseCase, target: NoticeTarget): Promise<Destination[]> {
  if ('conversationId' in target) return [{ toConversationId: target.conversationId }];
  if ('userId' in target) return [{ toUserId: target.userId }];
  if ('role' in target) return (await orgRepository.usersWithRole(uc.tx, target.role)).map((u) => ({ toUserId: u.id }));
  if ('purpose' in target) {
    const conversation = await orgRepository.conversationForPurpose(uc.tx, target.purpose);
    if (conversation) return [{ toConversationId: conversation.id }];
    return (await orgRepository.usersWithRole(uc.tx, PURPOSE_FALLBACK_ROLE[target.purpose])).map((u) => ({
      toUserId: u.id,
    }));
  }
  const groups = await orgRepository.conversationsOfUnit(uc.tx, target.unitId);
  if (groups.length > 0) return groups.map((c) => ({ toConversationId: c.id }));
  if (target.unitId !== IPB_UNIT) await warnUnbound(uc, target.unitId);
  return (await orgRepository.usersOfUnit(uc.tx, target.unitId)).map((u) => ({ toUserId: u.id }));
}

async function warnUnbound(uc: UseCase, unitId: string): Promise<void> {
  const unit = await orgRepository.findUnit(uc.tx, unitId);
  await notify(uc, { unitId: IPB_UNIT }, zhCN.notices.unboundUnit({ unit: unit?.name ?? unitId }), {
    dedupeKey: `unbound-unit:${unitId}`,
  });
}
