import { randomInt } from 'node:crypto';
import type { PrismaClient } from '../db/generated/client.ts';
import { sequenceRepository } from '../db/repositories/sequence-repository.ts';
import { inTransaction } from '../db/tx.ts';

/**
 * A random number drawn once per database and kept in it. Outbox row ids restart at 1 in a new
 * database, so a platform that deduplicates sends by a client-chosen id (Lark's `uuid`) needs this
 * beside the row id, or a fresh installation's messages would be taken for repeats of an old one's.
 */
export async function installationId(prisma: PrismaClient): Promise<string> {
  const value = await inTransaction(prisma, (tx) =>
    sequenceRepository.valueOrInit(tx, 'installation-id', randomInt(1, 2 ** 31 - 1)),
  );
  return value.toString(36);
}
