import { Prisma } from '../generated/client.ts';
import { sqlTime, type Tx } from '../tx.ts';

export type InboundStatus = 'RECEIVED' | 'DONE';

export interface InboundRecord {
  id: number;
  status: InboundStatus;
  payload: string;
  replies: string | null;
  receivedAt: Date;
}

export interface NewInboundRow {
  platform: string;
  messageId: string;
  userId: string;
  conversationId: string;
  payload: string;
  now: Date;
  claimedBy: string;
  claimedUntil: Date;
}

/** A processed delivery to mark done: its replies, and for a refused one its shortened payload. */
export interface DoneMark {
  id: number;
  replies: string;
  payload?: string;
}

export const inboundRepository = {
  /**
   * Inserts the deliveries with one statement; for each, false when (platform, messageId) was already
   * there — a redelivery — or appears earlier in the same list.
   */
  async recordAllIfNew(tx: Tx, rows: readonly NewInboundRow[]): Promise<boolean[]> {
    const keyOf = (row: { platform: string; messageId: string }) => `${row.platform}\n${row.messageId}`;
    const first = new Map<string, number>();
    rows.forEach((row, i) => {
      if (!first.has(keyOf(row))) first.set(keyOf(row), i);
    });
    const values = [...first.values()].map((i) => {
      const row = rows[i]!;
      return Prisma.sql`(${row.platform}, ${row.messageId}, ${row.userId}, ${row.conversationId}, ${row.payload},
        'RECEIVED', ${sqlTime(row.now)}, ${row.claimedBy}, ${sqlTime(row.claimedUntil)})`;
    });
    const inserted = await tx.$queryRaw<{ platform: string; messageId: string }[]>`INSERT INTO "InboundMessage"
      ("platform", "messageId", "userId", "conversationId", "payload", "status", "receivedAt",
       "claimedBy", "claimedUntil")
      VALUES ${Prisma.join(values)}
      ON CONFLICT ("platform", "messageId") DO NOTHING RETURNING "platform", "messageId"`;
    const fresh = new Set(inserted.map(keyOf));
    return rows.map((row, i) => first.get(keyOf(row)) === i && fresh.has(keyOf(row)));
  },

  /** One raw statement: the query builder costs several times more, and this runs for every event. */
  async findByMessageId(tx: Tx, platform: string, messageId: string): Promise<InboundRecord | null> {
    const [row] = await tx.$queryRaw<(Omit<InboundRecord, 'receivedAt'> & { receivedAt: Date | string })[]>`
      SELECT "id", "status", "payload", "replies", "receivedAt" FROM "InboundMessage"
      WHERE "platform" = ${platform} AND "messageId" = ${messageId}`;
    if (row === undefined) return null;
    // SQLite hands the stored text back, PostgreSQL a Date.
    return { ...row, id: Number(row.id), status: row.status as InboundStatus, receivedAt: new Date(row.receivedAt) };
  },

  /**
   * Marks processed deliveries done with one statement, each with its replies; a mark's `payload`
   * replaces the stored delivery (a refused one is kept short).
   */
  async markDone(tx: Tx, marks: readonly DoneMark[], now: Date): Promise<void> {
    if (marks.length === 0) return;
    const replies = Prisma.join(
      marks.map((mark) => Prisma.sql`WHEN ${mark.id} THEN ${mark.replies}`),
      ' ',
    );
    const shortened = marks.filter((mark) => mark.payload !== undefined);
    const cut = shortened.map((mark) => Prisma.sql`WHEN ${mark.id} THEN ${mark.payload}`);
    const kept = Prisma.sql`"payload"`;
    const payload = shortened.length === 0 ? kept : Prisma.sql`CASE "id" ${Prisma.join(cut, ' ')} ELSE ${kept} END`;
    await tx.$executeRaw`UPDATE "InboundMessage"
      SET "status" = 'DONE', "replies" = CASE "id" ${replies} END, "payload" = ${payload},
          "processedAt" = ${sqlTime(now)}, "claimedBy" = NULL, "claimedUntil" = NULL
      WHERE "id" IN (${Prisma.join(marks.map((mark) => mark.id))})`;
  },

  async deleteProcessedBefore(tx: Tx, cutoff: Date): Promise<number> {
    const { count } = await tx.inboundMessage.deleteMany({ where: { status: 'DONE', receivedAt: { lt: cutoff } } });
    return count;
  },

  /**
   * Deliveries acknowledged to the platform but not processed before a crash, claimed for
   * `instance` until `leaseUntil`. With `onlyExpired` (instances sharing a database) only those
   * whose holder's lease has run out: a live instance, this one included, is still working on the others.
   */
  async claimUnprocessed(
    tx: Tx,
    claim: { instance: string; now: Date; leaseUntil: Date; onlyExpired: boolean },
    limit: number,
    afterId = 0,
  ): Promise<{ id: number; payload: string }[]> {
    const lease = claim.onlyExpired ? { OR: [{ claimedUntil: null }, { claimedUntil: { lte: claim.now } }] } : {};
    const rows = await tx.inboundMessage.findMany({
      where: { status: 'RECEIVED', id: { gt: afterId }, ...lease },
      orderBy: { id: 'asc' },
      take: limit,
      select: { id: true, payload: true },
    });
    if (rows.length > 0)
      await tx.inboundMessage.updateMany({
        where: { id: { in: rows.map((r) => r.id) } },
        data: { claimedBy: claim.instance, claimedUntil: claim.leaseUntil },
      });
    return rows;
  },
};
