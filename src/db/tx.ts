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

/**
 * The text form the Prisma SQLite adapter stores DateTime in; raw SQL must match it to compare.
 * PostgreSQL reads the same text into its timestamp columns (UTC, as Prisma writes them there).
 */
export function sqlTime(date: Date): string {
  return date.toISOString().replace('Z', '+00:00');
}

export type Dialect = 'sqlite' | 'postgresql';

/**
 * Which database a client or transaction talks to, for the few raw statements that need one form
 * per dialect. Prisma's client carries its generated provider; the PostgreSQL client is generated
 * from the twin schema (scripts/prisma-generate.mjs).
 */
export function dialectOf(client: Tx | PrismaClient): Dialect {
  return (client as unknown as { _activeProvider?: string })._activeProvider === 'postgresql' ? 'postgresql' : 'sqlite';
}
