// The thread behind tests/helpers/db.ts's synchronous PostgreSQL reads: it runs each query on its own
// connection and wakes the waiting test thread through the shared signal. Values come back in the
// forms better-sqlite3 gives for the same columns (see db.ts), so one assertion holds on both databases.
import { workerData } from 'node:worker_threads';
import pg from 'pg';

const { signal, port } = workerData;
const pools = new Map();

/** timestamp(3) text, UTC by Prisma's convention, as the Prisma SQLite adapter stores DateTime. */
const sqliteTime = (text) => new Date(`${text.replace(' ', 'T')}Z`).toISOString().replace('Z', '+00:00');
const PARSERS = {
  20: Number, // int8: COUNT(*), SUM
  1700: Number, // numeric: AVG, SUM of integers
  16: (text) => (text === 't' ? 1 : 0), // boolean: SQLite stores 1 / 0
  1114: sqliteTime, // timestamp without time zone
};
const types = { getTypeParser: (oid, format) => PARSERS[oid] ?? pg.types.getTypeParser(oid, format) };

port.on('message', async ({ url, sql, params }) => {
  let reply;
  try {
    let pool = pools.get(url);
    if (pool === undefined) {
      pool = new pg.Pool({ connectionString: url, max: 1, idleTimeoutMillis: 1000, allowExitOnIdle: true });
      pools.set(url, pool);
    }
    const result = await pool.query({ text: sql, values: params, types });
    reply = { rows: result.rows };
  } catch (error) {
    reply = { error: `${error.message}\n${sql}` };
  }
  port.postMessage(reply);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});
