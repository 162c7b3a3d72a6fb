import type { PrismaClient } from '../db/generated/client.ts';
import { dialectOf, inSavepoint, inStep, inTransaction, StepNotUndoneError, type Dialect, type Tx } from '../db/tx.ts';
import { inboundRepository, type DoneMark } from '../db/repositories/inbound-repository.ts';
import { outboxRepository } from '../db/repositories/outbox-repository.ts';
import { eventContextRepository, type EventContext } from '../db/repositories/event-context-repository.ts';
import { orgRepository, type ConversationRow } from '../db/repositories/org-repository.ts';
import { tokenizeCommand } from '../domain/parsing/tokenizer.ts';
import { toHalfWidth } from '../domain/parsing/width.ts';
import type { Clock } from '../lib/clock.ts';
import { GroupCommit, type GroupCommitOptions } from '../lib/group-commit.ts';
import { referenceId } from '../lib/ids.ts';
import type { Logger } from '../lib/logger.ts';
import type { MetricsHooks } from '../lib/metrics.ts';
import { zhCN } from '../messages/zh-CN.ts';
import {
  CommandRegistry,
  findSubcommand,
  mayRun,
  roleLabels,
  RUN_COMMAND_ACTION,
  type CommandSpec,
} from './command.ts';
import type { ActionArgs, Actor, CommandArgs, ListenerArgs, ParsedArgs, Settings } from './context.ts';
import { CodedError, UserError } from './errors.ts';
import { runChain, type Middleware } from './middleware.ts';
import { withoutMarks } from './user-text.ts';
import type { InboundEvent, InboundMessageEvent, InboundSink, Message, ReplyContext } from './receiver.ts';

export interface AppOptions {
  prisma: PrismaClient;
  clock: Clock;
  logger: Logger;
  settings: Settings;
  /**
   * 'sync': the receiver hands replies back itself (the simulator's HTTP answer).
   * 'outbox': replies are queued with the state change and delivered by the dispatcher
   * (DingTalk), so an acknowledged message is never left unanswered by a crash.
   */
  replyDelivery: 'sync' | 'outbox';
  /** Names the bot is @-mentioned by, stripped before parsing. */
  botNames?: readonly string[];
  metrics?: MetricsHooks;
  /**
   * Delays before each new attempt at a delivery whose processing failed for an internal reason
   * (a locked or full database, a bug); its length is the bound. Default DEFAULT_RETRY_DELAYS_MS.
   */
  retryDelaysMs?: readonly number[];
  /** Runs in the transaction that gives a delivery up after the last attempt: tells administrators. */
  onGiveUp?: (
    tx: Tx,
    now: Date,
    failure: { event: InboundEvent; excerpt: string; ref: string; attempts: number },
  ) => Promise<void>;
  /**
   * This process among the instances sharing the database. `shared`: other instances may be alive,
   * so recovery takes over only events whose holder's lease has run out.
   */
  instance?: { id: string; shared: boolean; leaseMs?: number };
  /** How inbound records are grouped into transactions; default DEFAULT_RECORD_BATCH. */
  recordBatch?: Partial<GroupCommitOptions>;
  /** How queued events are grouped into processing transactions; default DEFAULT_PROCESS_BATCH for the dialect. */
  processBatch?: Partial<ProcessBatchOptions>;
}

/**
 * A record transaction takes what arrived while the previous one ran, up to 200 deliveries; a delivery
 * arriving when none runs waits only for what the same read from the socket brought with it.
 */
export const DEFAULT_RECORD_BATCH: GroupCommitOptions = { maxBatch: 200, maxWaitMs: 0 };

/** How long an instance holds an inbound event it recorded, by default; a survivor takes it over after this. */
export const INBOUND_LEASE_MS = 30_000;

/** About 7½ minutes in all: longer than a lock or a cleared disk usually takes, short enough to still matter. */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [1_000, 5_000, 30_000, 120_000, 300_000];

/** How much of a failed message is quoted back to its sender and to administrators. */
const EXCERPT_CHARS = 60;
/** A refused delivery's stored payload above this many characters keeps only REFUSED_TEXT_CHARS of its text. */
const REFUSED_PAYLOAD_CHARS = 8_000;
const REFUSED_TEXT_CHARS = 2_000;

type EventKind = 'text' | 'non-text';

/** How many queued events may share a processing transaction, and for how long it takes more. */
export interface ProcessBatchOptions {
  maxEvents: number;
  maxMs: number;
}

/**
 * A processing transaction takes up to 50 queued events. On SQLite it takes no more once it has run
 * 25 ms: the record transactions (the acks) of deliveries still arriving wait for the one connection's
 * write lock. On PostgreSQL they do not (they take no advisory lock, on a connection of their own), so
 * a batch runs longer there — each commit waits for the disk — but still briefly, because the other
 * instances' transactions wait for the advisory lock it holds.
 */
export const DEFAULT_PROCESS_BATCH: Record<Dialect, ProcessBatchOptions> = {
  sqlite: { maxEvents: 50, maxMs: 25 },
  postgresql: { maxEvents: 50, maxMs: 250 },
};

interface QueuedEvent {
  kind: 'event';
  event: InboundEvent;
  attempt: number;
  resolve: (replies: Message[]) => void;
  reject: (error: unknown) => void;
}

/** The processing queue: events, and other work that must wait its turn (recovery, a retry). */
type Queued = QueuedEvent | { kind: 'work'; run: () => Promise<void> };

/** An attempt's answer and, unless the delivery was done already, how to mark it done. */
interface Settled {
  replies: Message[];
  done?: DoneMark;
}

/** What became of one event of a batch: done (replies committed), failed (to retry), or a misuse to report. */
type BatchOutcome =
  | { kind: 'done'; replies: Message[] }
  | { kind: 'failed'; error: unknown }
  | { kind: 'thrown'; error: unknown };

/**
 * Platform-neutral core: routes one inbound event to one listener (first match wins), inside one
 * transaction with its replies and notices. Adapters only call record() and process().
 */
export class App implements InboundSink {
  readonly commands = new CommandRegistry();
  private readonly middleware: Middleware<ListenerArgs>[] = [];
  private readonly actions = new Map<string, (args: ActionArgs) => Promise<void>>();
  private readonly events = new Map<EventKind, (args: ListenerArgs) => Promise<void>>();
  private readonly processedListeners: (() => void)[] = [];
  private readonly queue: Queued[] = [];
  private draining = false;
  /** Deliveries waiting for their next attempt, by platform and message id. */
  private readonly retries = new Map<string, { attempt: number; timer: NodeJS.Timeout }>();
  /** Deliveries queued for processing or being processed, by platform and message id. */
  private readonly inFlight = new Set<string>();
  private closed = false;
  private readonly recorder: GroupCommit<InboundEvent, boolean>;
  private readonly batching: ProcessBatchOptions;

  constructor(private readonly options: AppOptions) {
    const recordBatch = { ...DEFAULT_RECORD_BATCH, ...options.recordBatch };
    this.recorder = new GroupCommit((events) => this.recordAll(events), recordBatch);
    this.batching = { ...DEFAULT_PROCESS_BATCH[dialectOf(options.prisma)], ...options.processBatch };
  }

  use(middleware: Middleware<ListenerArgs>): this {
    this.middleware.push(middleware);
    return this;
  }

  command<K extends string>(spec: CommandSpec<K>): this {
    this.commands.add(spec as unknown as CommandSpec);
    return this;
  }

  action(actionId: string, handler: (args: ActionArgs) => Promise<void>): this {
    if (actionId === RUN_COMMAND_ACTION || this.actions.has(actionId)) {
      throw new CodedError('duplicate-action', `action "${actionId}" is already handled`);
    }
    this.actions.set(actionId, handler);
    return this;
  }

  event(kind: EventKind, handler: (args: ListenerArgs) => Promise<void>): this {
    this.events.set(kind, handler);
    return this;
  }

  /** Called after each processed event commits, e.g. to wake the outbox dispatcher. */
  onProcessed(listener: () => void): this {
    this.processedListeners.push(listener);
    return this;
  }

  /**
   * Durably records the delivery. Deliveries arriving together share one transaction (group commit), so
   * a burst is acknowledged at the pace of batches rather than of single inserts.
   */
  record(event: InboundEvent): Promise<boolean> {
    return this.recorder.add(event);
  }

  private async recordAll(events: InboundEvent[]): Promise<boolean[]> {
    const now = this.options.clock.now();
    const claimedUntil = new Date(now.getTime() + this.leaseMs);
    const rows = events.map((event) => ({
      platform: event.platform,
      messageId: event.messageId,
      userId: event.userId,
      conversationId: event.conversationId,
      payload: JSON.stringify(event),
      now,
      claimedBy: this.instanceId,
      claimedUntil,
    }));
    // One insert that ignores its duplicates is safe beside any other transaction: acks need not wait.
    const fresh = await inTransaction(this.options.prisma, (tx) => inboundRepository.recordAllIfNew(tx, rows), {
      serialised: false,
    });
    this.options.metrics?.inboundBatch('record', events.length);
    events.forEach((event, i) => {
      if (fresh[i]) this.options.metrics?.inboundEvent(event.platform, event.type);
      else this.options.metrics?.duplicateEvent(event.platform);
    });
    return fresh;
  }

  private get instanceId(): string {
    return this.options.instance?.id ?? 'single';
  }

  private get leaseMs(): number {
    return this.options.instance?.leaseMs ?? INBOUND_LEASE_MS;
  }

  /**
   * Processes recorded events one at a time, in the order they were handed over. The database
   * serialises writers anyway; queueing here keeps a burst of processing from starving record(), so
   * acknowledgements keep flowing. Events waiting together are processed in one transaction, each as
   * a step that fails alone (see processBatch).
   */
  process(event: InboundEvent): Promise<Message[]> {
    const pending = this.takeRetry(event);
    this.inFlight.add(keyOf(event));
    const attempt = pending?.attempt ?? 0;
    return new Promise((resolve, reject) => this.schedule({ kind: 'event', event, attempt, resolve, reject }));
  }

  /**
   * The platform delivered an already recorded message again. If it is waiting for a retry, the
   * retry happens now; if nothing is working on it or queued for it, it is processed (a processed one
   * only gets its stored answer back, so this never acts twice).
   */
  redelivered(event: InboundEvent): void {
    if (this.retries.has(keyOf(event)) || !this.inFlight.has(keyOf(event)))
      void this.process(event).catch(() => undefined);
  }

  private takeRetry(event: InboundEvent): { attempt: number } | undefined {
    const key = keyOf(event);
    const pending = this.retries.get(key);
    if (pending === undefined) return undefined;
    clearTimeout(pending.timer);
    this.retries.delete(key);
    return pending;
  }

  /** Stops retrying (the bot is shutting down); what is left is recovered at the next start. */
  close(): void {
    this.closed = true;
    for (const { timer } of this.retries.values()) clearTimeout(timer);
    this.retries.clear();
  }

  /** Runs work in the processing queue, after everything handed over before it. */
  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    return new Promise((resolve, reject) => this.schedule({ kind: 'work', run: () => work().then(resolve, reject) }));
  }

  private schedule(entry: Queued): void {
    this.queue.push(entry);
    if (!this.draining) void this.drain();
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      for (;;) {
        // Processing runs on promises alone (the SQLite driver answers synchronously), so without this
        // pause a long queue would keep the sockets unread: no ack, no new delivery, no ping answered.
        await new Promise((resolve) => setImmediate(resolve));
        const head = this.queue.shift();
        if (head === undefined) return;
        if (head.kind === 'work') await head.run();
        else await this.processBatch(this.batchFrom(head));
      }
    } finally {
      this.draining = false;
    }
  }

  /** The head event and those queued right behind it, up to the batch size, none twice. */
  private batchFrom(head: QueuedEvent): QueuedEvent[] {
    const batch = [head];
    const keys = new Set([keyOf(head.event)]);
    for (;;) {
      const next = this.queue[0];
      const full = batch.length >= this.batching.maxEvents;
      if (full || next?.kind !== 'event' || keys.has(keyOf(next.event))) return batch;
      this.queue.shift();
      keys.add(keyOf(next.event));
      batch.push(next);
    }
  }

  /**
   * Processes events that waited together in shared transactions: each event is one step (inStep), so
   * a refused or failed one rolls back alone and the others commit together.
   */
  private async processBatch(batch: QueuedEvent[]): Promise<void> {
    if (batch.length === 1) {
      const [only] = batch as [QueuedEvent];
      await this.processNow(only.event, only.attempt).then(only.resolve, only.reject);
      this.options.metrics?.inboundBatch('process', 1);
      return;
    }
    const keys = batch.map((entry) => keyOf(entry.event));
    // Recovered deliveries reach here without process().
    for (const key of keys) this.inFlight.add(key);
    try {
      for (let rest = batch; rest.length > 0; ) {
        rest = rest.slice(await this.processTogether(rest));
        if (rest.length > 0) await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      for (const key of keys) this.inFlight.delete(key);
    }
  }

  /**
   * One transaction for the first of these events, as many as fit in the batch's time; answers how many
   * it took. Nothing counts as processed before the commit; if the commit itself fails, nothing of the
   * transaction happened and each of its events is tried again on its own. An event that failed after
   * writing (see inStep) rolls the transaction back, and the batch runs again with a savepoint per event.
   */
  private async processTogether(batch: QueuedEvent[], savepoints = false): Promise<number> {
    const { prisma } = this.options;
    const step = savepoints ? inSavepoint : <T>(tx: Tx, fn: (tx: Tx) => Promise<T>) => inStep(prisma, tx, fn);
    let outcomes: BatchOutcome[];
    try {
      outcomes = await inTransaction(prisma, async (tx) => {
        const results: BatchOutcome[] = [];
        const done: DoneMark[] = [];
        const started = performance.now();
        for (const entry of batch) {
          if (results.length > 0 && performance.now() - started > this.batching.maxMs) break;
          results.push(await this.attemptInBatch(tx, step, entry.event, entry.attempt > 0, done));
        }
        // The deliveries of the transaction are marked done with one statement.
        await inboundRepository.markDone(tx, done, this.options.clock.now());
        return results;
      });
    } catch (error) {
      if (error instanceof StepNotUndoneError) return this.processTogether(batch, true);
      const events = batch.length;
      this.options.logger.warn({ err: error, events }, 'processing a batch failed as a whole; trying its events alone');
      for (const entry of batch) await this.processNow(entry.event, entry.attempt).then(entry.resolve, entry.reject);
      return batch.length;
    }
    const taken = batch.slice(0, outcomes.length);
    this.options.metrics?.inboundBatch('process', taken.length);
    for (const listener of this.processedListeners) listener();
    for (const [i, entry] of taken.entries()) {
      const outcome = outcomes[i] as BatchOutcome;
      if (outcome.kind === 'done') entry.resolve(outcome.replies);
      else if (outcome.kind === 'failed') {
        await this.failed(entry.event, entry.attempt, outcome.error).then(entry.resolve, entry.reject);
      } else entry.reject(outcome.error);
    }
    return taken.length;
  }

  /** One event of a batch, inside the batch's transaction: what attempt() does in a transaction of its own. */
  private async attemptInBatch(
    tx: Tx,
    step: <T>(tx: Tx, fn: (tx: Tx) => Promise<T>) => Promise<T>,
    event: InboundEvent,
    later: boolean,
    done: DoneMark[],
  ): Promise<BatchOutcome> {
    const settled = (outcome: Settled): BatchOutcome => {
      if (outcome.done !== undefined) done.push(outcome.done);
      return { kind: 'done', replies: outcome.replies };
    };
    try {
      return settled(await step(tx, (inner) => this.act(inner, event, later)));
    } catch (error) {
      if (error instanceof StepNotUndoneError) throw error;
      if (error instanceof CodedError && error.code === 'not-recorded') return { kind: 'thrown', error };
      if (!(error instanceof UserError)) return { kind: 'failed', error };
      try {
        const refusal = this.refusal(event, error);
        return settled(await step(tx, (inner) => this.settleIn(inner, event, [refusal], later)));
      } catch (settleError) {
        if (settleError instanceof StepNotUndoneError) throw settleError;
        return { kind: 'failed', error: settleError };
      }
    }
  }

  /**
   * One attempt at a recorded event. `attempt` 0 is the live one, whose replies go back the way the
   * receiver expects; a retry or a recovery answers through the outbox, as a new message.
   */
  private async processNow(event: InboundEvent, attempt: number): Promise<Message[]> {
    const key = keyOf(event);
    this.inFlight.add(key);
    try {
      const replies = await this.attempt(event, attempt);
      for (const listener of this.processedListeners) listener();
      return replies;
    } finally {
      this.inFlight.delete(key);
    }
  }

  private async attempt(event: InboundEvent, attempt: number): Promise<Message[]> {
    const later = attempt > 0;
    try {
      return await inTransaction(this.options.prisma, (tx) => this.alone(tx, this.act(tx, event, later)));
    } catch (error) {
      if (error instanceof CodedError && error.code === 'not-recorded') throw error;
      if (!(error instanceof UserError)) return this.failed(event, attempt, error);
      try {
        // The refused transaction rolled back every effect; only the answer is kept, so a
        // redelivery gets the same answer instead of a second attempt.
        return await this.settle(event, [this.refusal(event, error)], later);
      } catch (settleError) {
        return this.failed(event, attempt, settleError);
      }
    }
  }

  /** The work of one attempt inside a transaction: the stored answer of a processed delivery, else dispatch it. */
  private async act(tx: Tx, event: InboundEvent, later: boolean): Promise<Settled> {
    const context = await eventContextRepository.load(tx, event);
    if (context === null) {
      throw new CodedError('not-recorded', `process() before record() for ${event.platform}/${event.messageId}`);
    }
    const { inbound } = context;
    if (inbound.status === 'DONE') return { replies: parseReplies(inbound.replies) };
    const now = this.options.clock.now();
    const collected = await this.dispatch(tx, event, context, now);
    return { replies: collected, done: await this.finish(tx, event, inbound.id, collected, now, false, later) };
  }

  /**
   * The answer kept for a refused delivery, counted; a refused click is marked so a platform may show
   * it as a notice.
   */
  private refusal(event: InboundEvent, error: UserError): Message {
    this.options.metrics?.refusal(error.code);
    return { ...error.reply, refusal: error.code, ...(event.type === 'action' ? { refused: true } : {}) };
  }

  /** Completes an event processed in a transaction of its own: marks it done there. */
  private async alone(tx: Tx, work: Promise<Settled>): Promise<Message[]> {
    const { replies, done } = await work;
    if (done !== undefined) await inboundRepository.markDone(tx, [done], this.options.clock.now());
    return replies;
  }

  /** Marks the delivery done with these replies and sends them, unless it was done meanwhile. */
  private settle(
    event: InboundEvent,
    replies: Message[],
    later: boolean,
    afterwards?: (tx: Tx, now: Date) => Promise<void>,
  ): Promise<Message[]> {
    return inTransaction(this.options.prisma, (tx) =>
      this.alone(tx, this.settleIn(tx, event, replies, later, afterwards)),
    );
  }

  private async settleIn(
    tx: Tx,
    event: InboundEvent,
    replies: Message[],
    later: boolean,
    afterwards?: (tx: Tx, now: Date) => Promise<void>,
  ): Promise<Settled> {
    const inbound = await inboundRepository.findByMessageId(tx, event.platform, event.messageId);
    if (inbound === null) throw new CodedError('not-recorded', `${event.platform}/${event.messageId} vanished`);
    if (inbound.status === 'DONE') return { replies: parseReplies(inbound.replies) };
    const now = this.options.clock.now();
    const done = await this.finish(tx, event, inbound.id, replies, now, true, later);
    await afterwards?.(tx, now);
    return { replies, done };
  }

  /**
   * An attempt failed for an internal reason. Nothing of it was committed, so the delivery stays
   * RECEIVED and is tried again after the next delay. The sender is told at once that the answer
   * will follow; after the last attempt the delivery is marked done with a "not done, send it
   * again" answer and administrators are alerted — in one transaction, so a sender is told it failed
   * only if it can no longer happen later.
   */
  private async failed(event: InboundEvent, attempt: number, error: unknown): Promise<Message[]> {
    const ref = referenceId();
    const delays = this.options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    const delay = delays[attempt];
    this.options.logger.error(
      { err: error, ref, attempt, platform: event.platform, messageId: event.messageId, userId: event.userId },
      'handler failed',
    );
    if (delay !== undefined) {
      this.retryLater(event, attempt + 1, delay);
      if (attempt > 0) return [];
      const notice: Message = { kind: 'text', text: zhCN.internal.retrying({ ref }) };
      if (this.options.replyDelivery === 'sync') return [notice];
      await inTransaction(this.options.prisma, async (tx) => {
        const inbound = await inboundRepository.findByMessageId(tx, event.platform, event.messageId);
        if (inbound !== null)
          await this.deliver(tx, event, inbound.id, [notice], this.options.clock.now(), true, false);
      }).catch((err: unknown) => this.options.logger.warn({ err, ref }, 'could not tell the sender a retry is coming'));
      return [notice];
    }
    const excerpt = excerptOf(event);
    const answer: Message = { kind: 'text', text: zhCN.internal.gaveUp({ ref, text: excerpt }) };
    try {
      return await this.settle(
        event,
        [answer],
        attempt > 0,
        (tx, now) =>
          this.options.onGiveUp?.(tx, now, { event, excerpt, ref, attempts: attempt + 1 }) ?? Promise.resolve(),
      );
    } catch (giveUpError) {
      // Not even the refusal can be written: keep the delivery for later rather than lose it.
      this.options.logger.error({ err: giveUpError, ref }, 'giving the delivery up failed too; trying again later');
      this.retryLater(event, attempt, delays.at(-1) ?? 60_000);
      return [];
    }
  }

  private retryLater(event: InboundEvent, attempt: number, delay: number): void {
    if (this.closed) return;
    this.takeRetry(event);
    const key = keyOf(event);
    const timer = setTimeout(() => {
      this.retries.delete(key);
      void this.enqueue(() => this.processNow(event, attempt)).catch((err: unknown) =>
        this.options.logger.error({ err }, 'retry failed'),
      );
    }, delay);
    timer.unref();
    this.retries.set(key, { attempt, timer });
  }

  /**
   * Processes deliveries that were recorded and acknowledged but not processed before a crash,
   * oldest first. It takes its place in the processing queue, so messages arriving meanwhile are
   * recorded and acknowledged but processed only after it: first come, first served. On a shared
   * database it also runs periodically, for what a crashed instance left behind (its lease ran out).
   */
  recoverUnprocessed(): Promise<number> {
    const onlyExpired = this.options.instance?.shared ?? false;
    return this.enqueue(async () => {
      let recovered = 0;
      let after = 0;
      for (;;) {
        const now = this.options.clock.now();
        const claim = {
          instance: this.instanceId,
          now,
          leaseUntil: new Date(now.getTime() + this.leaseMs),
          onlyExpired,
        };
        const rows = await inTransaction(this.options.prisma, (tx) =>
          inboundRepository.claimUnprocessed(tx, claim, 100, after),
        );
        if (rows.length === 0) return recovered;
        after = rows.at(-1)?.id ?? after;
        const failures: unknown[] = [];
        const queued = rows.map((row): QueuedEvent => {
          const event = JSON.parse(row.payload) as InboundEvent;
          const reject = (error: unknown) => failures.push(error);
          return { kind: 'event', event, attempt: 1, resolve: () => undefined, reject };
        });
        const size = this.batching.maxEvents;
        for (let i = 0; i < queued.length; i += size) await this.processBatch(queued.slice(i, i + size));
        if (failures.length > 0) throw failures[0];
        recovered += rows.length;
      }
    });
  }

  /**
   * Queues the replies and says how to mark the delivery done; the caller marks it in the same
   * transaction, once nothing of the attempt can fail any more (a batch marks all its deliveries at once).
   */
  private async finish(
    tx: Tx,
    event: InboundEvent,
    inboundId: number,
    replies: Message[],
    now: Date,
    refused: boolean,
    later: boolean,
  ): Promise<DoneMark> {
    await this.deliver(tx, event, inboundId, replies, now, refused, later);
    return { id: inboundId, replies: JSON.stringify(replies), payload: refused ? refusedPayload(event) : undefined };
  }

  private async deliver(
    tx: Tx,
    event: InboundEvent,
    inboundId: number,
    replies: Message[],
    now: Date,
    refused: boolean,
    later: boolean,
  ): Promise<void> {
    if (this.options.replyDelivery !== 'outbox' && !later) return;
    const reply = (
      destination: { toConversationId: string } | { toUserId: string },
      message: Message,
      replyContext?: ReplyContext,
    ) =>
      outboxRepository.add(
        tx,
        {
          kind: 'REPLY',
          ...destination,
          message: JSON.stringify(message),
          replyContext: replyContext ? JSON.stringify(replyContext) : undefined,
          sourceInboundId: inboundId,
        },
        now,
      );
    if (event.type === 'action' && event.cardId !== undefined) {
      // A card is shared by the whole group: a successful click updates it for everyone, while a
      // refusal is the clicker's business and goes to them alone.
      if (refused) {
        // The click's reply context lets the platform tie this message to the click it answers.
        for (const message of replies) await reply({ toUserId: event.userId }, message, event.replyContext);
      } else if (replies.length > 0) {
        const outcome: Message = {
          kind: 'card',
          title: zhCN.internal.cardDone(),
          markdown: replies.map((m) => m.markdown ?? m.text ?? '').join('\n\n'),
          buttons: [],
        };
        await reply({ toConversationId: event.conversationId }, outcome, { cardId: event.cardId });
      }
      return;
    }
    // Without its sessionWebhook a one-to-one robot chat is reachable only by its user (and files never use the webhook).
    const here =
      event.conversationType === 'direct' ? { toUserId: event.userId } : { toConversationId: event.conversationId };
    for (const message of replies) await reply(here, message, event.replyContext);
  }

  private async dispatch(tx: Tx, received: InboundEvent, context: EventContext, now: Date): Promise<Message[]> {
    const event = withoutUserTextMarks(received);
    const { id: inboundId, receivedAt } = context.inbound;
    const replies: Message[] = [];
    const say = (reply: string | Message) => {
      replies.push(typeof reply === 'string' ? { kind: 'text', text: reply } : reply);
    };
    const { user } = context;
    if (user === null || user.roles.length === 0) {
      say(zhCN.internal.unregistered({ userId: event.userId }));
      return replies;
    }
    const conversation = context.conversation ?? (await this.createConversation(tx, event));
    if (event.userName && event.userName !== user.name) await orgRepository.renameUser(tx, user.id, event.userName);
    const actor: Actor = { id: user.id, name: event.userName ?? user.name, unit: user.unit, roles: user.roles };
    const respond = async (reply: string | Message) => {
      const message: Message = typeof reply === 'string' ? { kind: 'text', text: reply } : reply;
      await outboxRepository.add(
        tx,
        { kind: 'REPLY', toUserId: actor.id, message: JSON.stringify(message), sourceInboundId: inboundId },
        now,
      );
    };
    const args: ListenerArgs = {
      event,
      inboundId,
      actor,
      conversation,
      tx,
      now,
      receivedAt,
      settings: this.options.settings,
      logger: this.options.logger,
      say,
      respond,
    };
    await runChain(this.middleware, args, (a) => this.route(a));
    return replies;
  }

  /** The first event from a conversation the bot has not seen registers it, unbound. */
  private async createConversation(tx: Tx, event: InboundEvent): Promise<ConversationRow> {
    const created = {
      id: event.conversationId,
      name:
        event.conversationTitle ??
        (event.conversationType === 'direct' ? `与${event.userName ?? event.userId}的私聊` : event.conversationId),
      type: event.conversationType,
    };
    await orgRepository.ensureConversation(tx, created);
    return { ...created, unit: null, purpose: null };
  }

  /**
   * Refuses a command, or the subcommand its first word selects, that the actor's roles do not allow.
   * A subcommand's own roles decide for it: /市级主谈 方案 is open to the 专项组's members, whatever
   * their role, while the rest of /市级主谈 is IPB's and the leaders' (the service checks membership).
   */
  private authorize(
    spec: CommandSpec,
    firstWord: string | undefined,
    hasNamedArguments: boolean,
    args: ListenerArgs,
  ): void {
    const sub = findSubcommand(spec, firstWord, hasNamedArguments);
    if (sub?.roles !== 'registered' && !mayRun(spec, args.actor.roles))
      throw new UserError(zhCN.internal.forbidden({ command: spec.name, roles: roleLabels(spec).split('、') }));
    if (sub !== undefined && !mayRun(sub, args.actor.roles)) {
      throw new UserError(
        zhCN.internal.forbidden({
          command: [spec.name, sub.words[0] ?? sub.shown].filter(Boolean).join(' '),
          roles: roleLabels(sub).split('、'),
        }),
      );
    }
  }

  /** A command declared freeText (pasted files, lists) bypasses key=value and quote parsing. */
  private freeTextCommand(text: string): { spec: CommandSpec; rest: string } | null {
    const name = /^\s*(?:[@＠]\S+\s+)*[/／]\s*(\S+)/.exec(text)?.[1];
    const spec = name === undefined ? undefined : this.commands.find(name);
    if (spec?.freeText !== true) return null;
    return { spec, rest: commandRest(text) ?? '' };
  }

  private async route(args: ListenerArgs): Promise<void> {
    const { event } = args;
    if (event.type === 'action') {
      if (event.actionId === RUN_COMMAND_ACTION) return this.runText(args, event.value, []);
      const handler = this.actions.get(event.actionId);
      if (handler === undefined) throw new UserError(zhCN.internal.buttonExpired());
      return handler({ ...args, actionId: event.actionId, value: event.value });
    }
    if (event.nonText) {
      const handler = this.events.get('non-text');
      if (handler) return handler(args);
      return args.say(zhCN.internal.nonText());
    }
    return this.runText(args, event.text, event.mentions);
  }

  private async runText(args: ListenerArgs, text: string, mentions: InboundMessageEvent['mentions']): Promise<void> {
    const free = this.freeTextCommand(text);
    if (free !== null) {
      const command: ParsedArgs<string> = {
        name: free.spec.name,
        positional: toHalfWidth(free.rest).split(/\s+/).filter(Boolean),
        named: {},
        mentions,
        text: free.rest,
      };
      // Free text has no parsed key=value pairs: a `key=` after the first word selects the same subcommands.
      const hasNamedArguments = command.positional.slice(1).some((word) => /[=＝]/.test(word));
      this.authorize(free.spec, command.positional[0], hasNamedArguments, args);
      return this.timed(free.spec.name, () =>
        free.spec.handler({ ...args, command, spec: free.spec, commands: this.commands.all() }),
      );
    }
    const tokens = tokenizeCommand(text, { botNames: [...(this.options.botNames ?? [])] });
    if (tokens.kind === 'not-command') {
      const handler = this.events.get('text');
      if (handler) return handler(args);
      return args.say(zhCN.internal.notCommand());
    }
    if (tokens.kind === 'error') {
      switch (tokens.code) {
        case 'unterminated-quote':
          throw new UserError(zhCN.internal.unterminatedQuote());
        case 'too-long':
          throw new UserError(zhCN.internal.tooLong());
        case 'empty-key':
          throw new UserError(zhCN.internal.emptyKey());
        case 'empty-value':
          throw new UserError(zhCN.internal.emptyValue({ key: tokens.detail ?? '' }));
      }
    }
    if (tokens.name === '') throw new UserError(zhCN.internal.emptyCommand());
    const spec = this.commands.find(tokens.name);
    if (spec === undefined) {
      const visible = this.commands.visibleTo(args.actor.roles);
      throw new UserError(
        zhCN.internal.unknownCommand({ input: tokens.name, suggestions: this.commands.suggest(tokens.name, visible) }),
      );
    }
    this.authorize(spec, tokens.positional[0], tokens.named.length > 0, args);
    const command: ParsedArgs<string> = {
      name: spec.name,
      positional: tokens.positional,
      named: canonicalKeys(spec, tokens.named),
      mentions,
      text: commandRest(text) ?? '',
    };
    const commandArgs: CommandArgs = { ...args, command, spec, commands: this.commands.all() };
    await this.timed(spec.name, () => spec.handler(commandArgs));
  }

  /** Wall time of a command's handler, refusals included (real time: the bot's clock may stand still). */
  private async timed(command: string, run: () => Promise<void>): Promise<void> {
    const started = performance.now();
    try {
      await run();
    } finally {
      this.options.metrics?.commandDuration(command, (performance.now() - started) / 1000);
    }
  }
}

/** The raw text after "/命令", lines and punctuation intact; null when the text is not a command. */
function commandRest(text: string): string | null {
  const match = /^\s*(?:[@＠]\S+\s+)*[/／]\s*\S+[ \t\u3000]*/.exec(text);
  return match === null ? null : text.slice(match[0].length);
}

function canonicalKeys(spec: CommandSpec, pairs: { key: string; value: string }[]): Record<string, string> {
  const named: Record<string, string> = {};
  if (pairs.length === 0) return named;
  const spellings = new Map<string, string>();
  for (const [canonical, accepted] of Object.entries<readonly string[]>(spec.keys ?? {})) {
    spellings.set(canonical.toLowerCase(), canonical);
    for (const spelling of accepted) spellings.set(spelling.toLowerCase(), canonical);
  }
  const unknown: string[] = [];
  for (const { key, value } of pairs) {
    const canonical = spellings.get(key.toLowerCase());
    if (canonical === undefined) {
      unknown.push(key);
      continue;
    }
    if (canonical in named) throw new UserError(zhCN.internal.duplicateKey({ key }));
    named[canonical] = value;
  }
  if (unknown.length > 0) {
    const accepted = Object.values<readonly string[]>(spec.keys ?? {}).map((names) => names[0] ?? '');
    throw new UserError(zhCN.internal.unknownKeys({ keys: unknown, accepted, usage: spec.usage.join('；') }));
  }
  return named;
}

/** Nobody may type the marks that set user text apart in replies (src/app/user-text.ts). */
function withoutUserTextMarks(event: InboundEvent): InboundEvent {
  const optional = (text: string | undefined) => (text === undefined ? undefined : withoutMarks(text));
  const common = { userName: optional(event.userName), conversationTitle: optional(event.conversationTitle) };
  if (event.type === 'action') return { ...event, ...common, value: withoutMarks(event.value) };
  return {
    ...event,
    ...common,
    text: withoutMarks(event.text),
    mentions: event.mentions.map((m) => ({ ...m, name: optional(m.name) })),
  };
}

/**
 * A refused delivery is kept only to answer a redelivery the same way, so its text need not be kept
 * whole: a megabyte of pasted text stays a couple of kilobytes.
 */
function refusedPayload(event: InboundEvent): string | undefined {
  const payload = JSON.stringify(event);
  if (payload.length <= REFUSED_PAYLOAD_CHARS) return undefined;
  const cut = (text: string) =>
    `${Array.from(text).slice(0, REFUSED_TEXT_CHARS).join('')}… [truncated from ${text.length} characters]`;
  return JSON.stringify(
    event.type === 'message'
      ? { ...event, text: cut(event.text), mentions: event.mentions.slice(0, 50) }
      : { ...event, value: cut(event.value) },
  );
}

function keyOf(event: InboundEvent): string {
  return `${event.platform}\n${event.messageId}`;
}

function excerptOf(event: InboundEvent): string {
  const text = event.type === 'message' ? event.text : event.value;
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  return chars.length > EXCERPT_CHARS ? `${chars.slice(0, EXCERPT_CHARS).join('')}…` : chars.join('');
}

function parseReplies(replies: string | null): Message[] {
  return replies === null ? [] : (JSON.parse(replies) as Message[]);
}
