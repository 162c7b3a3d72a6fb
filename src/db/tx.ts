import type { PrismaClient } from './generated/client.ts';

/** The client handed to repositories: a transaction, so every write of a use case commits together. */
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

export interface TransactionOptions {
  /**
   * false for a transaction that is safe alongside others by itself (an insert that ignores its
   * duplicate, an outbox claim with SKIP LOCKED and its marks), so it need not wait for the write lock.
   */
  serialised?: boolean;
}

/** pg_advisory_xact_lock key that serialises the bot's transactions across instances. */
const WRITE_LOCK_KEY = 7270736901;

/**
 * Runs fn in one transaction. The better-sqlite3 adapter shares one connection, so a statement run
 * outside a transaction while another is open would join it; every access therefore goes through here.
 *
 * SQLite lets one writer in at a time, and the use cases rely on it (a conflict check before an
 * insert, the next sequence number, the audit chain's previous hash). On PostgreSQL, where several
 * instances share the database, a transaction-scoped advisory lock gives every instance the same
 * guarantee; it is released by the commit or rollback, so a killed instance never holds it.
 */
export function inTransaction<T>(
  prisma: PrismaClient,
  fn: (tx: Tx) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  return prisma.$transaction(
    async (tx) => {
      if (options.serialised !== false && dialectOf(tx) === 'postgresql')
        await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${WRITE_LOCK_KEY})`);
      return fn(tx);
    },
    { maxWait: 30_000, timeout: 30_000 },
  );
}

/**
 * Runs fn inside a savepoint of the open transaction: if fn throws, only its own writes are rolled back
 * and the transaction goes on (on PostgreSQL too, where a failed statement otherwise spoils the rest).
 */
export function inSavepoint<T>(tx: Tx, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return tx.$transaction(fn);
}

/** The write counts of the SQLite connections, by client (see WriteCounter in sqlite.ts). */
const writeCounters = new WeakMap<PrismaClient, { readonly count: number }>();

/** Lets inStep tell whether a step of a transaction on this client wrote anything. */
export function trackWrites(prisma: PrismaClient, counter: { readonly count: number }): void {
  writeCounters.set(prisma, counter);
}

/** A step failed after it had written: only rolling the whole transaction back undoes it. */
export class StepNotUndoneError extends Error {
  constructor(readonly failure: unknown) {
    super('a step of the transaction failed after writing', { cause: failure });
    this.name = 'StepNotUndoneError';
  }
}

/**
 * Runs fn as one step of the open transaction that may fail alone, like inSavepoint. Where the
 * connection counts its writes (SQLite), no savepoint is taken — a savepoint through Prisma costs
 * about as much as a statement, and most failing steps are refusals that fail before writing. A step
 * that fails having written nothing throws its own error and the transaction goes on; one that fails
 * after writing throws StepNotUndoneError, and the caller must roll the transaction back.
 */
export async function inStep<T>(prisma: PrismaClient, tx: Tx, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const counter = writeCounters.get(prisma);
  if (counter === undefined) return inSavepoint(tx, fn);
  const before = counter.count;
  try {
    return await fn(tx);
  } catch (error) {
    throw counter.count === before ? error : new StepNotUndoneError(error);
  }
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
