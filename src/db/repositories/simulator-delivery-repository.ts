import { sqlTime, type Tx } from '../tx.ts';

export interface SimulatorDeliveryRow {
  id: number;
  toConversationId: string | null;
  toUserId: string | null;
  message: string;
  sentAt: Date;
}

export const simulatorDeliveryRepository = {
  /** Records a delivery once per outbox row; a redelivery after a crash returns null. */
  async recordOnce(
    tx: Tx,
    row: { outboxId: number; toConversationId: string | null; toUserId: string | null; message: string; sentAt: Date },
  ): Promise<SimulatorDeliveryRow | null> {
    const inserted =
      await tx.$executeRaw`INSERT INTO "SimulatorDelivery" ("outboxId", "toConversationId", "toUserId", "message", "sentAt")
      VALUES (${row.outboxId}, ${row.toConversationId}, ${row.toUserId}, ${row.message}, ${sqlTime(row.sentAt)})
      ON CONFLICT ("outboxId") DO NOTHING`;
    if (inserted === 0) return null;
    return tx.simulatorDelivery.findUnique({
      where: { outboxId: row.outboxId },
      select: { id: true, toConversationId: true, toUserId: true, message: true, sentAt: true },
    });
  },

  async after(tx: Tx, afterId: number, limit: number): Promise<SimulatorDeliveryRow[]> {
    return tx.simulatorDelivery.findMany({
      where: { id: { gt: afterId } },
      orderBy: { id: 'asc' },
      take: limit,
      select: { id: true, toConversationId: true, toUserId: true, message: true, sentAt: true },
    });
  },
};
