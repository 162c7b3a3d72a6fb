import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from './generated/client.ts';
import { applyMigrations, readMigrations } from './migrate.ts';

export type { PrismaClient };

export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../prisma/migrations');

/** Milliseconds a writer waits for another connection's lock before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

export interface BotDatabase {
  prisma: PrismaClient;
  path: string;
  close(): Promise<void>;
}

/**
 * Opens the SQLite file, switches it to WAL (readers never block the writer; a crash loses no
 * committed transaction), applies pending migrations, then hands out the Prisma client.
 */
export async function openDatabase(path: string): Promise<BotDatabase> {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const raw = new Database(path, { timeout: BUSY_TIMEOUT_MS });
  try {
    raw.pragma('journal_mode = WAL');
    raw.pragma('foreign_keys = ON');
    applyMigrations(raw, readMigrations(MIGRATIONS_DIR));
  } finally {
    raw.close();
  }
  const adapter = new PrismaBetterSqlite3({ url: path, timeout: BUSY_TIMEOUT_MS });
  const prisma = new PrismaClient({ adapter });
  await prisma.$executeRawUnsafe('PRAGMA foreign_keys = ON');
  // NORMAL is durable in WAL mode across process crashes (only an OS crash can lose the last commit).
  await prisma.$executeRawUnsafe('PRAGMA synchronous = NORMAL');
  return {
    prisma,
    path,
    close: () => prisma.$disconnect(),
  };
}
