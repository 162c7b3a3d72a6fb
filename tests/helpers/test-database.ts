import { createHash } from 'node:crypto';
import { inject } from 'vitest';
import { createDatabase } from './postgres-server.ts';

/** True in the `postgresql` vitest project, which runs the listed part of the suite against PostgreSQL. */
export const onPostgres = process.env.TEST_DATABASE === 'postgresql';

/** The PostgreSQL database that stands in for a test's SQLite file: one per file path, named after it. */
function postgresNameFor(sqlitePath: string): string {
  return `t_${createHash('sha256').update(sqlitePath).digest('hex').slice(0, 20)}`;
}

/**
 * The DATABASE_URL for a test's database. On SQLite it is the given file; on PostgreSQL it is a
 * database of the shared test server named after that file, so a test that restarts the bot on
 * "the same file" gets the same database back and every test file still has its own.
 */
export async function testDatabaseUrl(sqlitePath: string): Promise<string> {
  if (!onPostgres) return `file:${sqlitePath}`;
  return createDatabase(inject('postgresAdminUrl'), postgresNameFor(sqlitePath));
}

/** The URL testDatabaseUrl gave for `sqlitePath`, without creating anything (the bot has started on it). */
export function existingTestDatabaseUrl(sqlitePath: string): string {
  if (!onPostgres) return `file:${sqlitePath}`;
  const url = new URL(inject('postgresAdminUrl'));
  url.pathname = `/${postgresNameFor(sqlitePath)}`;
  return url.toString();
}
