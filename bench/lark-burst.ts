import { startBot } from '../src/bot.ts';
import { loadConfig } from '../src/config.ts';
import { systemClock } from '../src/lib/clock.ts';
import { createLogger } from '../src/lib/logger.ts';
import { measureBurst, type BurstDatabase, type BurstResult } from './burst.ts';
import { RemotePlatform } from './remote-platform.ts';

const SENDERS = 100;

/**
 * 1,000 one-to-one messages from 100 officers pushed as fast as the protocol test server can over one
 * Lark long connection, through the official SDK inside the bot, after a warm-up burst: time until every
 * event is acknowledged, processed, and answered (replies paced by Lark's 50 messages a second per app
 * and 5 per user). The server runs in a worker thread (bench/remote-platform.ts).
 */
export async function larkBurst(database: BurstDatabase, messages: number, awaitReplies = true): Promise<BurstResult> {
  const platform = await RemotePlatform.start('lark');
  const senders = Array.from({ length: SENDERS }, (_, i) => `ou_burst_${i}`);
  const config = loadConfig({
    PLATFORM: 'lark',
    LARK_APP_ID: platform.settings.appId,
    LARK_APP_SECRET: platform.settings.appSecret,
    LARK_DOMAIN: platform.settings.domain,
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
    const from = (count: number) => Array.from({ length: count }, (_, i) => senders[i % SENDERS]!);
    const burst = await measureBurst(database, platform, bot.address, from, messages, awaitReplies);
    const { ackedMs, processedMs, answeredMs, processed } = burst.times;
    const answered = new Set(await platform.call<string[]>({ op: 'answered' }));
    const unanswered = ([eventId, messageId]: string[]) =>
      !burst.acked.has(eventId!) || (awaitReplies && !answered.has(messageId!));
    return {
      messages,
      ackedMs,
      processedMs,
      answeredMs,
      lost: burst.pushed.filter(unanswered).length + Math.max(0, messages - processed),
      duplicated: Math.max(0, processed - messages) + Math.max(0, burst.replies - messages),
      replies: burst.replies,
      batches: burst.batches,
    };
  } finally {
    await bot.stop();
    await platform.close();
    await database.close();
  }
}
