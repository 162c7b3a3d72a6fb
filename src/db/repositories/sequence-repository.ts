import type { Tx } from '../tx.ts';

export const sequenceRepository = {
  /** Next value of a named counter, starting at 1; atomic inside the caller's transaction. */
  async next(tx: Tx, name: string): Promise<number> {
    const row = await tx.sequence.upsert({ where: { name }, create: { name, value: 1 }, update: { value: { increment: 1 } }, select: { value: true } });
    return row.value;
  },

  /** The value stored under `name`, storing `initial` first if there is none; never changes afterwards. */
  async valueOrInit(tx: Tx, name: string, initial: number): Promise<number> {
    const row = await tx.sequence.upsert({ where: { name }, create: { name, value: initial }, update: {}, select: { value: true } });
    return row.value;
  },
};
