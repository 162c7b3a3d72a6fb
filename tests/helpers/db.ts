import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { existingTestDatabaseUrl } from './test-database.ts';

/**
 * Read-only queries on a running bot's database, for assertions, on either test database: the
 * test's SQLite file, or in the `postgresql` project the PostgreSQL database standing in for it.
 *
 * Tests write their SQL once, in SQLite's form (`?` placeholders, unquoted camelCase columns); on
 * PostgreSQL it is translated (numbered placeholders, quoted columns) and values come back as
 * better-sqlite3 gives them (counts as numbers, booleans as 1 / 0, DateTime as the text Prisma
 * stores in SQLite), so an assertion reads the same on both. Queries stay synchronous on
 * PostgreSQL too (a worker thread runs them while the test thread waits), so assertions need no
 * await. A connection per call (SQLite) keeps the test from holding a read snapshot while the bot
 * writes; on PostgreSQL a read never blocks the bot's writes.
 */
export function readOnlyQueries(sqlitePath: () => string) {
  function query<T>(sql: string, ...params: unknown[]): T[] {
    const url = existingTestDatabaseUrl(sqlitePath());
    if (url.startsWith('postgres')) return postgresQuery<T>(url, toPostgres(sql), params);
    const db = new Database(sqlitePath(), { readonly: true });
    try {
      return db.prepare(sql).all(...params) as T[];
    } finally {
      db.close();
    }
  }
  const count = (sql: string, ...params: unknown[]) => Number(query<{ n: number }>(sql, ...params)[0]?.n);
  return { query, count };
}

/**
 * SQLite's form of a test query in PostgreSQL's: `?` becomes `$1`, `$2`…, and a mixed-case name
 * (`recordType`, `p.unitId`, `InboundMessage`) is quoted, which PostgreSQL needs where SQLite does
 * not; keywords (upper case), lower-case names, string literals and quoted names stay as written.
 */
function toPostgres(sql: string): string {
  let placeholder = 0;
  return sql
    .split(/('(?:[^']|'')*'|"[^"]*")/)
    .map((part, i) => {
      if (i % 2 === 1) return part;
      return part
        .replace(/\?/g, () => `$${++placeholder}`)
        .replace(/(?<![\w"$])[A-Za-z_]\w*/g, (word) => (/[a-z]/.test(word) && /[A-Z]/.test(word) ? `"${word}"` : word));
    })
    .join('');
}

let reader: { worker: Worker; port: MessagePort; signal: Int32Array } | undefined;

function postgresQuery<T>(url: string, sql: string, params: unknown[]): T[] {
  if (reader === undefined) {
    const signal = new Int32Array(new SharedArrayBuffer(4));
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(new URL('./pg-sync-worker.mjs', import.meta.url), {
      workerData: { signal, port: port2 },
      transferList: [port2],
    });
    worker.unref();
    reader = { worker, port: port1, signal };
  }
  Atomics.store(reader.signal, 0, 0);
  reader.port.postMessage({ url, sql, params });
  if (Atomics.wait(reader.signal, 0, 0, 30_000) === 'timed-out') throw new Error(`PostgreSQL read timed out: ${sql}`);
  const reply = receiveMessageOnPort(reader.port)?.message as { rows?: T[]; error?: string } | undefined;
  if (reply?.error !== undefined || reply?.rows === undefined)
    throw new Error(`PostgreSQL read failed: ${reply?.error ?? 'no reply'}`);
  return reply.rows;
}
