import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { PrismaClient } from './generated/client.ts';
import { applyMigrations, readMigrations } from './migrate.ts';
import { acquireInstanceLock, sqliteAdapterFactory, type InstanceLock } from './sqlite.ts';

export type { PrismaClient };

export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../prisma/migrations');

/** Migrations run before anything else listens, so they may wait for a lock synchronously. */
const MIGRATION_BUSY_TIMEOUT_MS = 5000;

export interface OpenDatabaseOptions {
  /** The bot itself: refuse to start when another instance holds the file (tools that run beside it do not). */
  exclusive?: boolean;
  /** How long a transaction waits for another connection's write lock (tests shorten it). */
  lockWaitMs?: number;
}

export interface BotDatabase {
  prisma: PrismaClient;
  path: string;
  close(): Promise<void>;
}

/**
 * Opens the SQLite file, switches it to WAL (readers never block the writer; a crash loses no
 * committed transaction), applies pending migrations, then hands out the Prisma client.
 */
export async function openDatabase(path: string, options: OpenDatabaseOptions = {}): Promise<BotDatabase> {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const instance: InstanceLock | null = options.exclusive === true && path !== ':memory:' ? acquireInstanceLock(path) : null;
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
  const prisma = new PrismaClient({ adapter: sqliteAdapterFactory(path, options.lockWaitMs) });
  await prisma.$executeRawUnsafe('PRAGMA foreign_keys = ON');
  // NORMAL is durable in WAL mode across process crashes (only an OS crash can lose the last commit).
  await prisma.$executeRawUnsafe('PRAGMA synchronous = NORMAL');
  return {
    prisma,
    path,
    close: async () => {
      await prisma.$disconnect();
      instance?.release();
    },
  };
}
