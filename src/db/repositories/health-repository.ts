import type { Tx } from '../tx.ts';

export const healthRepository = {
  /** Reads one row of a real table, so a locked or missing database file fails the readiness check. */
  async ping(tx: Tx): Promise<void> {
    await tx.unit.findFirst({ select: { id: true } });
  },
};
