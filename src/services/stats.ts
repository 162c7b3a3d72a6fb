import type { Tx } from '../db/tx.ts';
import { apiUsageRepository } from '../db/repositories/api-usage-repository.ts';
import { outboxRepository } from '../db/repositories/outbox-repository.ts';
import { orgRepository } from '../db/repositories/org-repository.ts';
import { monthKey } from '../domain/org/api-quota.ts';

export interface BotStats {
  users: number;
  boundGroups: number;
  unitsWithoutGroup: string[];
  pendingNotices: number;
  deadNotices: number;
  apiMonth: string;
  apiCalls: number;
}

export async function collectStats(tx: Tx, now: Date): Promise<BotStats> {
  const [users, conversations, units, pendingNotices, deadNotices] = await Promise.all([
    orgRepository.listUsers(tx),
    orgRepository.listConversations(tx),
    orgRepository.listUnits(tx),
    outboxRepository.countPending(tx),
    outboxRepository.countDead(tx),
  ]);
  const boundUnitIds = new Set(conversations.flatMap((c) => (c.unit ? [c.unit.id] : [])));
  const apiMonth = monthKey(now);
  return {
    users: users.length,
    boundGroups: conversations.filter((c) => c.unit !== null || c.purpose !== null).length,
    unitsWithoutGroup: units.filter((u) => (u.kind === 'DISTRICT' || u.kind === 'PLATFORM') && !boundUnitIds.has(u.id)).map((u) => u.name),
    pendingNotices,
    deadNotices,
    apiMonth,
    apiCalls: await apiUsageRepository.total(tx, apiMonth),
  };
}
