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

/** A row as raw SQL returns it: SQLite gives its stored DateTime text and may give a bigint. */
type RawOutboxRow = Omit<OutboxRow, 'id' | 'attempts' | 'createdAt'> & {
  id: number | bigint;
  attempts: number | bigint;
  createdAt: Date | string;
};

function outboxRowOf(row: RawOutboxRow): OutboxRow {
  return { ...row, id: Number(row.id), attempts: Number(row.attempts), createdAt: new Date(row.createdAt) };
}

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
   * rows whose holder's lease ran out (it crashed), and its own. One statement picks, claims and returns
   * them; on PostgreSQL the rows another instance is claiming at this moment are skipped (FOR UPDATE
   * SKIP LOCKED), not waited for.
   */
  async claimDue(tx: Tx, instance: string, now: Date, leaseUntil: Date, limit: number): Promise<OutboxRow[]> {
    const at = sqlTime(now);
    const lock = dialectOf(tx) === 'postgresql' ? Prisma.sql`FOR UPDATE SKIP LOCKED` : Prisma.empty;
    const rows = await tx.$queryRaw<RawOutboxRow[]>`UPDATE "OutboxMessage"
      SET "claimedBy" = ${instance}, "claimedUntil" = ${sqlTime(leaseUntil)}
      WHERE "id" IN (SELECT "id" FROM "OutboxMessage"
        WHERE "status" = 'PENDING' AND "nextAttemptAt" <= ${at}
          AND ("claimedUntil" IS NULL OR "claimedUntil" <= ${at} OR "claimedBy" = ${instance})
        ORDER BY "id" LIMIT ${limit} ${lock})
      RETURNING "id", "kind", "toConversationId", "toUserId", "message", "replyContext", "dedupeKey", "attempts", "createdAt"`;
    // RETURNING gives no order.
    return rows.map(outboxRowOf).sort((a, b) => a.id - b.id);
  },

  /** Marks one delivery's rows (a coalesced delivery has several) delivered, in one statement. */
  async markDelivered(tx: Tx, ids: readonly number[], now: Date): Promise<void> {
    await tx.$executeRaw`UPDATE "OutboxMessage"
      SET "status" = 'DELIVERED', "deliveredAt" = ${sqlTime(now)}, "attempts" = "attempts" + 1,
          "claimedBy" = NULL, "claimedUntil" = NULL
      WHERE "id" IN (${Prisma.join(ids)}) AND "status" = 'PENDING'`;
  },

  async markRetry(tx: Tx, ids: readonly number[], nextAttemptAt: Date, error: string): Promise<void> {
    await tx.$executeRaw`UPDATE "OutboxMessage"
      SET "attempts" = "attempts" + 1, "nextAttemptAt" = ${sqlTime(nextAttemptAt)}, "lastError" = ${error},
          "claimedBy" = NULL, "claimedUntil" = NULL
      WHERE "id" IN (${Prisma.join(ids)}) AND "status" = 'PENDING'`;
  },

  async markDead(tx: Tx, ids: readonly number[], error: string): Promise<void> {
    await tx.$executeRaw`UPDATE "OutboxMessage"
      SET "status" = 'DEAD', "attempts" = "attempts" + 1, "lastError" = ${error}, "claimedBy" = NULL, "claimedUntil" = NULL
      WHERE "id" IN (${Prisma.join(ids)}) AND "status" = 'PENDING'`;
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
