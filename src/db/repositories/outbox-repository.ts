import { sqlTime, type Tx } from '../tx.ts';

export type OutboxKind = 'NOTICE' | 'REPLY';
export type OutboxStatus = 'PENDING' | 'DELIVERED' | 'DEAD';

export interface NewOutboxRow {
  kind: OutboxKind;
  toConversationId?: string;
  toUserId?: string;
  message: string;
  replyContext?: string;
  dedupeKey?: string;
  sourceInboundId?: number;
}

export interface OutboxRow {
  id: number;
  kind: string;
  toConversationId: string | null;
  toUserId: string | null;
  message: string;
  replyContext: string | null;
  dedupeKey: string | null;
  attempts: number;
  createdAt: Date;
}

/** One key per destination, the unit of delivery order. */
export function destinationKey(row: { toConversationId: string | null; toUserId: string | null }): string {
  return row.toConversationId ? `c:${row.toConversationId}` : `u:${row.toUserId}`;
}

const rowSelect = { id: true, kind: true, toConversationId: true, toUserId: true, message: true, replyContext: true, dedupeKey: true, attempts: true, createdAt: true } as const;

export const outboxRepository = {
  /** Adds a row; false when a row with the same dedupeKey exists (the notice was already queued). */
  async add(tx: Tx, row: NewOutboxRow, now: Date): Promise<boolean> {
    const at = sqlTime(now);
    const inserted = await tx.$executeRaw`INSERT INTO "OutboxMessage"
      ("kind", "toConversationId", "toUserId", "message", "replyContext", "dedupeKey", "status", "attempts", "nextAttemptAt", "createdAt", "sourceInboundId")
      VALUES (${row.kind}, ${row.toConversationId ?? null}, ${row.toUserId ?? null}, ${row.message}, ${row.replyContext ?? null},
              ${row.dedupeKey ?? null}, 'PENDING', 0, ${at}, ${at}, ${row.sourceInboundId ?? null})
      ON CONFLICT ("dedupeKey") DO NOTHING`;
    return inserted > 0;
  },

  async findDue(tx: Tx, now: Date, limit: number): Promise<OutboxRow[]> {
    return tx.outboxMessage.findMany({
      where: { status: 'PENDING', nextAttemptAt: { lte: now } },
      orderBy: { id: 'asc' },
      take: limit,
      select: rowSelect,
    });
  },

  async markDelivered(tx: Tx, id: number, now: Date): Promise<void> {
    await tx.outboxMessage.updateMany({ where: { id, status: 'PENDING' }, data: { status: 'DELIVERED', deliveredAt: now, attempts: { increment: 1 } } });
  },

  async markRetry(tx: Tx, id: number, nextAttemptAt: Date, error: string): Promise<void> {
    await tx.outboxMessage.updateMany({ where: { id, status: 'PENDING' }, data: { attempts: { increment: 1 }, nextAttemptAt, lastError: error } });
  },

  async markDead(tx: Tx, id: number, error: string): Promise<void> {
    await tx.outboxMessage.updateMany({ where: { id, status: 'PENDING' }, data: { status: 'DEAD', attempts: { increment: 1 }, lastError: error } });
  },

  /** For each destination with a message waiting for a later retry, the id of the first such message. */
  async firstWaitingByDestination(tx: Tx, now: Date): Promise<Map<string, number>> {
    const rows = await tx.$queryRaw<{ toConversationId: string | null; toUserId: string | null; firstId: number | bigint }[]>`
      SELECT "toConversationId", "toUserId", MIN("id") AS "firstId" FROM "OutboxMessage"
      WHERE "status" = 'PENDING' AND "nextAttemptAt" > ${sqlTime(now)}
      GROUP BY "toConversationId", "toUserId"`;
    return new Map(rows.map((row) => [destinationKey(row), Number(row.firstId)]));
  },

  async countPending(tx: Tx): Promise<number> {
    return tx.outboxMessage.count({ where: { status: 'PENDING' } });
  },

  /** When the longest-waiting undelivered message was queued; null when nothing waits. */
  async oldestPendingCreatedAt(tx: Tx): Promise<Date | null> {
    const row = await tx.outboxMessage.findFirst({ where: { status: 'PENDING' }, orderBy: { createdAt: 'asc' }, select: { createdAt: true } });
    return row?.createdAt ?? null;
  },

  async countDead(tx: Tx): Promise<number> {
    return tx.outboxMessage.count({ where: { status: 'DEAD' } });
  },

  async nextDueAt(tx: Tx): Promise<Date | null> {
    const row = await tx.outboxMessage.findFirst({ where: { status: 'PENDING' }, orderBy: { nextAttemptAt: 'asc' }, select: { nextAttemptAt: true } });
    return row?.nextAttemptAt ?? null;
  },
};
