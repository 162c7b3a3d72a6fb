import { Prisma } from '../generated/client.ts';
import { dialectOf, sqlTime, type Tx } from '../tx.ts';

/** TASK rows carry a DeadlineTask for the assignee in toUserId; platforms without to-dos skip them. */
export type OutboxKind = 'NOTICE' | 'REPLY' | 'TASK';
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

const rowSelect = {
  id: true,
  kind: true,
  toConversationId: true,
  toUserId: true,
  message: true,
  replyContext: true,
  dedupeKey: true,
  attempts: true,
  createdAt: true,
} as const;

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

  /**
   * Adds several rows with one multi-row insert; rows whose dedupeKey exists are skipped. Returns
   * how many were added.
   */
  async addMany(tx: Tx, rows: readonly NewOutboxRow[], now: Date): Promise<number> {
    if (rows.length === 0) return 0;
    const at = sqlTime(now);
    const values = rows.map(
      (row) => Prisma.sql`(${row.kind}, ${row.toConversationId ?? null}, ${row.toUserId ?? null}, ${row.message},
        ${row.replyContext ?? null}, ${row.dedupeKey ?? null}, 'PENDING', 0, ${at}, ${at},
        ${row.sourceInboundId ?? null})`,
    );
    return tx.$executeRaw`INSERT INTO "OutboxMessage"
        ("kind", "toConversationId", "toUserId", "message", "replyContext", "dedupeKey", "status", "attempts",
         "nextAttemptAt", "createdAt", "sourceInboundId")
      VALUES ${Prisma.join(values)}
      ON CONFLICT ("dedupeKey") DO NOTHING`;
  },

  /**
   * Queues one row per group conversation bound to the unit, finding them in the same statement.
   * Returns how many were queued: 0 when the unit has no group bound.
   */
  async addToUnitGroups(
    tx: Tx,
    unitId: string,
    row: Omit<NewOutboxRow, 'toConversationId' | 'toUserId' | 'dedupeKey'>,
    now: Date,
  ): Promise<number> {
    const at = sqlTime(now);
    return tx.$executeRaw`INSERT INTO "OutboxMessage"
        ("kind", "toConversationId", "toUserId", "message", "replyContext", "dedupeKey", "status", "attempts",
         "nextAttemptAt", "createdAt", "sourceInboundId")
      SELECT ${row.kind}, c."id", NULL, ${row.message}, ${row.replyContext ?? null}, NULL, 'PENDING', 0, ${at}, ${at},
        ${row.sourceInboundId ?? null}
      FROM "Conversation" c WHERE c."unitId" = ${unitId} AND c."type" = 'group' ORDER BY c."id"`;
  },

  /**
   * Claims up to `limit` due rows for `instance` until `leaseUntil`, in id order: rows nobody holds,
   * rows whose holder's lease ran out (it crashed), and its own. On PostgreSQL the rows another
   * instance is claiming at this moment are skipped (FOR UPDATE SKIP LOCKED), not waited for.
   */
  async claimDue(tx: Tx, instance: string, now: Date, leaseUntil: Date, limit: number): Promise<OutboxRow[]> {
    const at = sqlTime(now);
    const claimable =
      dialectOf(tx) === 'postgresql'
        ? await tx.$queryRaw<{ id: number }[]>`SELECT "id" FROM "OutboxMessage"
            WHERE "status" = 'PENDING' AND "nextAttemptAt" <= ${at} AND ("claimedUntil" IS NULL OR "claimedUntil" <= ${at} OR "claimedBy" = ${instance})
            ORDER BY "id" LIMIT ${limit} FOR UPDATE SKIP LOCKED`
        : await tx.outboxMessage.findMany({
            where: {
              status: 'PENDING',
              nextAttemptAt: { lte: now },
              OR: [{ claimedUntil: null }, { claimedUntil: { lte: now } }, { claimedBy: instance }],
            },
            orderBy: { id: 'asc' },
            take: limit,
            select: { id: true },
          });
    const ids = claimable.map((row) => Number(row.id));
    if (ids.length === 0) return [];
    await tx.outboxMessage.updateMany({
      where: { id: { in: ids } },
      data: { claimedBy: instance, claimedUntil: leaseUntil },
    });
    return tx.outboxMessage.findMany({ where: { id: { in: ids } }, orderBy: { id: 'asc' }, select: rowSelect });
  },

  async markDelivered(tx: Tx, id: number, now: Date): Promise<void> {
    await tx.outboxMessage.updateMany({
      where: { id, status: 'PENDING' },
      data: { status: 'DELIVERED', deliveredAt: now, attempts: { increment: 1 }, claimedBy: null, claimedUntil: null },
    });
  },

  async markRetry(tx: Tx, id: number, nextAttemptAt: Date, error: string): Promise<void> {
    await tx.outboxMessage.updateMany({
      where: { id, status: 'PENDING' },
      data: { attempts: { increment: 1 }, nextAttemptAt, lastError: error, claimedBy: null, claimedUntil: null },
    });
  },

  async markDead(tx: Tx, id: number, error: string): Promise<void> {
    await tx.outboxMessage.updateMany({
      where: { id, status: 'PENDING' },
      data: { status: 'DEAD', attempts: { increment: 1 }, lastError: error, claimedBy: null, claimedUntil: null },
    });
  },

  /**
   * For each destination, the first pending message `instance` does not hold: one waiting for a
   * later retry, or one another instance holds. Nothing later to that destination may overtake it.
   */
  async firstBlockedByDestination(tx: Tx, instance: string, now: Date): Promise<Map<string, number>> {
    const at = sqlTime(now);
    const rows = await tx.$queryRaw<
      { toConversationId: string | null; toUserId: string | null; firstId: number | bigint }[]
    >`
      SELECT "toConversationId", "toUserId", MIN("id") AS "firstId" FROM "OutboxMessage"
      WHERE "status" = 'PENDING' AND NOT ("claimedBy" IS NOT NULL AND "claimedBy" = ${instance} AND "claimedUntil" > ${at})
      GROUP BY "toConversationId", "toUserId"`;
    return new Map(rows.map((row) => [destinationKey(row), Number(row.firstId)]));
  },

  async countPending(tx: Tx): Promise<number> {
    return tx.outboxMessage.count({ where: { status: 'PENDING' } });
  },

  /** When the longest-waiting undelivered message was queued; null when nothing waits. */
  async oldestPendingCreatedAt(tx: Tx): Promise<Date | null> {
    const row = await tx.outboxMessage.findFirst({
      where: { status: 'PENDING' },
      orderBy: { createdAt: 'asc' },
      select: { createdAt: true },
    });
    return row?.createdAt ?? null;
  },

  async countDead(tx: Tx): Promise<number> {
    return tx.outboxMessage.count({ where: { status: 'DEAD' } });
  },

  async nextDueAt(tx: Tx): Promise<Date | null> {
    const row = await tx.outboxMessage.findFirst({
      where: { status: 'PENDING' },
      orderBy: { nextAttemptAt: 'asc' },
      select: { nextAttemptAt: true },
    });
    return row?.nextAttemptAt ?? null;
  },
};
