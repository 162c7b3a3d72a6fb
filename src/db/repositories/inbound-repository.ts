import { sqlTime, type Tx } from '../tx.ts';

export type InboundStatus = 'RECEIVED' | 'DONE';

export interface InboundRecord {
  id: number;
  status: InboundStatus;
  payload: string;
  replies: string | null;
  receivedAt: Date;
}

export const inboundRepository = {
  /** Inserts the delivery; false when (platform, messageId) is already there — a redelivery. */
  async recordIfNew(
    tx: Tx,
    row: { platform: string; messageId: string; userId: string; conversationId: string; payload: string; now: Date; claimedBy: string; claimedUntil: Date },
  ): Promise<boolean> {
    const inserted = await tx.$executeRaw`INSERT INTO "InboundMessage" ("platform", "messageId", "userId", "conversationId", "payload", "status", "receivedAt", "claimedBy", "claimedUntil")
      VALUES (${row.platform}, ${row.messageId}, ${row.userId}, ${row.conversationId}, ${row.payload}, 'RECEIVED', ${sqlTime(row.now)}, ${row.claimedBy}, ${sqlTime(row.claimedUntil)})
      ON CONFLICT ("platform", "messageId") DO NOTHING`;
    return inserted > 0;
  },

  async findByMessageId(tx: Tx, platform: string, messageId: string): Promise<InboundRecord | null> {
    const row = await tx.inboundMessage.findUnique({
      where: { platform_messageId: { platform, messageId } },
      select: { id: true, status: true, payload: true, replies: true, receivedAt: true },
    });
    return row === null ? null : { ...row, status: row.status as InboundStatus };
  },

  /** `payload` replaces the stored delivery (a refused one is kept short). */
  async markDone(tx: Tx, id: number, replies: string, now: Date, payload?: string): Promise<void> {
    await tx.inboundMessage.update({ where: { id }, data: { status: 'DONE', replies, processedAt: now, claimedBy: null, claimedUntil: null, ...(payload === undefined ? {} : { payload }) } });
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
    const rows = await tx.inboundMessage.findMany({ where: { status: 'RECEIVED', id: { gt: afterId }, ...lease }, orderBy: { id: 'asc' }, take: limit, select: { id: true, payload: true } });
    if (rows.length > 0) await tx.inboundMessage.updateMany({ where: { id: { in: rows.map((r) => r.id) } }, data: { claimedBy: claim.instance, claimedUntil: claim.leaseUntil } });
    return rows;
  },
};
