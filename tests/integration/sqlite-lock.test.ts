/**
 * Another connection holding the SQLite write lock must not freeze the bot: transactions wait for it
 * asynchronously (timers, sockets and pings keep running) and start with BEGIN IMMEDIATE; a second
 * bot on the same file is refused with the holder's name. The WAL is checkpointed when the
 * connection is quiet.
 */
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type BotDatabase } from '../../src/db/client.ts';
import { acquireInstanceLock, IDLE_CHECKPOINT_MS, InstanceLockedError } from '../../src/db/sqlite.ts';
import { inTransaction } from '../../src/db/tx.ts';
import { tempDir } from '../helpers/test-bot.ts';

const dir = tempDir();
const path = join(dir.path, 'lock.db');
let db: BotDatabase;

beforeAll(async () => {
  db = await openDatabase(path, { exclusive: true, lockWaitMs: 600 });
});
afterAll(async () => {
  await db.close();
  dir.remove();
});

/** Holds the write lock from a second connection, as another process would, until released. */
function holdWriteLock(): { release(): void } {
  const other = new Database(path, { timeout: 0 });
  other.exec('BEGIN IMMEDIATE');
  other.prepare('INSERT INTO "Sequence" ("name", "value") VALUES (?, 1)').run(`held-${Date.now()}-${Math.random()}`);
  return {
    release: () => {
      other.exec('COMMIT');
      other.close();
    },
  };
}

const writeRow = (key: string) =>
  inTransaction(db.prisma, (tx) => tx.$executeRaw`INSERT INTO "Sequence" ("name", "value") VALUES (${key}, 1)`);

describe('a write lock held by another connection', () => {
  it('keeps the event loop running while a transaction waits, and the transaction completes once it is released', async () => {
    const lock = holdWriteLock();
    let ticks = 0;
    let longestGap = 0;
    let last = Date.now();
    const timer = setInterval(() => {
      const now = Date.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
      ticks += 1;
    }, 5);
    setTimeout(() => lock.release(), 300);
    const started = Date.now();
    await writeRow('after-lock');
    clearInterval(timer);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    // The lock is released by a timer of this very loop, so a synchronous wait could never see it go:
    // the write above would fail. Timers ran meanwhile; on a machine loaded to 20 runnable processes
    // per core a 5 ms timer fires only a few times in 300 ms, so the margins are wide.
    expect(ticks).toBeGreaterThan(0);
    expect(longestGap).toBeLessThan(1_000);
    expect(await inTransaction(db.prisma, (tx) => tx.sequence.count({ where: { name: 'after-lock' } }))).toBe(1);
  });

  it('fails a transaction that waited past the bound, then serves the next one normally', async () => {
    const lock = holdWriteLock();
    await expect(writeRow('never')).rejects.toThrow();
    lock.release();
    await writeRow('next');
    expect(
      await inTransaction(db.prisma, (tx) => tx.sequence.count({ where: { name: { in: ['never', 'next'] } } })),
    ).toBe(1);
  });

  it('starts write transactions with BEGIN IMMEDIATE: a read-then-write never meets a lock half-way', async () => {
    const order: string[] = [];
    const reader = inTransaction(db.prisma, async (tx) => {
      await tx.sequence.count();
      order.push('read');
      await new Promise((resolve) => setTimeout(resolve, 100));
      await tx.$executeRaw`INSERT INTO "Sequence" ("name", "value") VALUES ('read-then-write', 1)`;
      order.push('wrote');
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    // The other connection cannot slip its write in between: our transaction already holds the lock.
    const other = new Database(path, { timeout: 0 });
    expect(() => other.exec('BEGIN IMMEDIATE')).toThrow(/locked|busy/i);
    other.close();
    await reader;
    expect(order).toEqual(['read', 'wrote']);
  });
});

describe('one bot per SQLite file', () => {
  it('refuses a second instance and names the holder', async () => {
    const second = openDatabase(path, { exclusive: true });
    await expect(second).rejects.toBeInstanceOf(InstanceLockedError);
    await expect(openDatabase(path, { exclusive: true })).rejects.toThrow(new RegExp(`process ${process.pid} on `));
  });

  it('lets tools that run beside the bot open the file', async () => {
    const tool = await openDatabase(path);
    await tool.close();
  });

  it('frees the lock when its holder dies, however it dies', async () => {
    const other = join(dir.path, 'crash.db');
    const script = `
      const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))});
      const lock = new Database(${JSON.stringify(`${other}.lock`)});
      lock.exec('CREATE TABLE IF NOT EXISTS holder (id INTEGER PRIMARY KEY CHECK (id = 1), pid INTEGER NOT NULL, host TEXT NOT NULL, since TEXT NOT NULL)');
      lock.prepare("INSERT OR REPLACE INTO holder VALUES (1, ?, 'elsewhere', 'earlier')").run(process.pid);
      lock.exec('BEGIN'); lock.prepare('SELECT pid FROM holder').get();
      process.stdout.write('ready'); setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    expect(() => acquireInstanceLock(other)).toThrow(`process ${child.pid} on elsewhere, started earlier`);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const lock = acquireInstanceLock(other);
    lock.release();
  });
});

describe('WAL checkpoints', () => {
  it('copies the WAL into the database file once the connection is quiet, not inside the commit', async () => {
    const path = join(dir.path, 'quiet.db');
    const quiet = await openDatabase(path);
    try {
      const fileSize = () => statSync(path).size;
      // Settle what opening wrote, then about 60 pages: far below SQLite's own 1,000-page threshold.
      await new Promise((resolve) => setTimeout(resolve, IDLE_CHECKPOINT_MS * 3));
      const before = fileSize();
      const committed = performance.now();
      await inTransaction(quiet.prisma, async (tx) => {
        for (let i = 0; i < 60; i++)
          await tx.$executeRaw`INSERT INTO "Sequence" ("name", "value") VALUES (${`${i}:${'页'.repeat(1300)}`}, ${i})`;
      });
      expect(fileSize()).toBe(before);
      while (fileSize() === before && performance.now() - committed < 5_000)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(fileSize()).toBeGreaterThan(before + 60 * 3000);
      expect(performance.now() - committed).toBeGreaterThanOrEqual(IDLE_CHECKPOINT_MS);
    } finally {
      await quiet.close();
    }
  });
});
