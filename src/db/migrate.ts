import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';

/**
 * Applies prisma/migrations/<timestamp>_<name>/migration.sql the way Prisma Migrate does, because
 * the Prisma schema engine cannot be downloaded here. Rows in _prisma_migrations match Prisma's own
 * (uuid id, sha256 checksum of the file, timestamps, applied_steps_count) so `prisma migrate status`
 * agrees with what this applied.
 */

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

export function readMigrations(directory: string): MigrationFile[] {
  return readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(directory, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const bytes = readFileSync(join(directory, name, 'migration.sql'));
      return { name, sql: bytes.toString('utf8'), checksum: createHash('sha256').update(bytes).digest('hex') };
    });
}

export interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: unknown;
  rolled_back_at: unknown;
}

/**
 * Checks what the database says was applied against the files, as Prisma Migrate does, and returns
 * the migrations still to apply. Shared by the SQLite and PostgreSQL migrators.
 */
export function pendingMigrations(
  applied: AppliedRow[],
  migrations: MigrationFile[],
  folder = 'prisma/migrations',
): MigrationFile[] {
  const byName = new Map(applied.filter((row) => row.rolled_back_at === null).map((row) => [row.migration_name, row]));
  for (const row of byName.values()) {
    if (row.finished_at === null) {
      throw new MigrationError(
        `Migration ${row.migration_name} started but never finished; restore the database from a backup or mark it rolled back before starting again.`,
      );
    }
    const file = migrations.find((m) => m.name === row.migration_name);
    if (file === undefined) {
      throw new MigrationError(
        `Migration ${row.migration_name} is applied to the database but missing from ${folder}; this build is older than the database.`,
      );
    }
    if (file.checksum !== row.checksum) {
      throw new MigrationError(
        `Migration ${row.migration_name} was modified after it was applied (checksum differs); restore the original migration.sql and add a new migration instead.`,
      );
    }
  }
  return migrations.filter((m) => !byName.has(m.name));
}

/** Applies what is pending, each migration in its own transaction; returns the names applied. */
export function applyMigrations(
  db: Database.Database,
  migrations: MigrationFile[],
  now: () => Date = () => new Date(),
): string[] {
  db.exec(CREATE_MIGRATIONS_TABLE);
  const applied = db
    .prepare('SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"')
    .all() as AppliedRow[];
  const pending = pendingMigrations(applied, migrations);

  const insert = db.prepare(
    'INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)',
  );
  const newlyApplied: string[] = [];
  if (pending.length === 0) return newlyApplied;
  // Prisma redefines a table by copy, DROP and rename. With foreign keys enforced, that DROP would
  // fire ON DELETE actions on child rows; SQLite ignores this pragma inside a transaction, so it is
  // switched off around them and the constraints are checked before each commit instead.
  const foreignKeysWereOn = Number(db.pragma('foreign_keys', { simple: true })) === 1;
  db.pragma('foreign_keys = OFF');
  try {
    for (const migration of pending) {
      const startedAt = now().toISOString();
      db.transaction(() => {
        db.exec(migration.sql);
        const violations = db.pragma('foreign_key_check') as { table: string; parent: string }[];
        if (violations.length > 0) {
          const first = violations[0];
          throw new MigrationError(
            `Migration ${migration.name} leaves ${violations.length} rows violating foreign keys (first: ${first?.table} → ${first?.parent}); nothing was applied.`,
          );
        }
        insert.run(randomUUID(), migration.checksum, now().toISOString(), migration.name, startedAt);
      })();
      newlyApplied.push(migration.name);
    }
  } finally {
    if (foreignKeysWereOn) db.pragma('foreign_keys = ON');
  }
  return newlyApplied;
}
