import type { PrismaClient } from '../db/generated/client.ts';
import { inboundRepository } from '../db/repositories/inbound-repository.ts';
import { inTransaction } from '../db/tx.ts';

/**
 * How long a processed inbound record is kept. It exists to recognise a redelivery (DingTalk
 * retries an unacknowledged Stream callback or HTTP callback within minutes to hours) and to give a
 * redelivery the same answer; a week is far beyond either window. What happened is kept for good
 * in the audit chain and the state itself, never in this table. Unprocessed records are never
 * removed.
 */
export const INBOUND_RETENTION_DAYS = 7;

/** Deletes processed inbound records older than the retention window; returns how many. */
export async function purgeProcessedInbound(prisma: PrismaClient, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - INBOUND_RETENTION_DAYS * 24 * 60 * 60_000);
  return inTransaction(prisma, (tx) => inboundRepository.deleteProcessedBefore(tx, cutoff));
}
