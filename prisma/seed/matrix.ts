import type { PrismaClient } from '../../src/db/generated/client.ts';
import { inTransaction } from '../../src/db/tx.ts';
import { seedMatrixItems } from '../../src/services/matrix-reminders.ts';

/**
 * The responsibility matrix is part of the policy, not demo data: it is seeded in every
 * deployment, at every start (idempotent). The first seeding fixes the deployment date that
 * decides which past deadlines are 待确认 rather than overdue.
 */
export function seedMatrix(prisma: PrismaClient, now: Date): Promise<void> {
  return inTransaction(prisma, (tx) => seedMatrixItems({ tx, now, actorId: 'seed' }));
}
