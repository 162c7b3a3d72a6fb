import Database from 'better-sqlite3';

/**
 * Read-only queries on a running bot's database file, for assertions. A connection per call keeps
 * the test from holding a read snapshot while the bot writes.
 */
export function readOnlyQueries(path: () => string) {
  function query<T>(sql: string, ...params: unknown[]): T[] {
    const db = new Database(path(), { readonly: true });
    try {
      return db.prepare(sql).all(...params) as T[];
    } finally {
      db.close();
    }
  }
  const count = (sql: string, ...params: unknown[]) => Number(query<{ n: number }>(sql, ...params)[0]?.n);
  return { query, count };
}
