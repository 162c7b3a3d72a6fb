import { createHash } from 'node:crypto';
import {
  appendFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, openDatabase } from '../../src/db/client.ts';
import { applyMigrations, MigrationError, readMigrations } from '../../src/db/migrate.ts';

interface MigrationRow {
  id: string;
  checksum: string;
  finished_at: string | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: string | null;
  started_at: string | null;
  applied_steps_count: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Folder names holding a migration.sql, computed here rather than trusted from readMigrations. */
const MIGRATION_NAMES = readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .filter((name) => readdirSync(join(MIGRATIONS_DIR, name)).includes('migration.sql'))
  .sort();

let workDir: string;
let counter = 0;
const connections: Database.Database[] = [];

function freshDb(): Database.Database {
  const db = new Database(join(workDir, `db-${++counter}.db`));
  db.pragma('foreign_keys = ON'); // as openDatabase does before migrating
  connections.push(db);
  return db;
}

/** A private copy of prisma/migrations that a test may edit. */
function copyMigrations(): string {
  const dir = join(workDir, `migrations-${++counter}`);
  cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

function addMigration(dir: string, name: string, sql: string): void {
  mkdirSync(join(dir, name));
  writeFileSync(join(dir, name, 'migration.sql'), sql);
}

const rows = (db: Database.Database): MigrationRow[] =>
  db.prepare('SELECT * FROM "_prisma_migrations" ORDER BY migration_name').all() as MigrationRow[];

const tables = (db: Database.Database): string[] =>
  (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map(
    (r) => r.name,
  );

const schemaObjects = (db: Database.Database): unknown[] =>
  db.prepare(`SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name`).all();

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), `migrate-test-${process.pid}-`));
});

afterEach(() => {
  for (const db of connections.splice(0)) if (db.open) db.close();
});

afterAll(() => {
  if (workDir !== undefined) rmSync(workDir, { recursive: true, force: true });
});

describe('applyMigrations', () => {
  it('finds the project migrations', () => {
    expect(MIGRATION_NAMES.length).toBeGreaterThan(0);
    expect(readMigrations(MIGRATIONS_DIR).map((m) => m.name)).toEqual(MIGRATION_NAMES);
  });

  it('applies every migration once and nothing the second time', () => {
    const db = freshDb();
    expect(applyMigrations(db, readMigrations(MIGRATIONS_DIR))).toEqual(MIGRATION_NAMES);
    const before = { rows: rows(db), schema: schemaObjects(db) };

    expect(applyMigrations(db, readMigrations(MIGRATIONS_DIR))).toEqual([]);
    expect(rows(db)).toEqual(before.rows);
    expect(schemaObjects(db)).toEqual(before.schema);
  });

  it('records _prisma_migrations rows the way Prisma Migrate does', () => {
    const db = freshDb();
    let tick = Date.UTC(2026, 10, 26, 8, 0, 0);
    const now = (): Date => {
      tick += 1000;
      return new Date(tick);
    };
    applyMigrations(db, readMigrations(MIGRATIONS_DIR), now);

    const recorded = rows(db);
    expect(recorded.map((r) => r.migration_name)).toEqual(MIGRATION_NAMES);
    for (const row of recorded) {
      const bytes = readFileSync(join(MIGRATIONS_DIR, row.migration_name, 'migration.sql'));
      expect(row.id).toMatch(UUID);
      expect(row.checksum).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.started_at).not.toBeNull();
      expect(row.finished_at).not.toBeNull();
      expect(Date.parse(row.finished_at!)).toBeGreaterThanOrEqual(Date.parse(row.started_at!));
      expect(row.applied_steps_count).toBe(1);
      expect(row.logs).toBeNull();
      expect(row.rolled_back_at).toBeNull();
    }
    expect(new Set(recorded.map((r) => r.id)).size).toBe(recorded.length);
    // The injected clock is what is recorded (UTC ISO timestamps).
    expect(recorded[0]!.started_at).toBe(new Date(Date.UTC(2026, 10, 26, 8, 0, 1)).toISOString());

    // The bookkeeping table itself is Prisma's.
    const columns = db.prepare(`PRAGMA table_info("_prisma_migrations")`).all() as {
      name: string;
      type: string;
      notnull: number;
      pk: number;
    }[];
    expect(columns.map((c) => [c.name, c.type, c.notnull, c.pk])).toEqual([
      ['id', 'TEXT', 1, 1],
      ['checksum', 'TEXT', 1, 0],
      ['finished_at', 'DATETIME', 0, 0],
      ['migration_name', 'TEXT', 1, 0],
      ['logs', 'TEXT', 0, 0],
      ['rolled_back_at', 'DATETIME', 0, 0],
      ['started_at', 'DATETIME', 1, 0],
      ['applied_steps_count', 'INTEGER UNSIGNED', 1, 0],
    ]);
  });

  it('applies only the new migration when one is added later', () => {
    const dir = copyMigrations();
    const db = freshDb();
    applyMigrations(db, readMigrations(dir));
    addMigration(dir, '20991231000000_add_note', 'CREATE TABLE "Note" ("id" TEXT NOT NULL PRIMARY KEY);\n');
    expect(applyMigrations(db, readMigrations(dir))).toEqual(['20991231000000_add_note']);
    expect(tables(db)).toContain('Note');
    expect(rows(db).map((r) => r.migration_name)).toEqual([...MIGRATION_NAMES, '20991231000000_add_note']);
  });

  it('refuses to start when an applied migration.sql was changed afterwards, naming it', () => {
    const dir = copyMigrations();
    const db = freshDb();
    applyMigrations(db, readMigrations(dir));
    const edited = MIGRATION_NAMES[0]!;
    appendFileSync(join(dir, edited, 'migration.sql'), '\n-- an innocent-looking edit\n');

    const attempt = (): string[] => applyMigrations(db, readMigrations(dir));
    expect(attempt).toThrow(MigrationError);
    expect(attempt).toThrow(new RegExp(`${edited}.*(modified|checksum)`));
  });

  it('refuses to start when an applied migration is missing from the folder, naming it', () => {
    const dir = copyMigrations();
    addMigration(dir, '20991231000000_newer_build', 'CREATE TABLE "Newer" ("id" TEXT NOT NULL PRIMARY KEY);\n');
    const db = freshDb();
    applyMigrations(db, readMigrations(dir));
    rmSync(join(dir, '20991231000000_newer_build'), { recursive: true });

    const attempt = (): string[] => applyMigrations(db, readMigrations(dir));
    expect(attempt).toThrow(MigrationError);
    expect(attempt).toThrow(/20991231000000_newer_build.*missing/);
  });

  it('rolls a failing migration back completely: no partial tables, no _prisma_migrations row', () => {
    const dir = copyMigrations();
    const bad = '20991231000000_bad';
    addMigration(
      dir,
      bad,
      [
        'CREATE TABLE "Partial" ("id" TEXT NOT NULL PRIMARY KEY);',
        'CREATE INDEX "Partial_id_idx" ON "Partial"("id");',
        `INSERT INTO "Sequence" ("name", "value") VALUES ('partial', 1);`,
        'ALTER TABLE "Unit" ADD COLUMN "partial" TEXT;',
        'THIS IS NOT SQL;',
      ].join('\n'),
    );
    const db = freshDb();
    applyMigrations(db, readMigrations(MIGRATIONS_DIR)); // the good ones first, in their own run
    const before = { rows: rows(db), schema: schemaObjects(db) };

    expect(() => applyMigrations(db, readMigrations(dir))).toThrow(/syntax error/);
    expect(tables(db)).not.toContain('Partial');
    expect(schemaObjects(db)).toEqual(before.schema);
    expect(db.prepare(`SELECT count(*) AS n FROM "Sequence"`).get()).toEqual({ n: 0 });
    expect(rows(db)).toEqual(before.rows);
    expect(db.inTransaction).toBe(false);

    // Once the migration is fixed it applies normally.
    writeFileSync(join(dir, bad, 'migration.sql'), 'CREATE TABLE "Partial" ("id" TEXT NOT NULL PRIMARY KEY);\n');
    expect(applyMigrations(db, readMigrations(dir))).toEqual([bad]);
  });

  it('in one run, commits the good migrations before a failing one and records nothing for the failure', () => {
    const dir = copyMigrations();
    addMigration(dir, '20991231000000_bad', 'CREATE TABLE "Partial" ("id" TEXT);\nINSERT INTO "Missing" VALUES (1);\n');
    const db = freshDb();
    expect(() => applyMigrations(db, readMigrations(dir))).toThrow(/no such table: Missing/);
    // The earlier migrations committed in their own transactions; the failing one left nothing.
    expect(rows(db).map((r) => r.migration_name)).toEqual(MIGRATION_NAMES);
    expect(tables(db)).not.toContain('Partial');
  });

  it('refuses to start after a crash mid-migration (a row with finished_at NULL), naming it', () => {
    const dir = copyMigrations();
    const next = '20991231000000_next';
    addMigration(dir, next, 'CREATE TABLE "Next" ("id" TEXT NOT NULL PRIMARY KEY);\n');
    const db = freshDb();
    applyMigrations(db, readMigrations(MIGRATIONS_DIR));
    const file = readMigrations(dir).find((m) => m.name === next)!;
    // What Prisma Migrate leaves behind when it dies part-way through a migration.
    db.prepare(
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
       VALUES ('6d0f3a52-5f0c-4b43-9d6a-0d8d3f1c2b7e', ?, NULL, ?, NULL, NULL, ?, 0)`,
    ).run(file.checksum, next, new Date().toISOString());

    const attempt = (): string[] => applyMigrations(db, readMigrations(dir));
    expect(attempt).toThrow(MigrationError);
    expect(attempt).toThrow(new RegExp(`${next}.*never finished`));
    expect(tables(db)).not.toContain('Next');
  });

  it('re-applies a migration that was marked rolled back (prisma migrate resolve --rolled-back)', () => {
    const dir = copyMigrations();
    const next = '20991231000000_next';
    addMigration(dir, next, 'CREATE TABLE "Next" ("id" TEXT NOT NULL PRIMARY KEY);\n');
    const db = freshDb();
    applyMigrations(db, readMigrations(MIGRATIONS_DIR));
    const file = readMigrations(dir).find((m) => m.name === next)!;
    const at = new Date().toISOString();
    db.prepare(
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
       VALUES ('6d0f3a52-5f0c-4b43-9d6a-0d8d3f1c2b7e', ?, NULL, ?, 'failed', ?, ?, 0)`,
    ).run(file.checksum, next, at, at);

    expect(applyMigrations(db, readMigrations(dir))).toEqual([next]);
    expect(tables(db)).toContain('Next');
  });

  // Prisma's RedefineTables script (create new_X, copy, DROP TABLE X, rename) must not fire ON DELETE
  // actions on X's children, so migrations run with foreign keys off and are checked before commit.
  it('refuses a migration that leaves rows violating a foreign key, and keeps enforcing them afterwards', () => {
    const dir = copyMigrations();
    const db = freshDb();
    applyMigrations(db, readMigrations(dir));
    addMigration(
      dir,
      '29991231000000_orphan',
      `INSERT INTO "RoleGrant" ("userId", "role", "scope", "grantedBy", "grantedAt") VALUES ('ghost', 'IPB', '', 'x', '2026-01-01T00:00:00.000+00:00');`,
    );
    expect(() => applyMigrations(db, readMigrations(dir))).toThrow(MigrationError);
    expect(db.prepare('SELECT COUNT(*) AS n FROM "RoleGrant"').get()).toEqual({ n: 0 });
    expect(rows(db).map((r) => r.migration_name)).not.toContain('29991231000000_orphan');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('keeps child rows when a later migration redefines a parent table the way Prisma writes it', () => {
    const dir = copyMigrations();
    const db = freshDb();
    applyMigrations(db, readMigrations(dir));
    db.exec(`
      INSERT INTO "User" ("id", "name", "createdAt") VALUES ('u1', 'A', '2026-01-01T00:00:00.000Z');
      INSERT INTO "RoleGrant" ("userId", "role", "scope", "grantedBy", "grantedAt") VALUES ('u1', 'admin', '', 'u1', '2026-01-01T00:00:00.000Z');
    `);
    addMigration(
      dir,
      '20991231000000_redefine_user',
      `-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "unitId" TEXT,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "User_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_User" ("createdAt", "id", "name", "unitId") SELECT "createdAt", "id", "name", "unitId" FROM "User";
DROP TABLE "User";
ALTER TABLE "new_User" RENAME TO "User";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
`,
    );
    applyMigrations(db, readMigrations(dir));
    expect(db.prepare(`SELECT count(*) AS n FROM "RoleGrant"`).get()).toEqual({ n: 1 });
  });
});

describe('openDatabase', () => {
  it('switches the file to WAL and applies the migrations', async () => {
    const path = join(workDir, 'opened', 'bot.db'); // the parent folder is created on demand
    const bot = await openDatabase(path);
    try {
      const mode = (await bot.prisma.$queryRawUnsafe('PRAGMA journal_mode')) as { journal_mode: string }[];
      expect(mode).toEqual([{ journal_mode: 'wal' }]);
    } finally {
      await bot.close();
    }
    // WAL is a property of the file: a new connection sees it too.
    const raw = new Database(path);
    connections.push(raw);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(rows(raw).map((r) => r.migration_name)).toEqual(MIGRATION_NAMES);

    // Opening again applies nothing new.
    const again = await openDatabase(path);
    await again.close();
    expect(rows(raw).map((r) => r.migration_name)).toEqual(MIGRATION_NAMES);
  });
});
