import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startBot, type BotOverrides, type RunningBot } from '../../src/bot.ts';
import { loadConfig } from '../../src/config.ts';
import { FixedClock } from '../../src/lib/clock.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { readOnlyQueries } from './db.ts';
import { SimClient } from './sim-client.ts';
import { testDatabaseUrl } from './test-database.ts';

/** A fresh directory per test file, holding its own SQLite database. */
export function tempDir(prefix = 'yipanqi-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export interface TestBot {
  bot: RunningBot;
  client: SimClient;
  clock: FixedClock;
  /** The test's SQLite file; in the postgresql project it names the PostgreSQL database standing in for it. */
  dbPath: string;
  /** The bot's DATABASE_URL, for a process the test starts on the same database. */
  databaseUrl: string;
  /** Delivers every queued notice, so /api/sent shows all a command caused. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the real bot (simulator mode) on a port chosen by the OS and the given database file (its PostgreSQL stand-in in the postgresql project). */
export async function startTestBot(
  dbPath: string,
  options: { env?: Record<string, string>; now?: Date; dispatch?: boolean; clock?: FixedClock } & Pick<
    BotOverrides,
    'logger' | 'lockWaitMs' | 'retryDelaysMs' | 'onStatement'
  > = {},
): Promise<TestBot> {
  const databaseUrl = await testDatabaseUrl(dbPath);
  // Generated files beside the database file on PostgreSQL too, where a test looks for them.
  const env = { PORT: '0', LOG_LEVEL: 'silent', DATABASE_URL: databaseUrl, DATA_DIR: dirname(dbPath), ...options.env };
  const config = loadConfig(env);
  const clock = options.clock ?? new FixedClock(options.now ?? new Date('2026-11-26T01:00:00Z'));
  const bot = await startBot(config, {
    clock,
    logger: options.logger ?? createLogger('silent'),
    dispatch: options.dispatch,
    lockWaitMs: options.lockWaitMs,
    retryDelaysMs: options.retryDelaysMs,
    onStatement: options.onStatement,
  });
  const { count } = readOnlyQueries(() => dbPath);
  const settle = async () => {
    await bot.dispatcher.drain();
    const deadline = Date.now() + 5000;
    while (count(`SELECT COUNT(*) AS n FROM "OutboxMessage" WHERE status = 'PENDING'`) > 0) {
      if (Date.now() > deadline) throw new Error('outbox did not drain');
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return { bot, client: new SimClient(bot.address), clock, dbPath, databaseUrl, settle, stop: () => bot.stop() };
}
