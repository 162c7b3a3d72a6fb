import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { PrismaClient } from './generated/client.ts';
import { applyMigrations, readMigrations } from './migrate.ts';
import { applyPostgresMigrations } from './migrate-postgres.ts';
import {
  acquireInstanceLock,
  sqliteAdapterFactory,
  type InstanceLock,
  type StatementListener,
  type WriteCounter,
} from './sqlite.ts';
import { trackWrites } from './tx.ts';

export type { PrismaClient };

export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../prisma/migrations');
export const POSTGRES_MIGRATIONS_DIR = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../prisma/postgresql/migrations',
);

/** Migrations run before anything else listens, so they may wait for a lock synchronously. */
const MIGRATION_BUSY_TIMEOUT_MS = 5000;

export interface OpenDatabaseOptions {
  /**
   * The bot itself: refuse to start when another instance holds the file (tools that run beside it
   * do not). On PostgreSQL, where instances may share the database, only a bot that must run alone
   * asks for it (PLATFORM=local).
   */
  exclusive?: boolean;
  /** How long a transaction waits for another connection's write lock (tests shorten it). */
  lockWaitMs?: number;
  /** Hears every statement sent to an SQLite file (statement-budget tests, benchmarks). */
  onStatement?: StatementListener;
}

export type Dialect = 'sqlite' | 'postgresql';

export interface BotDatabase {
  prisma: PrismaClient;
  dialect: Dialect;
  /** The SQLite file; undefined on PostgreSQL. */
  path: string | undefined;
  /**
   * Runs fn while no other instance runs its own: start-up seeding, which instances starting
   * together on one PostgreSQL database would otherwise race (two inserts of one seed row).
   */
  exclusively<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Prisma's other formats capture a stack trace (new Error()) on every query, for a code frame in its
 * error messages: about a tenth of what a query costs the client. The bot logs its errors with their
 * own stacks and shows none to users.
 */
const ERROR_FORMAT = 'minimal';

/** Session advisory lock key for start-up work after migrations (seeding). */
const STARTUP_LOCK_KEY = 7270736902;

/** postgresql:// (or postgres://) URLs select PostgreSQL; anything else is an SQLite file, with or without file:. */
export function databaseDialect(url: string): Dialect {
  return /^postgres(?:ql)?:\/\//i.test(url) ? 'postgresql' : 'sqlite';
}

export async function openDatabase(url: string, options: OpenDatabaseOptions = {}): Promise<BotDatabase> {
  return databaseDialect(url) === 'postgresql'
    ? openPostgres(url, options)
    : openSqlite(url.replace(/^file:/, ''), options);
}

/** Session advisory lock key held for its whole life by a bot that must be alone on a PostgreSQL database. */
const SINGLE_INSTANCE_LOCK_KEY = 7270736903;

export class DatabaseInUseError extends Error {
  constructor() {
    super(
      'Another bot that must run alone (PLATFORM=local) is already using this PostgreSQL database; stop it first, or give this one its own database.',
    );
    this.name = 'DatabaseInUseError';
  }
}

/**
 * Opens the SQLite file, switches it to WAL (readers never block the writer; a crash loses no
 * committed transaction), applies pending migrations, then hands out the Prisma client.
 */
async function openSqlite(path: string, options: OpenDatabaseOptions): Promise<BotDatabase> {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const instance: InstanceLock | null =
    options.exclusive === true && path !== ':memory:' ? acquireInstanceLock(path) : null;
  try {
    const raw = new Database(path, { timeout: MIGRATION_BUSY_TIMEOUT_MS });
    try {
      raw.pragma('journal_mode = WAL');
      raw.pragma('foreign_keys = ON');
      applyMigrations(raw, readMigrations(MIGRATIONS_DIR));
    } finally {
      raw.close();
    }
  } catch (error) {
    instance?.release();
    throw error;
  }
  const writes: WriteCounter = { count: 0 };
  const prisma = new PrismaClient({
    adapter: sqliteAdapterFactory(path, options.lockWaitMs, options.onStatement, writes),
    errorFormat: ERROR_FORMAT,
  });
  trackWrites(prisma, writes);
  await prisma.$executeRawUnsafe('PRAGMA foreign_keys = ON');
  // NORMAL is durable in WAL mode across process crashes (only an OS crash can lose the last commit).
  await prisma.$executeRawUnsafe('PRAGMA synchronous = NORMAL');
  return {
    prisma,
    dialect: 'sqlite',
    path,
    // One process per SQLite file: nothing to wait for.
    exclusively: (fn) => fn(),
    close: async () => {
      await prisma.$disconnect();
      instance?.release();
    },
  };
}

/**
 * Applies prisma/postgresql/migrations under a migration lock, then hands out a client generated
 * from the PostgreSQL twin of the schema (scripts/prisma-generate.mjs). Both clients are generated
 * from the same models, and the PostgreSQL one accepts every argument the SQLite one does, so it is
 * handed out under the SQLite client's type and every repository is written once.
 */
async function openPostgres(url: string, options: OpenDatabaseOptions): Promise<BotDatabase> {
  // Loaded only here: a second generated client and the pg driver would cost every SQLite bot memory.
  const [{ default: pg }, { PrismaPg }, { PrismaClient: PostgresPrismaClient }] = await Promise.all([
    import('pg'),
    import('@prisma/adapter-pg'),
    import('./generated-pg/client.ts'),
  ]);
  // Held by its own session until close (or the process dies, which ends the session).
  const single = options.exclusive === true ? new pg.Client({ connectionString: url }) : undefined;
  if (single !== undefined) {
    await single.connect();
    const { rows } = await single.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
      SINGLE_INSTANCE_LOCK_KEY,
    ]);
    if (rows[0]?.locked !== true) {
      await single.end();
      throw new DatabaseInUseError();
    }
  }
  const migrator = new pg.Client({ connectionString: url });
  await migrator.connect();
  try {
    await applyPostgresMigrations(migrator, readMigrations(POSTGRES_MIGRATIONS_DIR));
  } catch (error) {
    await single?.end();
    throw error;
  } finally {
    await migrator.end();
  }
  const adapter = new PrismaPg({ connectionString: url });
  const prisma = new PostgresPrismaClient({ adapter, errorFormat: ERROR_FORMAT }) as unknown as PrismaClient;
  await prisma.$connect();
  return {
    prisma,
    dialect: 'postgresql',
    path: undefined,
    async exclusively(fn) {
      const lock = new pg.Client({ connectionString: url });
      await lock.connect();
      try {
        await lock.query('SELECT pg_advisory_lock($1)', [STARTUP_LOCK_KEY]);
        return await fn();
      } finally {
        // Ending the session releases the lock, also when fn failed.
        await lock.end();
      }
    },
    close: async () => {
      await prisma.$disconnect();
      await single?.end();
    },
  };
}
