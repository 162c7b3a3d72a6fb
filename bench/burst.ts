import Database from 'better-sqlite3';
import { waitUntil } from '../tests/dingtalk/fake-dingtalk-server.ts';

export interface BurstTimes {
  ackedMs: number;
  processedMs: number;
  answeredMs: number;
  /** InboundMessage rows processed (DONE) once the replies were out. */
  processed: number;
}

/**
 * Waits for a burst pushed at `started` to be acknowledged, processed and answered, timing each stage:
 * the platform's ack count, the bot's processed inbound rows (read from its database file) and the
 * replies the platform received.
 */
export async function awaitBurst(dbPath: string, messages: number, started: number, acks: () => number, replies: () => number): Promise<BurstTimes> {
  await waitUntil(() => acks() >= messages, 120_000, 'every ack');
  const ackedMs = performance.now() - started;
  const db = new Database(dbPath, { readonly: true });
  try {
    const done = db.prepare(`SELECT COUNT(*) AS n FROM "InboundMessage" WHERE status = 'DONE'`);
    const processedCount = () => Number((done.get() as { n: number }).n);
    await waitUntil(() => processedCount() >= messages, 300_000, 'every message processed');
    const processedMs = performance.now() - started;
    await waitUntil(() => replies() >= messages, 300_000, 'every reply');
    const answeredMs = performance.now() - started;
    await new Promise((r) => setTimeout(r, 200));
    return { ackedMs, processedMs, answeredMs, processed: processedCount() };
  } finally {
    db.close();
  }
}
