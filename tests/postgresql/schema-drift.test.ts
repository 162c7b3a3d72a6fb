import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MIGRATIONS_DIR, openDatabase, POSTGRES_MIGRATIONS_DIR } from '../../src/db/client.ts';
import { derivePostgresSchema } from '../../scripts/postgres-schema.mjs';
import {
  parsePrismaSchema,
  type PrismaColumn,
  type PrismaModel,
  type PrismaSchema,
  type ReferentialAction,
} from '../helpers/prisma-schema.ts';
import { createDatabase } from '../helpers/postgres-server.ts';

/**
 * The PostgreSQL half of tests/integration/schema-drift.test.ts: the hand-written SQL in
 * prisma/postgresql/migrations, applied by the real start-up path, builds exactly what
 * prisma/schema.prisma describes — what `prisma migrate diff` would check with the PostgreSQL
 * provider. Every SQLite migration must have its PostgreSQL twin of the same name.
 */

const SCHEMA_SOURCE = readFileSync(resolve(MIGRATIONS_DIR, '../schema.prisma'), 'utf8');

/** What Prisma's PostgreSQL connector creates for each scalar (information_schema spelling). */
const POSTGRES_TYPE: Record<PrismaColumn['prismaType'], string> = {
  String: 'text',
  Int: 'integer',
  DateTime: 'timestamp(3) without time zone',
  Boolean: 'boolean',
  Float: 'double precision',
  BigInt: 'bigint',
};

const ACTION_CODE: Record<ReferentialAction, string> = {
  Cascade: 'c',
  Restrict: 'r',
  NoAction: 'a',
  SetNull: 'n',
  SetDefault: 'd',
};

const cols = (list: readonly string[]): string => `(${list.join(', ')})`;

function expectedDefault(table: string, column: PrismaColumn): string | null {
  const d = column.defaultValue;
  if (d === null) return null;
  switch (d.kind) {
    case 'string':
      return `'${d.value.replace(/'/g, "''")}'::text`;
    case 'number':
      return d.value;
    case 'boolean':
      return String(d.value);
    case 'function':
      if (d.name === 'autoincrement') return `nextval('"${table}_${column.name}_seq"'::regclass)`;
      return d.name === 'now' ? 'CURRENT_TIMESTAMP' : null;
  }
}

interface Catalog {
  tables: Set<string>;
  columns: Map<string, { name: string; type: string; nullable: boolean; default: string | null }[]>;
  primaryKeys: Map<string, string[]>;
  indexes: Map<string, { name: string; unique: boolean; columns: string[]; partial: boolean }[]>;
  foreignKeys: Map<
    string,
    { name: string; from: string[]; table: string; to: string[]; onDelete: string; onUpdate: string }[]
  >;
}

async function readCatalog(client: pg.Client): Promise<Catalog> {
  const tables = await client.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'`,
  );
  const columns = await client.query<{
    table: string;
    name: string;
    type: string;
    nullable: boolean;
    default: string | null;
  }>(
    `SELECT c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable, pg_get_expr(d.adbin, d.adrelid) AS default
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
  );
  const indexes = await client.query<{
    table: string;
    name: string;
    unique: boolean;
    primary: boolean;
    partial: boolean;
    columns: string[];
  }>(
    `SELECT t.relname AS table, i.relname AS name, x.indisunique AS unique, x.indisprimary AS primary, x.indpred IS NOT NULL AS partial,
            ARRAY(SELECT a.attname FROM unnest(x.indkey) WITH ORDINALITY k(attnum, ord) JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = 'public'`,
  );
  const fks = await client.query<{
    table: string;
    name: string;
    target: string;
    from: string[];
    to: string[];
    ondelete: string;
    onupdate: string;
  }>(
    `SELECT t.relname AS table, k.conname AS name, r.relname AS target, k.confdeltype AS ondelete, k.confupdtype AS onupdate,
            ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY u(attnum, ord) JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum ORDER BY u.ord)::text[] AS from,
            ARRAY(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY u(attnum, ord) JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.attnum ORDER BY u.ord)::text[] AS to
       FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid JOIN pg_class r ON r.oid = k.confrelid JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = 'public' AND k.contype = 'f'`,
  );
  const group = <T extends { table: string }>(rows: T[]) => {
    const map = new Map<string, T[]>();
    for (const row of rows) map.set(row.table, [...(map.get(row.table) ?? []), row]);
    return map;
  };
  const byTableIndexes = group(indexes.rows);
  return {
    tables: new Set(tables.rows.map((r) => r.name)),
    columns: group(columns.rows),
    primaryKeys: new Map(
      [...byTableIndexes].map(([table, rows]) => [table, rows.find((r) => r.primary)?.columns ?? []]),
    ),
    indexes: new Map([...byTableIndexes].map(([table, rows]) => [table, rows.filter((r) => !r.primary)])),
    foreignKeys: new Map(
      [...group(fks.rows)].map(([table, rows]) => [
        table,
        rows.map((r) => ({
          name: r.name,
          from: r.from,
          table: r.target,
          to: r.to,
          onDelete: r.ondelete,
          onUpdate: r.onupdate,
        })),
      ]),
    ),
  };
}

function compareModel(catalog: Catalog, model: PrismaModel): string[] {
  const diffs: string[] = [];
  const t = model.name;
  const actualColumns = catalog.columns.get(t) ?? [];
  const expectedNames = new Set(model.columns.map((c) => c.name));
  for (const column of actualColumns)
    if (!expectedNames.has(column.name))
      diffs.push(`${t}.${column.name}: column exists in the database but not in schema.prisma`);
  for (const column of model.columns) {
    const where = `${t}.${column.name}`;
    const actual = actualColumns.find((c) => c.name === column.name);
    if (actual === undefined) {
      diffs.push(
        `${where}: column missing from the database (schema.prisma: ${column.prismaType}${column.optional ? '?' : ''})`,
      );
      continue;
    }
    if (actual.type !== POSTGRES_TYPE[column.prismaType])
      diffs.push(
        `${where}: type expected ${POSTGRES_TYPE[column.prismaType]} (${column.prismaType}) but database has ${actual.type}`,
      );
    const expectedNullable = column.optional && !column.isId;
    if (actual.nullable !== expectedNullable)
      diffs.push(
        `${where}: expected ${expectedNullable ? 'nullable' : 'NOT NULL'} but database has ${actual.nullable ? 'nullable' : 'NOT NULL'}`,
      );
    const dflt = expectedDefault(t, column);
    if (actual.default !== dflt)
      diffs.push(`${where}: default expected ${dflt ?? 'none'} but database has ${actual.default ?? 'none'}`);
  }
  const pk = catalog.primaryKeys.get(t) ?? [];
  if (pk.join('\0') !== model.primaryKey.join('\0'))
    diffs.push(
      `${t}: primary key expected ${cols(model.primaryKey)} but database has ${pk.length === 0 ? 'none' : cols(pk)}`,
    );

  const expectedIndexes = new Map<string, { unique: boolean; columns: string[] }>();
  for (const unique of model.uniques)
    expectedIndexes.set(`${t}_${unique.join('_')}_key`, { unique: true, columns: unique });
  for (const index of model.indexes)
    expectedIndexes.set(`${t}_${index.join('_')}_idx`, { unique: false, columns: index });
  const actualIndexes = new Map((catalog.indexes.get(t) ?? []).map((i) => [i.name, i]));
  for (const [name, expected] of expectedIndexes) {
    const actual = actualIndexes.get(name);
    if (actual === undefined) {
      diffs.push(`${t}: ${expected.unique ? 'unique index' : 'index'} ${name} on ${cols(expected.columns)} missing`);
      continue;
    }
    if (actual.unique !== expected.unique) diffs.push(`${t}: ${name} should ${expected.unique ? '' : 'not '}be UNIQUE`);
    if (actual.columns.join('\0') !== expected.columns.join('\0'))
      diffs.push(`${t}: ${name} expected on ${cols(expected.columns)} but database has ${cols(actual.columns)}`);
    if (actual.partial) diffs.push(`${t}: ${name} is a partial index; Prisma creates full indexes`);
  }
  for (const [name, actual] of actualIndexes) {
    if (!expectedIndexes.has(name))
      diffs.push(
        `${t}: ${actual.unique ? 'unique index' : 'index'} ${name} on ${cols(actual.columns)} exists in the database but not in schema.prisma`,
      );
  }

  const unmatched = new Set(catalog.foreignKeys.get(t) ?? []);
  for (const relation of model.relations) {
    const where = `${t}.${relation.field}`;
    const fk = [...unmatched].find((k) => k.from.join('\0') === relation.fields.join('\0'));
    if (fk === undefined) {
      diffs.push(
        `${where}: foreign key ${cols(relation.fields)} -> ${relation.model}${cols(relation.references)} missing`,
      );
      continue;
    }
    unmatched.delete(fk);
    if (fk.table !== relation.model || fk.to.join('\0') !== relation.references.join('\0')) {
      diffs.push(
        `${where}: foreign key references ${fk.table}${cols(fk.to)} instead of ${relation.model}${cols(relation.references)}`,
      );
    }
    const onDelete = relation.onDelete ?? (relation.optional ? 'SetNull' : 'Restrict');
    if (fk.onDelete !== ACTION_CODE[onDelete])
      diffs.push(`${where}: ON DELETE expected ${onDelete} but database has code ${fk.onDelete}`);
    const onUpdate = relation.onUpdate ?? 'Cascade';
    if (fk.onUpdate !== ACTION_CODE[onUpdate])
      diffs.push(`${where}: ON UPDATE expected ${onUpdate} but database has code ${fk.onUpdate}`);
    const name = `${t}_${relation.fields.join('_')}_fkey`;
    if (fk.name !== name) diffs.push(`${where}: foreign key is named ${fk.name}, Prisma names it ${name}`);
  }
  for (const fk of unmatched)
    diffs.push(
      `${t}: foreign key ${cols(fk.from)} -> ${fk.table} exists in the database but no relation in schema.prisma declares it`,
    );
  return diffs;
}

function diffCatalogAgainstSchema(catalog: Catalog, schema: PrismaSchema): string[] {
  const diffs: string[] = [];
  const modelNames = new Set(schema.models.map((m) => m.name));
  for (const table of [...catalog.tables].sort())
    if (!modelNames.has(table))
      diffs.push(`table ${table} exists in the database but there is no model ${table} in schema.prisma`);
  for (const model of schema.models) {
    if (!catalog.tables.has(model.name))
      diffs.push(`table ${model.name} (model ${model.name}) missing from the database`);
    else diffs.push(...compareModel(catalog, model));
  }
  return diffs;
}

const migrationNames = (dir: string) =>
  readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();

describe('schema.prisma and prisma/postgresql/migrations agree', () => {
  const schema = parsePrismaSchema(SCHEMA_SOURCE);
  let client: pg.Client;
  let catalog: Catalog;
  let url: string;

  beforeAll(async () => {
    url = await createDatabase(inject('postgresAdminUrl'), `drift_${process.pid}`);
    const bot = await openDatabase(url); // the real start-up path: migration lock, then every migration
    await bot.close();
    client = new pg.Client({ connectionString: url });
    await client.connect();
    catalog = await readCatalog(client);
  });

  afterAll(async () => {
    await client?.end();
  });

  it('every SQLite migration has its PostgreSQL twin of the same name, and no other', () => {
    expect(migrationNames(POSTGRES_MIGRATIONS_DIR)).toEqual(migrationNames(MIGRATIONS_DIR));
  });

  it('prisma/postgresql/schema.prisma is the derivation of prisma/schema.prisma (run node scripts/prisma-generate.mjs)', () => {
    const derived = readFileSync(resolve(POSTGRES_MIGRATIONS_DIR, '../schema.prisma'), 'utf8');
    expect(derived).toBe(derivePostgresSchema(SCHEMA_SOURCE));
    expect(derived).toContain('provider = "postgresql"');
  });

  it('the migrated database matches schema.prisma exactly', () => {
    expect(catalog.tables.size).toBe(schema.models.length);
    expect(diffCatalogAgainstSchema(catalog, schema)).toEqual([]);
  });

  it('records the migrations in Prisma Migrate’s table, and a second start applies nothing', async () => {
    const rows = await client.query<{ migration_name: string; applied_steps_count: number; finished_at: Date | null }>(
      'SELECT migration_name, applied_steps_count, finished_at FROM "_prisma_migrations" ORDER BY migration_name',
    );
    expect(rows.rows.map((r) => r.migration_name)).toEqual(migrationNames(POSTGRES_MIGRATIONS_DIR));
    expect(rows.rows.every((r) => r.applied_steps_count === 1 && r.finished_at instanceof Date)).toBe(true);
    const again = await openDatabase(url);
    await again.close();
    expect((await client.query('SELECT COUNT(*)::int AS n FROM "_prisma_migrations"')).rows[0].n).toBe(rows.rowCount);
  });

  describe('the comparison reports drift', () => {
    it('reports an extra column, a missing index, a changed default and a changed type', async () => {
      await client.query('BEGIN');
      try {
        await client.query(`ALTER TABLE "Unit" ADD COLUMN "extra" TEXT;
          DROP INDEX "AuditEvent_hash_key";
          ALTER TABLE "RoleGrant" ALTER COLUMN "scope" SET DEFAULT 'city';
          ALTER TABLE "Sequence" ALTER COLUMN "value" TYPE BIGINT;
          ALTER TABLE "User" ALTER COLUMN "unitId" SET NOT NULL`);
        const altered = await readCatalog(client);
        expect(diffCatalogAgainstSchema(altered, schema).sort()).toEqual([
          'AuditEvent: unique index AuditEvent_hash_key on (hash) missing',
          "RoleGrant.scope: default expected ''::text but database has 'city'::text",
          'Sequence.value: type expected integer (Int) but database has bigint',
          'Unit.extra: column exists in the database but not in schema.prisma',
          'User.unitId: expected nullable but database has NOT NULL',
        ]);
      } finally {
        await client.query('ROLLBACK');
      }
    });

    it('reports a schema model with no table and a relation with a different onDelete', () => {
      const edited = parsePrismaSchema(
        `${SCHEMA_SOURCE.replace(
          '@relation(fields: [userId], references: [id], onDelete: Cascade)',
          '@relation(fields: [userId], references: [id], onDelete: Restrict)',
        )}\nmodel Stray {\n  id String @id\n}\n`,
      );
      expect(diffCatalogAgainstSchema(catalog, edited)).toEqual([
        'RoleGrant.user: ON DELETE expected Restrict but database has code c',
        'table Stray (model Stray) missing from the database',
      ]);
    });
  });
});
