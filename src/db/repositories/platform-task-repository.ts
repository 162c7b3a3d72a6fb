import type { Tx } from '../tx.ts';

/** What a platform returned for the to-dos it created (浙政钉 taskUuid), by our platform id (bizTaskId). */
export const platformTaskRepository = {
  async find(tx: Tx, platformId: string): Promise<{ taskUuid: string | null } | null> {
    return tx.platformTask.findUnique({ where: { platformId }, select: { taskUuid: true } });
  },

  /** Keeps the first answer: a later "重复" answer without a uuid never erases a uuid already known. */
  async save(
    tx: Tx,
    row: { platformId: string; taskUuid: string | undefined; answer: string },
    now: Date,
  ): Promise<void> {
    await tx.platformTask.upsert({
      where: { platformId: row.platformId },
      create: { platformId: row.platformId, taskUuid: row.taskUuid ?? null, answer: row.answer, createdAt: now },
      update: {},
    });
  },
};
