import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { MigrationError, pendingMigrations, type AppliedRow, type MigrationFile } from './migrate.ts';

/**
 * Applies prisma/postgresql/migrations the way Prisma Migrate does on PostgreSQL: the same
 * `_prisma_migrations` table Prisma creates (so `prisma migrate status` agrees), each migration in
 * its own transaction (PostgreSQL DDL is transactional, so a failed one leaves nothing behind).
 *
 * Several instances may start together on an empty database: a session advisory lock makes the
 * first one migrate while the others wait, then find nothing pending.
 */

/** Prisma Migrate's own table definition for PostgreSQL. */
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/** The advisory lock key Prisma Migrate itself takes (72707369, "prisma" in its source), so a concurrent `prisma migrate deploy` waits too. */
export const MIGRATION_LOCK_KEY = 72707369;

export async function applyPostgresMigrations(
  client: pg.Client,
  migrations: MigrationFile[],
  now: () => Date = () => new Date(),
): Promise<string[]> {
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
  try {
    await client.query(CREATE_MIGRATIONS_TABLE);
    const applied = await client.query<AppliedRow>(
      'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"',
    );
    const pending = pendingMigrations(applied.rows, migrations, 'prisma/postgresql/migrations');
    for (const migration of pending) {
      const startedAt = now();
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query(
          'INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) VALUES ($1, $2, $3, $4, NULL, NULL, $5, 1)',
          [randomUUID(), migration.checksum, now(), migration.name, startedAt],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new MigrationError(
          `Migration ${migration.name} failed and was rolled back: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    return pending.map((m) => m.name);
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
  }
}
