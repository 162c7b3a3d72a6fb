import type { Tx } from '../tx.ts';

/** Signed-callback pairs already used, each with the message it first came with (CallbackSignature). */
export const callbackSignatureRepository = {
  /** The message id that owns `key`: the given one when the key was free, else the first claimant's. */
  async claim(tx: Tx, row: { key: string; messageId: string; expiresAt: Date }): Promise<string> {
    const owner = await tx.callbackSignature.upsert({
      where: { key: row.key },
      create: row,
      update: {},
      select: { messageId: true },
    });
    return owner.messageId;
  },

  async deleteExpired(tx: Tx, now: Date): Promise<number> {
    const { count } = await tx.callbackSignature.deleteMany({ where: { expiresAt: { lte: now } } });
    return count;
  },
};
