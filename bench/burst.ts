import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { startBot } from '../src/bot.ts';
import { loadConfig } from '../src/config.ts';
import { systemClock } from '../src/lib/clock.ts';
import { createLogger } from '../src/lib/logger.ts';
import { FakeDingTalk, waitUntil } from '../tests/dingtalk/fake-dingtalk-server.ts';
import { inboundBatches } from '../tests/helpers/metrics.ts';
import { createDatabase, startPostgresServer } from '../tests/helpers/postgres-server.ts';

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

/**
 * Waits for a burst pushed at `started` to be acknowledged, processed and answered, timing each stage:
 * the platform's ack count, the bot's processed inbound rows (read from its database) and the replies
 * the platform received.
 */
export async function awaitBurst(
  database: BurstDatabase,
  messages: number,
  started: number,
  acks: () => number,
  replies?: () => number,
): Promise<BurstTimes> {
  await waitUntil(() => acks() >= messages, 120_000, 'every ack');
  const ackedMs = performance.now() - started;
  const deadline = Date.now() + 300_000;
  for (let processed = await database.processed(); processed < messages; processed = await database.processed()) {
    if (Date.now() > deadline) throw new Error(`only ${processed} of ${messages} messages processed`);
    await new Promise((r) => setTimeout(r, 5));
  }
  const processedMs = performance.now() - started;
  let answeredMs: number | undefined;
  if (replies !== undefined) {
    await waitUntil(() => replies() >= messages, 300_000, 'every reply');
    answeredMs = performance.now() - started;
  }
  await new Promise((r) => setTimeout(r, 200));
  return { ackedMs, processedMs, answeredMs, processed: await database.processed() };
}

/**
 * `messages` robot messages pushed as fast as the protocol test server can over one Stream socket,
 * through the official SDK inside the bot: time until every one is acknowledged, and until every
 * one is processed and its reply handed to the sessionWebhook.
 */
export async function streamBurst(
  database: BurstDatabase,
  messages: number,
  awaitReplies = true,
): Promise<BurstResult> {
  const fake = await FakeDingTalk.start({ redeliveryDelayMs: 60_000 });
  const config = loadConfig({
    ...fake.botEnv(),
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
    const batchesBefore = await batchCounts(bot.address);
    const started = performance.now();
    const ids = Array.from({ length: messages }, () =>
      fake.pushRobotMessage({ text: '/帮助', senderStaffId: 'burst-admin', conversationId: 'cidBurst==' }),
    );
    const replies = () => fake.sent().filter((m) => m.via === 'webhook').length;
    const { ackedMs, processedMs, answeredMs, processed } = await awaitBurst(
      database,
      messages,
      started,
      () => fake.acks().length,
      awaitReplies ? replies : undefined,
    );
    const acked = new Set(fake.acks().map((a) => a.messageId));
    return {
      messages,
      ackedMs,
      processedMs,
      answeredMs,
      lost: ids.filter((id) => !acked.has(id)).length + Math.max(0, messages - processed),
      duplicated: Math.max(0, processed - messages),
      replies: replies(),
      batches: batchesSince(batchesBefore, await batchCounts(bot.address)),
    };
  } finally {
    await bot.stop();
    await fake.close();
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
