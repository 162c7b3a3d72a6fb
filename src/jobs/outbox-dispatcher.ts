import type { PrismaClient } from '../db/generated/client.ts';
import { inTransaction } from '../db/tx.ts';
import { destinationKey, outboxRepository, type OutboxRow } from '../db/repositories/outbox-repository.ts';
import type { DeadlineTask, Destination, Message, ReplyContext, Sender, SendOutcome } from '../app/receiver.ts';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import type { MetricsHooks } from '../lib/metrics.ts';

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
  /**
   * Notices to one destination created within this window go out as one message: every platform
   * call counts against a monthly quota, and a burst of related notices reads better as one.
   */
  coalesceWindowMs?: number;
  metrics?: Pick<MetricsHooks, 'delivery'>;
  /** Names this instance on the rows it claims (several instances may share a PostgreSQL database). */
  instanceId?: string;
  /** How long a claim lasts: a crashed instance's rows go to another after this. */
  leaseMs?: number;
}

/** Long enough for any one delivery (the API client gives up on a call well before). */
export const OUTBOX_LEASE_MS = 60_000;

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
  /** Not started yet: drain() still works (tests, the simulator clock); only the timer loop is off. */
  private looping = false;
  private stopRequested = false;

  constructor(private readonly options: DispatcherOptions) {}

  start(): void {
    this.looping = true;
    this.stopRequested = false;
    this.poke();
  }

  async stop(): Promise<void> {
    this.looping = false;
    this.stopRequested = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Asks for a sweep soon; several pokes during a sweep collapse into one more sweep. */
  poke(): void {
    if (!this.looping) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => {
      this.running = null;
      if (this.again && this.looping) {
        this.again = false;
        this.poke();
      }
    });
  }

  /**
   * One full pass over everything due now; for tests and the simulator clock. It first lets a sweep
   * the loop has under way finish: on PostgreSQL that sweep's claimed rows are skipped (SKIP LOCKED),
   * so without waiting, drain could return before they were delivered.
   */
  async drain(): Promise<number> {
    await this.running;
    return this.sweepAll();
  }

  private async sweepAll(): Promise<number> {
    let delivered = 0;
    for (;;) {
      const { sent, due } = await this.sweep();
      delivered += sent;
      // A claim short of a full batch took everything due; what was queued since poked for another sweep.
      if (due < this.batchSize || sent === 0) return delivered;
    }
  }

  private get batchSize(): number {
    return this.options.batchSize ?? 100;
  }

  private async loop(): Promise<void> {
    try {
      await this.sweepAll();
    } catch (error) {
      this.options.logger.error({ err: error }, 'outbox sweep failed');
    }
    if (!this.looping) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.poke(), this.options.pollMs ?? 1000);
    this.timer.unref();
  }

  private async sweep(): Promise<{ sent: number; due: number }> {
    const { prisma, clock } = this.options;
    const now = clock.now();
    const instance = this.options.instanceId ?? 'single';
    const leaseUntil = new Date(now.getTime() + (this.options.leaseMs ?? OUTBOX_LEASE_MS));
    // The claim commits before anything is sent, so another instance leaves these rows alone.
    const { due, waiting } = await inTransaction(
      prisma,
      async (tx) => ({
        due: await outboxRepository.claimDue(tx, instance, now, leaseUntil, this.batchSize),
        waiting: await outboxRepository.firstBlockedByDestination(tx, instance, now),
      }),
      { serialised: false },
    );
    const heldBack = new Set<string>();
    let sent = 0;
    for (const batch of this.batches(due, now)) {
      if (this.stopRequested) break;
      const destination = destinationKey(batch[0]!);
      // An earlier message to this destination waits for its retry or is another instance's: nothing may overtake it.
      if (heldBack.has(destination) || batch[0]!.id > (waiting.get(destination) ?? Infinity)) continue;
      if (!(await this.deliver(batch))) heldBack.add(destination);
      else sent += batch.length;
    }
    return { sent, due: due.length };
  }

  /**
   * Groups due rows into deliveries, in id order. With coalescing on, consecutive mergeable
   * notices to one destination form one delivery, and a destination whose newest notice is still
   * inside the window waits for the window to close so later notices can join it.
   */
  private batches(rows: OutboxRow[], now: Date): OutboxRow[][] {
    const window = this.options.coalesceWindowMs ?? 0;
    if (window <= 0) return rows.map((row) => [row]);
    const byDestination = new Map<string, OutboxRow[][]>();
    const order: OutboxRow[][] = [];
    for (const row of rows) {
      const key = destinationKey(row);
      const groups = byDestination.get(key) ?? [];
      const last = groups.at(-1);
      const lastRow = last?.at(-1);
      if (
        last &&
        lastRow &&
        mergeable(lastRow) &&
        mergeable(row) &&
        row.createdAt.getTime() - last[0]!.createdAt.getTime() <= window
      ) {
        last.push(row);
      } else {
        const group = [row];
        groups.push(group);
        order.push(group);
      }
      byDestination.set(key, groups);
    }
    const waiting = new Set<string>();
    return order.filter((group) => {
      const key = destinationKey(group[0]!);
      if (waiting.has(key)) return false;
      const open = mergeable(group[0]!) && now.getTime() - group[0]!.createdAt.getTime() < window;
      if (open) waiting.add(key);
      return !open;
    });
  }

  /** Sends one delivery; true when it went out (or was given up), false when it must be retried. */
  private async deliver(batch: OutboxRow[]): Promise<boolean> {
    const { prisma, sender, clock, logger } = this.options;
    const first = batch[0]!;
    const ids = batch.map((row) => row.id);
    const outcome = await Promise.resolve()
      .then(() =>
        first.kind === 'TASK'
          ? syncTask(sender, first)
          : sender.send({
              key: String(first.id),
              to: destinationOf(first),
              message: mergeMessages(batch),
              replyContext: replyContextOf(first),
            }),
      )
      .catch((error: unknown) => ({
        status: 'retry' as const,
        reason: error instanceof Error ? error.message : String(error),
        retryAfterMs: undefined,
      }));
    const now = clock.now();
    this.options.metrics?.delivery(
      channelOf(first),
      outcome.status === 'retry' && first.attempts + 1 >= MAX_ATTEMPTS ? 'dead' : outcome.status,
    );
    if (outcome.status === 'delivered') {
      await inTransaction(prisma, (tx) => outboxRepository.markDelivered(tx, ids, now), { serialised: false });
      return true;
    }
    if (outcome.status === 'retry' && first.attempts + 1 < MAX_ATTEMPTS) {
      const next = new Date(
        now.getTime() + backoffMs(first.attempts, this.options.random ?? Math.random, outcome.retryAfterMs),
      );
      await inTransaction(prisma, (tx) => outboxRepository.markRetry(tx, ids, next, outcome.reason), {
        serialised: false,
      });
      logger.warn(
        { outboxIds: ids, attempts: first.attempts + 1, reason: outcome.reason, next },
        'delivery will be retried',
      );
      return false;
    }
    await inTransaction(prisma, (tx) => outboxRepository.markDead(tx, ids, outcome.reason), { serialised: false });
    logger.error({ outboxIds: ids, reason: outcome.reason }, 'delivery failed for good');
    for (const row of batch) await this.options.onDead?.(row, outcome.reason);
    return true;
  }
}

/** A deadline to-do goes to platforms that keep to-dos; elsewhere it is done (its reminders are the notices). */
async function syncTask(sender: Sender, row: OutboxRow): Promise<SendOutcome> {
  if (sender.syncTask === undefined || row.toUserId === null) return { status: 'delivered' };
  return sender.syncTask(row.toUserId, JSON.parse(row.message) as DeadlineTask);
}

function parseMessage(row: OutboxRow): Message {
  return JSON.parse(row.message) as Message;
}

/** Plain notices merge; replies, cards with buttons, files and card updates keep their own identity. */
function mergeable(row: OutboxRow): boolean {
  if (row.kind !== 'NOTICE' || row.replyContext !== null) return false;
  const message = parseMessage(row);
  return message.kind !== 'card' && message.kind !== 'file' && (message.buttons?.length ?? 0) === 0;
}

function mergeMessages(batch: OutboxRow[]): Message {
  const messages = batch.map(parseMessage);
  if (messages.length === 1) return messages[0]!;
  const atUserIds = [...new Set(messages.flatMap((m) => m.atUserIds ?? []))];
  return {
    kind: 'markdown',
    title: messages.find((m) => m.title)?.title ?? messages[0]?.text?.split('\n')[0]?.slice(0, 30) ?? '',
    markdown: messages.map((m) => m.markdown ?? m.text ?? '').join('\n\n---\n\n'),
    ...(atUserIds.length > 0 ? { atUserIds } : {}),
  };
}

function destinationOf(row: OutboxRow): Destination {
  if (row.toConversationId) return { conversationId: row.toConversationId };
  if (row.toUserId) return { userId: row.toUserId };
  throw new Error(`outbox row ${row.id} has no destination`);
}

/** How a delivery reaches people, for the deliveries metric: a card update, a reply in place, a group or one person. */
function channelOf(row: OutboxRow): string {
  const context = replyContextOf(row);
  if (context?.cardId !== undefined) return 'card';
  if (context?.target !== undefined) return 'reply';
  return row.toConversationId ? 'group' : 'direct';
}

function replyContextOf(row: OutboxRow): ReplyContext | undefined {
  return row.replyContext ? (JSON.parse(row.replyContext) as ReplyContext) : undefined;
}
