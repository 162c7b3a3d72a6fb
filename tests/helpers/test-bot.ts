import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBot, type BotOverrides, type RunningBot } from '../../src/bot.ts';
import { loadConfig } from '../../src/config.ts';
import { FixedClock } from '../../src/lib/clock.ts';
import { createLogger } from '../../src/lib/logger.ts';
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
  dbPath: string;
  stop(): Promise<void>;
}

/** Starts the real bot (simulator mode) on a port chosen by the OS and the given database file (its PostgreSQL stand-in in the postgresql project). */
export async function startTestBot(
  dbPath: string,
  options: { env?: Record<string, string>; now?: Date; dispatch?: boolean; clock?: FixedClock } & Pick<BotOverrides, 'logger' | 'lockWaitMs' | 'retryDelaysMs' | 'onStatement'> = {},
): Promise<TestBot> {
  const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', DATABASE_URL: await testDatabaseUrl(dbPath), ...options.env });
  const clock = options.clock ?? new FixedClock(options.now ?? new Date('2026-11-26T01:00:00Z'));
  const bot = await startBot(config, {
    clock,
    logger: options.logger ?? createLogger('silent'),
    dispatch: options.dispatch,
    lockWaitMs: options.lockWaitMs,
    retryDelaysMs: options.retryDelaysMs,
    onStatement: options.onStatement,
  });
  return { bot, client: new SimClient(bot.address), clock, dbPath, stop: () => bot.stop() };
}
