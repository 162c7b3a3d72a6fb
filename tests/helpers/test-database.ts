import { createHash } from 'node:crypto';
import { inject } from 'vitest';
import { createDatabase } from './postgres-server.ts';

/** True in the `postgresql` vitest project, which runs a subset of the suite against PostgreSQL. */
export const onPostgres = process.env.TEST_DATABASE === 'postgresql';

/**
 * The DATABASE_URL for a test's database. On SQLite it is the given file; on PostgreSQL it is a
 * database of the shared test server named after that file, so a test that restarts the bot on
 * "the same file" gets the same database back and every test file still has its own.
 */
export async function testDatabaseUrl(sqlitePath: string): Promise<string> {
  if (!onPostgres) return `file:${sqlitePath}`;
  const name = `t_${createHash('sha256').update(sqlitePath).digest('hex').slice(0, 20)}`;
  return createDatabase(inject('postgresAdminUrl'), name);
}
