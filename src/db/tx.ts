import type { PrismaClient } from './generated/client.ts';

/** The client handed to repositories: a transaction, so every write of a use case commits together. */
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/**
 * Runs fn in one transaction. The better-sqlite3 adapter shares one connection, so a statement run
 * outside a transaction while another is open would join it; every access therefore goes through here.
 */
export function inTransaction<T>(prisma: PrismaClient, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return prisma.$transaction(fn, { maxWait: 30_000, timeout: 30_000 });
}

/** The text form the Prisma SQLite adapter stores DateTime in; raw SQL must match it to compare. */
export function sqlTime(date: Date): string {
  return date.toISOString().replace('Z', '+00:00');
}
