import type { PrismaClient } from '../db/generated/client.ts';
import { healthRepository } from '../db/repositories/health-repository.ts';
import { outboxRepository } from '../db/repositories/outbox-repository.ts';
import { inTransaction } from '../db/tx.ts';

/** Figures for monitoring (DESIGN §9), read from the database so every instance reports the shared truth. */

export async function pingDatabase(prisma: PrismaClient): Promise<void> {
  await inTransaction(prisma, (tx) => healthRepository.ping(tx));
}

/** Messages not yet delivered, and how long the oldest of them has waited. */
export async function outboxBacklog(
  prisma: PrismaClient,
  now: Date,
): Promise<{ pending: number; oldestAgeSeconds: number }> {
  return inTransaction(prisma, async (tx) => {
    const oldest = await outboxRepository.oldestPendingCreatedAt(tx);
    return {
      pending: await outboxRepository.countPending(tx),
      oldestAgeSeconds: oldest === null ? 0 : Math.max(0, (now.getTime() - oldest.getTime()) / 1000),
    };
  });
}
