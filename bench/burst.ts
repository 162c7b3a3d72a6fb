import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { startBot } from '../src/bot.ts';
import { loadConfig } from '../src/config.ts';
import { systemClock } from '../src/lib/clock.ts';
import { createLogger } from '../src/lib/logger.ts';
import { inboundBatches } from '../tests/helpers/metrics.ts';
import { createDatabase, startPostgresServer } from '../tests/helpers/postgres-server.ts';
import { RemotePlatform } from './remote-platform.ts';

export interface BurstResult {
  messages: number;
  ackedMs: number;
  processedMs: number;
  /** Undefined when the burst did not wait for the replies (they leave at the platform's rate limit). */
  answeredMs: number | undefined;
  lost: number;
  duplicated: number;
  replies: number;
  /** Transactions that recorded the burst's deliveries, and that processed them (group commit: far fewer). */
  batches: { record: number; process: number };
}

/** Where a burst's bot keeps its data: an SQLite file in the work directory, or a PostgreSQL database. */
export interface BurstDatabase {
  url: string;
  /** InboundMessage rows already processed (DONE). */
  processed(): Promise<number>;
  close(): Promise<void>;
}

export function sqliteBurstDatabase(workDir: string, name: string): BurstDatabase {
  const path = join(workDir, `${name}.db`);
  let db: Database.Database | undefined;
  return {
    url: `file:${path}`,
    async processed() {
      // Opened once the bot has created and migrated the file.
      db ??= new Database(path, { readonly: true });
      return Number(
        (db.prepare(`SELECT COUNT(*) AS n FROM "InboundMessage" WHERE status = 'DONE'`).get() as { n: number }).n,
      );
    },
    async close() {
      db?.close();
    },
  };
}

/** An embedded PostgreSQL server (durable: fsync and synchronous commit on), one database per burst. */
export async function postgresBurstDatabases(): Promise<{
  database(name: string): Promise<BurstDatabase>;
  stop(): Promise<void>;
}> {
  const server = await startPostgresServer({ durable: true });
  return {
    async database(name) {
      const url = await createDatabase(server.adminUrl, name);
      let client: pg.Client | undefined;
      return {
        url,
        async processed() {
          if (client === undefined) {
            client = new pg.Client({ connectionString: url });
            await client.connect();
          }
          const { rows } = await client.query<{ n: string }>(
            `SELECT COUNT(*) AS n FROM "InboundMessage" WHERE status = 'DONE'`,
          );
          return Number(rows[0]?.n ?? 0);
        },
        async close() {
          await client?.end();
        },
      };
    },
    stop: () => server.stop(),
  };
}

export interface BurstTimes {
  ackedMs: number;
  processedMs: number;
  answeredMs: number | undefined;
  /** InboundMessage rows processed (DONE) once the replies were out. */
  processed: number;
}

/** What the platform and the bot had counted before a burst (its warm-up), subtracted from its own counts. */
interface BurstBaseline {
  acks: number;
  replies: number;
  processed: number;
}

const NO_BASELINE: BurstBaseline = { acks: 0, replies: 0, processed: 0 };

/**
 * Messages pushed, processed and answered (untimed) before the measured burst, so that it measures a
 * running bot rather than its first second (code not yet compiled by the JIT, first connections).
 */
export const WARMUP_MESSAGES = 200;

/** Polls `condition` every 5 ms until it holds, failing after `timeoutMs`. */
async function until(condition: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * Waits for a burst pushed at `started` to be acknowledged, processed and answered, timing each stage:
 * the platform's ack count, the bot's processed inbound rows (read from its database) and the replies
 * the platform received, each counted from `baseline`.
 */
export async function awaitBurst(
  database: BurstDatabase,
  messages: number,
  started: number,
  platform: RemotePlatform,
  awaitReplies: boolean,
  baseline: BurstBaseline = NO_BASELINE,
): Promise<BurstTimes> {
  await until(async () => (await platform.counts()).acks - baseline.acks >= messages, 120_000, 'every ack');
  const ackedMs = performance.now() - started;
  const processed = async () => (await database.processed()) - baseline.processed;
  await until(async () => (await processed()) >= messages, 300_000, 'every message processed');
  const processedMs = performance.now() - started;
  let answeredMs: number | undefined;
  if (awaitReplies) {
    await until(async () => (await platform.counts()).replies - baseline.replies >= messages, 300_000, 'every reply');
    answeredMs = performance.now() - started;
  }
  await new Promise((r) => setTimeout(r, 200));
  return { ackedMs, processedMs, answeredMs, processed: await processed() };
}

/** A burst as the platform saw it: the timings, each message's ids, the ids acknowledged and the replies received. */
export interface MeasuredBurst {
  times: BurstTimes;
  pushed: string[][];
  acked: Set<string>;
  replies: number;
  batches: { record: number; process: number };
}

/**
 * Pushes a warm-up burst of WARMUP_MESSAGES and waits for it (untimed), then `messages` more, timed and
 * counted from what the warm-up left; `senders` names the sender of each message of a burst.
 */
export async function measureBurst(
  database: BurstDatabase,
  platform: RemotePlatform,
  botAddress: string,
  senders: (count: number) => string[],
  messages: number,
  awaitReplies: boolean,
): Promise<MeasuredBurst> {
  await platform.push(senders(WARMUP_MESSAGES), '/帮助');
  await awaitBurst(database, WARMUP_MESSAGES, performance.now(), platform, awaitReplies);
  const baseline = { ...(await platform.counts()), processed: await database.processed() };
  const batchesBefore = await batchCounts(botAddress);
  const started = performance.now();
  const pushed = await platform.push(senders(messages), '/帮助');
  const times = await awaitBurst(database, messages, started, platform, awaitReplies, baseline);
  return {
    times,
    pushed,
    acked: new Set(await platform.call<string[]>({ op: 'acked' })),
    replies: (await platform.counts()).replies - baseline.replies,
    batches: batchesSince(batchesBefore, await batchCounts(botAddress)),
  };
}

/**
 * `messages` robot messages pushed as fast as the protocol test server can over one Stream socket,
 * through the official SDK inside the bot, after a warm-up burst: time until every one is acknowledged,
 * and until every one is processed and its reply handed to the sessionWebhook. The server runs in a
 * worker thread (bench/remote-platform.ts).
 */
export async function streamBurst(
  database: BurstDatabase,
  messages: number,
  awaitReplies = true,
): Promise<BurstResult> {
  const platform = await RemotePlatform.start('dingtalk');
  const config = loadConfig({
    ...platform.settings,
    ADMIN_USER_IDS: 'burst-admin',
    DATABASE_URL: database.url,
    PORT: '0',
    LOG_LEVEL: 'silent',
  });
  const bot = await startBot(config, {
    clock: systemClock,
    logger: createLogger('silent'),
    dispatcherPollMs: 10,
    coalesceWindowMs: 0,
  });
  try {
    const senders = (count: number) => Array.from({ length: count }, () => 'burst-admin');
    const burst = await measureBurst(database, platform, bot.address, senders, messages, awaitReplies);
    const { ackedMs, processedMs, answeredMs, processed } = burst.times;
    return {
      messages,
      ackedMs,
      processedMs,
      answeredMs,
      lost: burst.pushed.filter(([id]) => !burst.acked.has(id!)).length + Math.max(0, messages - processed),
      duplicated: Math.max(0, processed - messages),
      replies: burst.replies,
      batches: burst.batches,
    };
  } finally {
    await bot.stop();
    await platform.close();
    await database.close();
  }
}

/** Record and processing transactions so far, from the bot's /metrics. */
export async function batchCounts(address: string): Promise<{ record: number; process: number }> {
  const batches = await inboundBatches(address);
  return { record: batches.record.transactions, process: batches.process.transactions };
}

export function batchesSince(
  before: { record: number; process: number },
  after: { record: number; process: number },
): { record: number; process: number } {
  return { record: after.record - before.record, process: after.process - before.process };
}

/** One line of the report: how fast each stage went against the target. */
export function burstLine(title: string, result: BurstResult, replyLimit: string, target = 1000): string {
  const rate = (ms: number) => ((result.messages / ms) * 1000).toFixed(0);
  return (
    `${title}: all acknowledged in ${result.ackedMs.toFixed(0)} ms ` +
    `(${rate(result.ackedMs)}/s; target ≥ ${target}/s), ` +
    `all processed (state committed, replies queued) in ${result.processedMs.toFixed(0)} ms ` +
    `(${rate(result.processedMs)}/s; target ≥ ${target}/s); ` +
    `recorded in ${result.batches.record} transactions, processed in ${result.batches.process}; ` +
    (result.answeredMs === undefined
      ? `replies not awaited (${replyLimit}); `
      : `all replies delivered in ${result.answeredMs.toFixed(0)} ms (${rate(result.answeredMs)}/s, ${replyLimit}); `) +
    `lost ${result.lost}, doubled ${result.duplicated}, replies ${result.replies}.`
  );
}
