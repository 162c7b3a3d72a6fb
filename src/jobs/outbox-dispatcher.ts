import type { PrismaClient } from '../db/generated/client.ts';
import { inTransaction } from '../db/tx.ts';
import { outboxRepository, type OutboxRow } from '../db/repositories/outbox-repository.ts';
import type { Destination, Message, ReplyContext, Sender } from '../app/receiver.ts';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';

export interface DispatcherOptions {
  prisma: PrismaClient;
  sender: Sender;
  clock: Clock;
  logger: Logger;
  /** Called for a message the platform refused for good, so administrators hear about it. */
  onDead?: (row: OutboxRow, reason: string) => Promise<void>;
  batchSize?: number;
  /** Real-time delay before re-checking for due retries. */
  pollMs?: number;
  random?: () => number;
}

const BASE_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 10 * 60 * 1000;
/** After this many attempts (about a day with the capped backoff) a message is given up as dead. */
const MAX_ATTEMPTS = 150;

/** Exponential backoff with full jitter, never below a platform's own retry-after hint. */
export function backoffMs(attempts: number, random: () => number, hintMs = 0): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.min(attempts, 20));
  return Math.max(hintMs, Math.floor(ceiling / 2 + (random() * ceiling) / 2));
}

/**
 * Delivers outbox rows through the active platform. A row is marked delivered only after the
 * platform accepted it; rows to one destination go out in order, and a destination whose message
 * must be retried holds back its later messages so nobody reads an outcome before its cause.
 */
export class OutboxDispatcher {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = true;

  constructor(private readonly options: DispatcherOptions) {}

  start(): void {
    this.stopped = false;
    this.poke();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Asks for a sweep soon; several pokes during a sweep collapse into one more sweep. */
  poke(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => {
      this.running = null;
      if (this.again && !this.stopped) {
        this.again = false;
        this.poke();
      }
    });
  }

  /** One full pass over everything due now; for tests and the simulator clock. */
  async drain(): Promise<number> {
    let delivered = 0;
    for (;;) {
      const { sent, due } = await this.sweep();
      delivered += sent;
      if (due === 0 || sent === 0) return delivered;
    }
  }

  private async loop(): Promise<void> {
    try {
      await this.drain();
    } catch (error) {
      this.options.logger.error({ err: error }, 'outbox sweep failed');
    }
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.poke(), this.options.pollMs ?? 1000);
    this.timer.unref();
  }

  private async sweep(): Promise<{ sent: number; due: number }> {
    const { prisma, sender, clock, logger } = this.options;
    const due = await inTransaction(prisma, (tx) => outboxRepository.findDue(tx, clock.now(), this.options.batchSize ?? 100));
    const heldBack = new Set<string>();
    let sent = 0;
    for (const row of due) {
      if (this.stopped) break;
      const destinationKey = row.toConversationId ? `c:${row.toConversationId}` : `u:${row.toUserId}`;
      if (heldBack.has(destinationKey)) continue;
      const outcome = await sender
        .send({ key: String(row.id), to: destinationOf(row), message: JSON.parse(row.message) as Message, replyContext: replyContextOf(row) })
        .catch((error: unknown) => ({ status: 'retry' as const, reason: error instanceof Error ? error.message : String(error), retryAfterMs: undefined }));
      const now = clock.now();
      if (outcome.status === 'delivered') {
        await inTransaction(prisma, (tx) => outboxRepository.markDelivered(tx, row.id, now));
        sent += 1;
      } else if (outcome.status === 'retry' && row.attempts + 1 < MAX_ATTEMPTS) {
        heldBack.add(destinationKey);
        const next = new Date(now.getTime() + backoffMs(row.attempts, this.options.random ?? Math.random, outcome.retryAfterMs));
        await inTransaction(prisma, (tx) => outboxRepository.markRetry(tx, row.id, next, outcome.reason));
        logger.warn({ outboxId: row.id, attempts: row.attempts + 1, reason: outcome.reason, next }, 'delivery will be retried');
      } else {
        await inTransaction(prisma, (tx) => outboxRepository.markDead(tx, row.id, outcome.reason));
        logger.error({ outboxId: row.id, reason: outcome.reason }, 'delivery failed for good');
        await this.options.onDead?.(row, outcome.reason);
      }
    }
    return { sent, due: due.length };
  }
}

function destinationOf(row: OutboxRow): Destination {
  if (row.toConversationId) return { conversationId: row.toConversationId };
  if (row.toUserId) return { userId: row.toUserId };
  throw new Error(`outbox row ${row.id} has no destination`);
}

function replyContextOf(row: OutboxRow): ReplyContext | undefined {
  return row.replyContext ? (JSON.parse(row.replyContext) as ReplyContext) : undefined;
}
