/**
 * SQLite-only concerns of the database connection: how a writer waits for another connection's
 * lock without freezing the event loop, and how a second bot on the same file is refused.
 */
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import type {
  IsolationLevel,
  SqlDriverAdapter,
  SqlDriverAdapterFactory,
  SqlQuery,
  Transaction,
} from '@prisma/driver-adapter-utils';

/**
 * better-sqlite3 waits for a lock synchronously, blocking every socket of the process; so each
 * attempt waits only this long, and the waiting in between is asynchronous (see startTransaction).
 */
export const SQLITE_BUSY_TIMEOUT_MS = 20;
/** How long a transaction waits for another connection's write lock before it fails. */
export const DEFAULT_LOCK_WAIT_MS = 10_000;

const BEGIN_IMMEDIATE: SqlQuery = { sql: 'BEGIN IMMEDIATE', args: [], argTypes: [] };

/**
 * The Prisma adapter for a SQLite file, with every transaction started by `BEGIN IMMEDIATE`: the
 * write lock is taken up front, so no statement inside can meet SQLITE_BUSY half-way (a deferred
 * BEGIN that reads, then writes, fails at once when another connection wrote in between). While
 * another connection holds the lock, the attempt is repeated with backoff up to `lockWaitMs`.
 */
export function sqliteAdapterFactory(
  path: string,
  lockWaitMs = DEFAULT_LOCK_WAIT_MS,
  onStatement?: StatementListener,
  writes?: WriteCounter,
): SqlDriverAdapterFactory {
  const base = new PrismaBetterSqlite3({ url: path, timeout: SQLITE_BUSY_TIMEOUT_MS });
  return {
    provider: base.provider,
    adapterName: base.adapterName,
    connect: async () => {
      const connection = await base.connect();
      reusePreparedStatements(connection);
      return immediateTransactions(onStatement === undefined ? connection : counted(connection, onStatement), {
        lockWaitMs,
        writes: writes ?? { count: 0 },
        // Uncounted: a checkpoint is the connection's housekeeping, not any command's statement.
        checkpointOn: connection,
      });
    },
  };
}

/**
 * How long the connection stays unused before the WAL is checkpointed. A checkpoint copies the WAL
 * into the database file and syncs it, about 20 µs a page here, while better-sqlite3 holds the event
 * loop. SQLite runs one inside the commit that takes the WAL past 1,000 pages (some 20 ms, paid by
 * whichever command made that commit); checkpointing whenever the bot is quiet keeps the WAL short, so
 * at a chat's pace no command pays for one. A bot that is never quiet still checkpoints at 1,000 pages.
 */
export const IDLE_CHECKPOINT_MS = 200;

const CHECKPOINT: SqlQuery = { sql: 'PRAGMA wal_checkpoint(PASSIVE)', args: [], argTypes: [] };

/** Distinct statement texts kept prepared; the bot sends a few hundred, each of them again and again. */
const PREPARED_STATEMENTS = 500;

/**
 * The Prisma adapter prepares every statement anew (`client.prepare(sql).bind(args)`), which is a
 * good part of what a statement costs it. Its connection's prepare is replaced by one that keeps the
 * prepared statements by text and binds the arguments per call, as better-sqlite3 is meant to be
 * used. Only the shape of adapter 7.10 (a `client` with `prepare`) is touched; another shape keeps
 * preparing anew, which is slower but the same.
 */
function reusePreparedStatements(connection: SqlDriverAdapter): void {
  const client = (connection as { client?: unknown }).client;
  if (!(client instanceof Database)) return;
  const prepare = client.prepare.bind(client);
  const cache = new Map<string, Database.Statement>();
  const cached = (sql: string): Database.Statement => {
    let statement = cache.get(sql);
    if (statement === undefined) {
      statement = prepare(sql);
      if (cache.size >= PREPARED_STATEMENTS) cache.delete(cache.keys().next().value!);
      cache.set(sql, statement);
    }
    return statement;
  };
  // What the adapter calls on a prepared statement: bind(args) then reader/columns()/run()/raw().all(), or run().
  const replacement = (sql: string) => {
    const statement = cached(sql);
    return {
      bind: (args: unknown[]) => ({
        reader: statement.reader,
        columns: () => statement.columns(),
        run: () => statement.run(args),
        raw: () => ({ all: () => statement.raw(true).all(args) }),
      }),
      run: () => statement.run(),
    };
  };
  (client as unknown as { prepare: typeof replacement }).prepare = replacement;
}

/** Hears every SQL statement sent to the database file, transaction control (BEGIN, COMMIT) included. */
export type StatementListener = (sql: string) => void;

/**
 * Reports each statement before the driver runs it: the statement budgets of the commands are
 * tested by counting what really reaches SQLite, not by timing. Only tests and benchmarks ask for it.
 */
function counted(inner: SqlDriverAdapter, onStatement: StatementListener): SqlDriverAdapter {
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    queryRaw: (query) => {
      onStatement(query.sql);
      return inner.queryRaw(query);
    },
    executeRaw: (query) => {
      onStatement(query.sql);
      return inner.executeRaw(query);
    },
    executeScript: (script) => {
      onStatement(script);
      return inner.executeScript(script);
    },
    getConnectionInfo: inner.getConnectionInfo?.bind(inner),
    dispose: () => inner.dispose(),
    startTransaction: (isolationLevel) => inner.startTransaction(isolationLevel),
  };
}

/**
 * How many statements that may write ran on the connection so far: anything but a SELECT (or the
 * end of a transaction) counts, a failed one too. A step of a transaction that fails with the count
 * unchanged left nothing to undo (see inStep in tx.ts).
 */
export interface WriteCounter {
  count: number;
}

/** A read, or the transaction's end: what a step of a transaction may send without writing. */
const READ_ONLY = /^\s*(SELECT|COMMIT|ROLLBACK)\b/i;

interface TransactionOptions {
  lockWaitMs: number;
  writes: WriteCounter;
  /** Where quiet-moment checkpoints run. */
  checkpointOn: SqlDriverAdapter;
}

function immediateTransactions(
  inner: SqlDriverAdapter,
  { lockWaitMs, writes, checkpointOn }: TransactionOptions,
): SqlDriverAdapter {
  const counting = (query: SqlQuery): SqlQuery => {
    if (!READ_ONLY.test(query.sql)) writes.count++;
    return query;
  };
  // The adapter has one connection; transactions on it must not interleave.
  let tail: Promise<void> = Promise.resolve();
  const acquire = async (): Promise<() => void> => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const previous = tail;
    tail = previous.then(() => held);
    await previous;
    return release;
  };

  // Transactions holding or waiting for the connection; the writes count at the last checkpoint.
  let busy = 0;
  let checkpointedAt = writes.count;
  let quiet: NodeJS.Timeout | undefined;
  const checkpoint = async () => {
    quiet = undefined;
    if (busy > 0 || writes.count === checkpointedAt) return;
    const release = await acquire();
    try {
      checkpointedAt = writes.count;
      await checkpointOn.queryRaw(CHECKPOINT);
    } catch {
      // Tried again at the next quiet moment; SQLite's own bound still holds meanwhile.
      checkpointedAt = -1;
    } finally {
      release();
    }
  };
  const begin = async (): Promise<() => void> => {
    busy++;
    clearTimeout(quiet);
    const release = await acquire();
    return () => {
      release();
      if (--busy === 0) quiet = setTimeout(checkpoint, IDLE_CHECKPOINT_MS).unref();
    };
  };

  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    // Counted too: on the one connection, a statement sent outside a transaction joins the open one.
    queryRaw: (query) => inner.queryRaw(counting(query)),
    executeRaw: (query) => inner.executeRaw(counting(query)),
    executeScript: (script) => inner.executeScript(script),
    getConnectionInfo: inner.getConnectionInfo?.bind(inner),
    dispose: () => {
      clearTimeout(quiet);
      return inner.dispose();
    },
    async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
      if (isolationLevel !== undefined && isolationLevel !== 'SERIALIZABLE')
        return inner.startTransaction(isolationLevel);
      const release = await begin();
      const deadline = Date.now() + lockWaitMs;
      for (let delay = 5; ; delay = Math.min(delay * 2, 250)) {
        try {
          await inner.executeRaw(BEGIN_IMMEDIATE);
          break;
        } catch (error) {
          const left = deadline - Date.now();
          if (!isBusy(error) || left <= 0) {
            release();
            throw error;
          }
          await sleep(Math.min(delay, left));
        }
      }
      // Prisma itself sends COMMIT / ROLLBACK through executeRaw, then calls commit() / rollback().
      return {
        provider: inner.provider,
        adapterName: inner.adapterName,
        options: { usePhantomQuery: false },
        queryRaw: (query) => inner.queryRaw(counting(query)),
        executeRaw: (query) => inner.executeRaw(counting(query)),
        commit: async () => release(),
        rollback: async () => release(),
        createSavepoint: async (name) =>
          void (await inner.executeRaw({ sql: `SAVEPOINT ${name}`, args: [], argTypes: [] })),
        rollbackToSavepoint: async (name) =>
          void (await inner.executeRaw({ sql: `ROLLBACK TO ${name}`, args: [], argTypes: [] })),
        releaseSavepoint: async (name) =>
          void (await inner.executeRaw({ sql: `RELEASE SAVEPOINT ${name}`, args: [], argTypes: [] })),
      };
    },
  };
}

/** The adapter reports SQLITE_BUSY (any extended code) as a `SocketTimeout` driver error. */
function isBusy(error: unknown): boolean {
  const cause = (error as { cause?: { kind?: unknown } } | null)?.cause;
  return cause?.kind === 'SocketTimeout';
}

export interface InstanceHolder {
  pid: number;
  host: string;
  since: string;
}

export class InstanceLockedError extends Error {
  constructor(
    readonly lockPath: string,
    readonly holder: InstanceHolder | null,
  ) {
    super(
      `another bot is already using this database: ${holder ? `process ${holder.pid} on ${holder.host}, started ${holder.since}` : 'a process that is still starting'} ` +
        `(lock file ${lockPath}). Stop it first, or give this instance its own DATABASE_URL.`,
    );
    this.name = 'InstanceLockedError';
  }
}

export interface InstanceLock {
  path: string;
  release(): void;
}

/**
 * Refuses a second bot on the same SQLite file — two writers would take turns at the lock and time
 * each other out. The lock file `<db>.lock` is itself a tiny SQLite database naming the holder; the
 * holder keeps a read transaction open on it, which the operating system releases when the process
 * ends, however it ends, so a crash leaves no stale lock. A newcomer can still read who holds it.
 */
export function acquireInstanceLock(dbPath: string, holder: InstanceHolder = currentHolder()): InstanceLock {
  const path = `${dbPath}.lock`;
  const lock = new Database(path, { timeout: 0 });
  try {
    lock.exec(
      'CREATE TABLE IF NOT EXISTS holder (id INTEGER PRIMARY KEY CHECK (id = 1), pid INTEGER NOT NULL, host TEXT NOT NULL, since TEXT NOT NULL)',
    );
    lock.exec('BEGIN IMMEDIATE');
    lock
      .prepare('INSERT OR REPLACE INTO holder (id, pid, host, since) VALUES (1, ?, ?, ?)')
      .run(holder.pid, holder.host, holder.since);
    // Committing needs every other connection's read lock gone: it fails while a holder is alive.
    lock.exec('COMMIT');
  } catch (error) {
    if (lock.inTransaction) lock.exec('ROLLBACK');
    const busy = (error as { code?: unknown }).code;
    const current = typeof busy === 'string' && busy.startsWith('SQLITE_BUSY') ? readHolder(lock) : undefined;
    lock.close();
    if (current !== undefined) throw new InstanceLockedError(path, current);
    throw error;
  }
  lock.exec('BEGIN');
  lock.prepare('SELECT pid FROM holder').get();
  return {
    path,
    release: () => {
      if (!lock.open) return;
      lock.exec('COMMIT');
      lock.close();
    },
  };
}

function readHolder(lock: Database.Database): InstanceHolder | null {
  try {
    return (
      (lock.prepare('SELECT pid, host, since FROM holder WHERE id = 1').get() as InstanceHolder | undefined) ?? null
    );
  } catch {
    return null;
  }
}

function currentHolder(): InstanceHolder {
  return { pid: process.pid, host: hostname(), since: new Date().toISOString() };
}
