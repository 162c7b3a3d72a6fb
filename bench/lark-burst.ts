import { startBot } from '../src/bot.ts';
import { loadConfig } from '../src/config.ts';
import { systemClock } from '../src/lib/clock.ts';
import { createLogger } from '../src/lib/logger.ts';
import { FakeLark } from '../tests/lark/fake-lark-server.ts';
import { awaitBurst, batchCounts, batchesSince, type BurstDatabase, type BurstResult } from './burst.ts';

const SENDERS = 100;

/**
 * 1,000 one-to-one messages from 100 officers pushed as fast as the protocol test server can over one
 * Lark long connection, through the official SDK inside the bot: time until every event is acknowledged,
 * processed, and answered (replies paced by Lark's 50 messages a second per app and 5 per user).
 */
export async function larkBurst(database: BurstDatabase, messages: number, awaitReplies = true): Promise<BurstResult> {
  const fake = await FakeLark.start({ redeliveryDelayMs: 60_000 });
  const senders = Array.from({ length: SENDERS }, (_, i) => `ou_burst_${i}`);
  const config = loadConfig({
    PLATFORM: 'lark',
    LARK_APP_ID: fake.appId,
    LARK_APP_SECRET: fake.appSecret,
    LARK_DOMAIN: fake.domain,
    ADMIN_USER_IDS: senders.join(','),
    DATABASE_URL: database.url,
    LOG_LEVEL: 'silent',
    PORT: '0',
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
    const events = Array.from({ length: messages }, (_, i) => {
      const from = senders[i % SENDERS]!;
      return fake.pushMessage({ from, chatId: `oc_p2p_${from}`, chatType: 'p2p', text: '/帮助' });
    });
    const replies = () => fake.sent().filter((m) => m.via === 'reply').length;
    const acks = () => fake.acks().length;
    const times = await awaitBurst(database, messages, started, acks, awaitReplies ? replies : undefined);
    const { ackedMs, processedMs, answeredMs, processed } = times;
    const acked = new Set(fake.acks().map((a) => a.eventId));
    const answered = new Set(fake.sent().map((m) => m.replyTo));
    return {
      messages,
      ackedMs,
      processedMs,
      answeredMs,
      lost:
        events.filter((e) => !acked.has(e.eventId) || (awaitReplies && !answered.has(e.messageId))).length +
        Math.max(0, messages - processed),
      duplicated: Math.max(0, processed - messages) + Math.max(0, replies() - messages),
      replies: replies(),
      batches: batchesSince(batchesBefore, await batchCounts(bot.address)),
    };
  } finally {
    await bot.stop();
    await fake.close();
    await database.close();
  }
}
