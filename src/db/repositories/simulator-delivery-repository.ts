import { sqlTime, type Tx } from '../tx.ts';

export interface SimulatorDeliveryRow {
  id: number;
  toConversationId: string | null;
  toUserId: string | null;
  message: string;
  sentAt: Date;
}

/** What raw SQL gives for these columns: SQLite's stored DateTime text, maybe a bigint id. */
interface RawKeys {
  id: number | bigint;
  sentAt: Date | string;
}

export const simulatorDeliveryRepository = {
  /** Records a delivery once per outbox row; a redelivery after a crash returns null. */
  async recordOnce(
    tx: Tx,
    row: { outboxId: number; toConversationId: string | null; toUserId: string | null; message: string; sentAt: Date },
  ): Promise<SimulatorDeliveryRow | null> {
    const [inserted] = await tx.$queryRaw<(Omit<SimulatorDeliveryRow, 'id' | 'sentAt'> & RawKeys)[]>`
      INSERT INTO "SimulatorDelivery" ("outboxId", "toConversationId", "toUserId", "message", "sentAt")
      VALUES (${row.outboxId}, ${row.toConversationId}, ${row.toUserId}, ${row.message}, ${sqlTime(row.sentAt)})
      ON CONFLICT ("outboxId") DO NOTHING
      RETURNING "id", "toConversationId", "toUserId", "message", "sentAt"`;
    if (inserted === undefined) return null;
    return { ...inserted, id: Number(inserted.id), sentAt: new Date(inserted.sentAt) };
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
