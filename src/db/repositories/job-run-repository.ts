import type { Tx } from '../tx.ts';

export const jobRunRepository = {
  /** Claims a (job, due moment) key; false when it already ran, so a repeated tick does nothing. */
  async claim(tx: Tx, key: string, now: Date): Promise<boolean> {
    const existing = await tx.jobRun.findUnique({ where: { key }, select: { key: true } });
    if (existing) return false;
    await tx.jobRun.create({ data: { key, ranAt: now } });
    return true;
  },

  /** When `key` was first claimed; claims it now if it never was. */
  async firstClaimed(tx: Tx, key: string, now: Date): Promise<Date> {
    const existing = await tx.jobRun.findUnique({ where: { key }, select: { ranAt: true } });
    if (existing) return existing.ranAt;
    await tx.jobRun.create({ data: { key, ranAt: now } });
    return now;
  },
};
