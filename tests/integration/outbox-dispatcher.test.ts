/**
 * The outbox dispatcher against a real SQLite file. The chat platform is stood in for by a
 * recording Sender that keeps every OutboundMessage it is handed and answers with scripted
 * outcomes; time is a FixedClock, and sweeps are driven with drain() unless a test is about
 * poke()/start()/stop().
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Message, OutboundMessage, ReplyContext, Sender, SendOutcome } from '../../src/app/receiver.ts';
import { openDatabase, type BotDatabase } from '../../src/db/client.ts';
import { outboxRepository, type NewOutboxRow, type OutboxRow } from '../../src/db/repositories/outbox-repository.ts';
import { inTransaction } from '../../src/db/tx.ts';
import { backoffMs, OutboxDispatcher, type DispatcherOptions } from '../../src/jobs/outbox-dispatcher.ts';
import { FixedClock } from '../../src/lib/clock.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { notify } from '../../src/services/notify.ts';
import { tempDir } from '../helpers/test-bot.ts';
import { testDatabaseUrl } from '../helpers/test-database.ts';

const T0 = new Date('2026-11-26T01:00:00.000Z');
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const SEPARATOR = /\n+---\n+/;

const dir = tempDir('outbox-dispatcher-');
let db: BotDatabase;
let clock: FixedClock;

beforeAll(async () => {
  db = await openDatabase(await testDatabaseUrl(join(dir.path, 'outbox.db')));
});

afterAll(async () => {
  await db?.close();
  dir.remove();
});

beforeEach(async () => {
  clock = new FixedClock(T0);
  await inTransaction(db.prisma, (tx) => tx.outboxMessage.deleteMany({}));
});

// ---------------------------------------------------------------------------------------------
// The stand-in platform.

type Scripted = SendOutcome | Error | ((outbound: OutboundMessage) => SendOutcome | Promise<SendOutcome>);

/** Records every OutboundMessage and answers with the outcomes scripted for it (else delivered). */
class RecordingSender implements Sender {
  readonly sent: OutboundMessage[] = [];
  private readonly scripts: { match: (outbound: OutboundMessage) => boolean; outcomes: Scripted[] }[] = [];

  /** The next sends matching `match` get these outcomes, one each, in order. */
  script(match: (outbound: OutboundMessage) => boolean, ...outcomes: Scripted[]): this {
    this.scripts.push({ match, outcomes });
    return this;
  }

  async send(outbound: OutboundMessage): Promise<SendOutcome> {
    this.sent.push(structuredClone(outbound));
    const script = this.scripts.find((s) => s.outcomes.length > 0 && s.match(outbound));
    const next = script?.outcomes.shift();
    if (next === undefined) return { status: 'delivered' };
    if (next instanceof Error) throw next;
    if (typeof next === 'function') return next(outbound);
    return next;
  }

  /** The text each send carried, in order (a merged send shows its markdown). */
  texts(): string[] {
    return this.sent.map(bodyOf);
  }
}

function bodyOf(outbound: OutboundMessage): string {
  return outbound.message.markdown ?? outbound.message.text ?? '';
}

const toConversation = (id: string) => (o: OutboundMessage) => 'conversationId' in o.to && o.to.conversationId === id;
const withText = (text: string) => (o: OutboundMessage) => bodyOf(o) === text;

// ---------------------------------------------------------------------------------------------
// Helpers.

function dispatcherWith(sender: Sender, options: Partial<DispatcherOptions> = {}): OutboxDispatcher {
  return new OutboxDispatcher({
    prisma: db.prisma,
    sender,
    clock,
    logger: createLogger('silent'),
    random: () => 0.5,
    ...options,
  });
}

type Target = { conversationId: string } | { userId: string };

function destinationColumns(to: Target): Pick<NewOutboxRow, 'toConversationId' | 'toUserId'> {
  return 'conversationId' in to ? { toConversationId: to.conversationId } : { toUserId: to.userId };
}

/** Queues a row at the clock's current time through the repository; returns its id. */
async function add(
  to: Target,
  message: string | Message,
  options: { kind?: 'NOTICE' | 'REPLY'; replyContext?: ReplyContext; at?: Date } = {},
): Promise<number> {
  const body: Message = typeof message === 'string' ? { kind: 'text', text: message } : message;
  const at = options.at ?? clock.now();
  return inTransaction(db.prisma, async (tx) => {
    const added = await outboxRepository.add(
      tx,
      {
        kind: options.kind ?? 'NOTICE',
        ...destinationColumns(to),
        message: JSON.stringify(body),
        ...(options.replyContext ? { replyContext: JSON.stringify(options.replyContext) } : {}),
      },
      at,
    );
    expect(added).toBe(true);
    const row = await tx.outboxMessage.findFirst({ orderBy: { id: 'desc' }, select: { id: true } });
    return row!.id;
  });
}

/** Queues a notice the way services do (notify() in the caller's transaction); returns its id. */
async function notice(to: Target, message: string | Message, at: Date = clock.now()): Promise<number> {
  return inTransaction(db.prisma, async (tx) => {
    await notify({ tx, now: at, actorId: 'system' }, to, message);
    const row = await tx.outboxMessage.findFirst({ orderBy: { id: 'desc' }, select: { id: true } });
    return row!.id;
  });
}

async function row(id: number) {
  const found = await inTransaction(db.prisma, (tx) => tx.outboxMessage.findUnique({ where: { id } }));
  if (!found) throw new Error(`no outbox row ${id}`);
  return found;
}

async function statuses(...ids: number[]): Promise<string[]> {
  return Promise.all(ids.map(async (id) => (await row(id)).status));
}

function at(offsetMs: number): Date {
  return new Date(T0.getTime() + offsetMs);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(10);
  }
}

const A = { conversationId: 'cid-A' };
const B = { conversationId: 'cid-B' };
const C = { userId: 'user-C' };

// ---------------------------------------------------------------------------------------------

describe('delivery', () => {
  it('drain() on a dispatcher that was never started delivers what is due (the tests and the simulator clock rely on it)', async () => {
    const sender = new RecordingSender();
    const id = await add(A, 'hello');
    const dispatcher = dispatcherWith(sender);
    expect(await dispatcher.drain()).toBe(1);
    expect(sender.texts()).toEqual(['hello']);
    expect(await statuses(id)).toEqual(['DELIVERED']);
  });

  it('delivers due rows in id order, marks each DELIVERED once, and leaves future rows until the clock reaches them', async () => {
    const sender = new RecordingSender();
    const replyContext: ReplyContext = {
      target: 'https://platform.example/session/1',
      expiresAt: at(MINUTE).toISOString(),
    };
    const first = await add(A, 'one');
    const second = await notice(C, { kind: 'markdown', title: 'T', markdown: '**two**', atUserIds: ['user-C'] });
    const third = await add(A, 'three', { kind: 'REPLY', replyContext });
    const fourth = await add(B, 'four');
    // A row whose first attempt is due a minute from now.
    const later = await add(B, 'later', { at: at(MINUTE) });

    const dispatcher = dispatcherWith(sender);
    expect(await dispatcher.drain()).toBe(4);
    expect(sender.sent.map((o) => o.key)).toEqual([first, second, third, fourth].map(String));
    expect(sender.sent).toEqual([
      { key: String(first), to: A, message: { kind: 'text', text: 'one' } },
      {
        key: String(second),
        to: C,
        message: { kind: 'markdown', title: 'T', markdown: '**two**', atUserIds: ['user-C'] },
      },
      { key: String(third), to: A, message: { kind: 'text', text: 'three' }, replyContext },
      { key: String(fourth), to: B, message: { kind: 'text', text: 'four' } },
    ]);
    for (const id of [first, second, third, fourth]) {
      const stored = await row(id);
      expect(stored.status).toBe('DELIVERED');
      expect(stored.attempts).toBe(1);
      expect(stored.deliveredAt).toEqual(T0);
      expect(stored.lastError).toBeNull();
    }
    expect(await statuses(later)).toEqual(['PENDING']);

    // Nothing is sent twice.
    expect(await dispatcher.drain()).toBe(0);
    expect(sender.sent).toHaveLength(4);

    // The future row waits for its time, to the millisecond.
    clock.set(at(MINUTE - 1));
    expect(await dispatcher.drain()).toBe(0);
    expect(sender.sent).toHaveLength(4);
    clock.set(at(MINUTE));
    expect(await dispatcher.drain()).toBe(1);
    expect(sender.sent.map((o) => o.key)).toEqual([first, second, third, fourth, later].map(String));
    expect((await row(later)).deliveredAt).toEqual(at(MINUTE));
    expect(await dispatcher.drain()).toBe(0);
    expect(sender.sent).toHaveLength(5);
  });

  it('works through more rows than one batch holds', async () => {
    const sender = new RecordingSender();
    const ids: number[] = [];
    for (let i = 0; i < 7; i += 1) ids.push(await add(i % 2 === 0 ? A : B, `m${i}`));
    const dispatcher = dispatcherWith(sender, { batchSize: 3 });
    expect(await dispatcher.drain()).toBe(7);
    expect(sender.sent.map((o) => o.key)).toEqual(ids.map(String));
    expect(await statuses(...ids)).toEqual(ids.map(() => 'DELIVERED'));
  });
});

describe('retry', () => {
  it('backs off, records the error, holds back later rows to the same destination only, then delivers in order', async () => {
    const sender = new RecordingSender().script(toConversation('cid-A'), {
      status: 'retry',
      reason: 'HTTP 503 from platform',
    });
    const a1 = await add(A, 'a1');
    const b1 = await add(B, 'b1');
    const a2 = await add(A, 'a2');
    const c1 = await add(C, 'c1');
    const a3 = await add(A, 'a3');
    const dispatcher = dispatcherWith(sender, { random: () => 0.25 });

    expect(await dispatcher.drain()).toBe(2);
    // a1 was tried and failed; a2 and a3 must not overtake it; other destinations still go.
    expect(sender.texts()).toEqual(['a1', 'b1', 'c1']);

    const retried = await row(a1);
    expect(retried.status).toBe('PENDING');
    expect(retried.attempts).toBe(1);
    expect(retried.lastError).toBe('HTTP 503 from platform');
    expect(retried.deliveredAt).toBeNull();
    // First retry: ceiling 1 s, so the delay lies in [500, 1000] ms; with random 0.25 it is 625 ms.
    const delay = retried.nextAttemptAt.getTime() - T0.getTime();
    expect(delay).toBeGreaterThanOrEqual(500);
    expect(delay).toBeLessThanOrEqual(1000);
    expect(delay).toBe(backoffMs(0, () => 0.25));
    expect(delay).toBe(625);

    for (const id of [a2, a3]) {
      const held = await row(id);
      expect(held.status).toBe('PENDING');
      expect(held.attempts).toBe(0);
      expect(held.lastError).toBeNull();
    }
    expect(await statuses(b1, c1)).toEqual(['DELIVERED', 'DELIVERED']);

    // Another sweep before a1 is due again still must not let a2 or a3 overtake it.
    clock.set(at(delay - 1));
    expect(await dispatcher.drain()).toBe(0);
    expect(sender.texts()).toEqual(['a1', 'b1', 'c1']);

    clock.set(at(delay));
    expect(await dispatcher.drain()).toBe(3);
    expect(sender.texts()).toEqual(['a1', 'b1', 'c1', 'a1', 'a2', 'a3']);
    expect(await statuses(a1, a2, a3)).toEqual(['DELIVERED', 'DELIVERED', 'DELIVERED']);
    expect((await row(a1)).attempts).toBe(2);
    expect((await row(a2)).attempts).toBe(1);
  });

  it('grows the delay with each failed attempt', async () => {
    const busy: SendOutcome = { status: 'retry', reason: 'busy' };
    const sender = new RecordingSender().script(() => true, busy, busy, busy);
    const id = await add(A, 'persistent');
    const dispatcher = dispatcherWith(sender, { random: () => 0 });
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const before = clock.now().getTime();
      await dispatcher.drain();
      const stored = await row(id);
      expect(stored.attempts).toBe(attempt);
      delays.push(stored.nextAttemptAt.getTime() - before);
      clock.set(stored.nextAttemptAt);
    }
    expect(delays).toEqual([500, 1000, 2000]);
    await dispatcher.drain();
    expect(await statuses(id)).toEqual(['DELIVERED']);
    expect(sender.sent).toHaveLength(4);
  });

  it('respects a retryAfterMs hint from the platform as a minimum delay', async () => {
    const sender = new RecordingSender()
      .script(withText('throttled'), { status: 'retry', reason: 'QPS limit', retryAfterMs: 30 * SECOND })
      .script(withText('short hint'), { status: 'retry', reason: 'flow control', retryAfterMs: 10 });
    const throttled = await add(A, 'throttled');
    const shortHint = await add(B, 'short hint');
    // random close to 1 puts the own backoff near its 1 s ceiling: far below the 30 s hint.
    const dispatcher = dispatcherWith(sender, { random: () => 0.999 });
    await dispatcher.drain();

    expect((await row(throttled)).nextAttemptAt).toEqual(at(30 * SECOND));
    expect((await row(throttled)).lastError).toBe('QPS limit');
    // A hint shorter than the backoff does not shorten it.
    expect((await row(shortHint)).nextAttemptAt).toEqual(at(backoffMs(0, () => 0.999)));
    expect(backoffMs(0, () => 0.999)).toBeGreaterThan(10);

    clock.set(at(30 * SECOND - 1));
    await dispatcher.drain();
    expect(sender.texts()).toEqual(['throttled', 'short hint', 'short hint']);
    expect(await statuses(throttled, shortHint)).toEqual(['PENDING', 'DELIVERED']);

    clock.set(at(30 * SECOND));
    await dispatcher.drain();
    expect(sender.texts()).toEqual(['throttled', 'short hint', 'short hint', 'throttled']);
    expect(await statuses(throttled)).toEqual(['DELIVERED']);
  });

  it('treats a sender that rejects as a retry, without stopping the sweep', async () => {
    const sender = new RecordingSender().script(toConversation('cid-A'), new Error('socket hang up'));
    const a1 = await add(A, 'a1');
    const b1 = await add(B, 'b1');
    const dispatcher = dispatcherWith(sender, { random: () => 0.5 });

    await expect(dispatcher.drain()).resolves.toBe(1);
    const stored = await row(a1);
    expect(stored.status).toBe('PENDING');
    expect(stored.attempts).toBe(1);
    expect(stored.lastError).toBe('socket hang up');
    expect(stored.nextAttemptAt).toEqual(at(750));
    expect(await statuses(b1)).toEqual(['DELIVERED']);

    clock.set(at(750));
    await dispatcher.drain();
    expect(sender.texts()).toEqual(['a1', 'b1', 'a1']);
    expect(await statuses(a1)).toEqual(['DELIVERED']);
  });

  it('treats a sender that throws synchronously as a retry, without stopping the sweep', async () => {
    const recorder = new RecordingSender();
    const sender: Sender = {
      send(outbound) {
        if ('conversationId' in outbound.to && outbound.to.conversationId === 'cid-A')
          throw new Error('bad destination format');
        return recorder.send(outbound);
      },
    };
    const a1 = await add(A, 'a1');
    const b1 = await add(B, 'b1');
    const dispatcher = dispatcherWith(sender);

    await expect(dispatcher.drain()).resolves.toBe(1);
    const stored = await row(a1);
    expect(stored.status).toBe('PENDING');
    expect(stored.attempts).toBe(1);
    expect(stored.lastError).toBe('bad destination format');
    expect(await statuses(b1)).toEqual(['DELIVERED']);
    expect(recorder.texts()).toEqual(['b1']);
  });
});

describe('dead letters', () => {
  it('marks a refused row DEAD, reports it once through onDead, and never retries it', async () => {
    const sender = new RecordingSender().script(withText('to a removed robot'), {
      status: 'dead',
      reason: 'robot removed from group',
    });
    const dead = await add(A, 'to a removed robot');
    const other = await add(B, 'fine');
    const reports: { row: OutboxRow; reason: string }[] = [];
    const dispatcher = dispatcherWith(sender, { onDead: async (r, reason) => void reports.push({ row: r, reason }) });

    await dispatcher.drain();
    const stored = await row(dead);
    expect(stored.status).toBe('DEAD');
    expect(stored.lastError).toBe('robot removed from group');
    expect(stored.attempts).toBe(1);
    expect(stored.deliveredAt).toBeNull();
    expect(await statuses(other)).toEqual(['DELIVERED']);
    expect(reports).toHaveLength(1);
    expect(reports[0]!.reason).toBe('robot removed from group');
    expect(reports[0]!.row).toMatchObject({
      id: dead,
      kind: 'NOTICE',
      toConversationId: 'cid-A',
      message: JSON.stringify({ kind: 'text', text: 'to a removed robot' }),
    });

    clock.set(at(24 * 60 * MINUTE));
    expect(await dispatcher.drain()).toBe(0);
    expect(sender.texts()).toEqual(['to a removed robot', 'fine']);
    expect(reports).toHaveLength(1);
    expect(await statuses(dead)).toEqual(['DEAD']);
  });

  it('gives a row up as dead once its retries are exhausted', async () => {
    const sender = new RecordingSender().script(() => true, { status: 'retry', reason: 'still 503' });
    const id = await add(A, 'hopeless');
    await inTransaction(db.prisma, (tx) => tx.outboxMessage.update({ where: { id }, data: { attempts: 149 } }));
    const reports: string[] = [];
    const dispatcher = dispatcherWith(sender, { onDead: async (r, reason) => void reports.push(`${r.id}:${reason}`) });

    await dispatcher.drain();
    const stored = await row(id);
    expect(stored.status).toBe('DEAD');
    expect(stored.attempts).toBe(150);
    expect(stored.lastError).toBe('still 503');
    expect(reports).toEqual([`${id}:still 503`]);
  });
});

describe('coalescing', () => {
  const WINDOW = MINUTE;

  it('sends a burst of notices to one destination as one message once the window has closed, while other destinations go at once', async () => {
    const sender = new RecordingSender();
    const n1 = await notice(A, { kind: 'text', text: 'first notice', atUserIds: ['u1'] }, at(0));
    const n2 = await notice(A, { kind: 'markdown', title: 'Second', markdown: '**second** notice' }, at(10 * SECOND));
    const n3 = await notice(A, { kind: 'text', text: 'third notice', atUserIds: ['u2', 'u1'] }, at(20 * SECOND));
    clock.set(at(20 * SECOND));
    const reply = await add(B, 'answer to B', {
      kind: 'REPLY',
      replyContext: { target: 'https://platform.example/s/2' },
    });
    const card = await add(C, {
      kind: 'card',
      title: 'Approve?',
      markdown: 'card for C',
      buttons: [{ actionId: 'ok', value: '1', label: 'OK' }],
    });
    const dispatcher = dispatcherWith(sender, { coalesceWindowMs: WINDOW });

    // The burst to A is still open: nothing for A, but B and C are served.
    clock.set(at(30 * SECOND));
    expect(await dispatcher.drain()).toBe(2);
    expect(sender.texts()).toEqual(['answer to B', 'card for C']);
    expect(await statuses(n1, n2, n3)).toEqual(['PENDING', 'PENDING', 'PENDING']);
    clock.set(at(WINDOW - 1));
    expect(await dispatcher.drain()).toBe(0);
    expect(sender.sent).toHaveLength(2);

    // Well past the newest notice's window: one send carrying all three, in order, separated.
    clock.set(at(20 * SECOND + WINDOW + 1));
    expect(await dispatcher.drain()).toBe(3);
    expect(sender.sent).toHaveLength(3);
    const merged = sender.sent[2]!;
    expect(merged.to).toEqual(A);
    expect(merged.key).toBe(String(n1));
    expect(merged.message.kind).toBe('markdown');
    expect(merged.message.markdown!.split(SEPARATOR)).toEqual(['first notice', '**second** notice', 'third notice']);
    expect([...(merged.message.atUserIds ?? [])].sort()).toEqual(['u1', 'u2']);
    expect(await statuses(n1, n2, n3, reply, card)).toEqual([
      'DELIVERED',
      'DELIVERED',
      'DELIVERED',
      'DELIVERED',
      'DELIVERED',
    ]);
    for (const id of [n1, n2, n3]) expect((await row(id)).deliveredAt).toEqual(at(20 * SECOND + WINDOW + 1));

    expect(await dispatcher.drain()).toBe(0);
    expect(sender.sent).toHaveLength(3);
  });

  it('sends a notice created after the window separately', async () => {
    const sender = new RecordingSender();
    const n1 = await notice(A, 'early one', at(0));
    const n2 = await notice(A, 'early two', at(30 * SECOND));
    const n3 = await notice(A, 'much later', at(3 * MINUTE));
    const n4 = await notice(A, 'later still', at(3 * MINUTE + 5 * SECOND));
    const dispatcher = dispatcherWith(sender, { coalesceWindowMs: WINDOW });

    clock.set(at(10 * MINUTE));
    expect(await dispatcher.drain()).toBe(4);
    expect(sender.sent.map((o) => o.key)).toEqual([String(n1), String(n3)]);
    expect(sender.sent[0]!.message.markdown!.split(SEPARATOR)).toEqual(['early one', 'early two']);
    expect(sender.sent[1]!.message.markdown!.split(SEPARATOR)).toEqual(['much later', 'later still']);
    expect(await statuses(n1, n2, n3, n4)).toEqual(['DELIVERED', 'DELIVERED', 'DELIVERED', 'DELIVERED']);

    // A lone notice goes out unchanged once its own window has closed.
    const n5 = await notice(A, { kind: 'text', text: 'alone' }, at(10 * MINUTE));
    clock.set(at(10 * MINUTE + 30 * SECOND));
    expect(await dispatcher.drain()).toBe(0);
    clock.set(at(11 * MINUTE + 1));
    expect(await dispatcher.drain()).toBe(1);
    expect(sender.sent[2]).toEqual({ key: String(n5), to: A, message: { kind: 'text', text: 'alone' } });
  });

  it('never merges replies or cards with buttons, and keeps the order around them', async () => {
    const sender = new RecordingSender();
    const ids = [
      await notice(A, 'notice 1', at(0)),
      await add(A, 'reply with context', {
        kind: 'REPLY',
        replyContext: { target: 'https://platform.example/s/3' },
        at: at(1 * SECOND),
      }),
      await add(A, 'reply without context', { kind: 'REPLY', at: at(2 * SECOND) }),
      await notice(
        A,
        {
          kind: 'card',
          title: 'Card',
          markdown: 'card with buttons',
          buttons: [{ actionId: 'a', value: 'v', label: 'Go' }],
        },
        at(3 * SECOND),
      ),
      await notice(
        A,
        {
          kind: 'markdown',
          title: 'Choice',
          markdown: 'markdown with buttons',
          buttons: [{ actionId: 'b', value: 'w', label: 'Pick' }],
        },
        at(4 * SECOND),
      ),
      await notice(A, 'notice 2', at(5 * SECOND)),
      await notice(A, 'notice 3', at(6 * SECOND)),
    ];
    const dispatcher = dispatcherWith(sender, { coalesceWindowMs: WINDOW });

    // While the first notice's window is open, nothing to A may overtake it.
    clock.set(at(30 * SECOND));
    expect(await dispatcher.drain()).toBe(0);
    expect(sender.sent).toEqual([]);

    clock.set(at(2 * MINUTE));
    expect(await dispatcher.drain()).toBe(7);
    expect(sender.texts()).toEqual([
      'notice 1',
      'reply with context',
      'reply without context',
      'card with buttons',
      'markdown with buttons',
      'notice 2\n\n---\n\nnotice 3',
    ]);
    expect(sender.sent.map((o) => o.key)).toEqual(ids.slice(0, 6).map(String));
    expect(sender.sent[1]!.replyContext).toEqual({ target: 'https://platform.example/s/3' });
    expect(sender.sent[3]!.message.buttons).toEqual([{ actionId: 'a', value: 'v', label: 'Go' }]);
    expect(sender.sent[4]!.message.buttons).toEqual([{ actionId: 'b', value: 'w', label: 'Pick' }]);
    expect(await statuses(...ids)).toEqual(ids.map(() => 'DELIVERED'));
  });

  it('retries a merged delivery as a whole and sends it merged again', async () => {
    const sender = new RecordingSender().script(toConversation('cid-A'), { status: 'retry', reason: '429' });
    const n1 = await notice(A, 'x', at(0));
    const n2 = await notice(A, 'y', at(SECOND));
    const dispatcher = dispatcherWith(sender, { coalesceWindowMs: WINDOW, random: () => 0 });

    clock.set(at(2 * MINUTE));
    expect(await dispatcher.drain()).toBe(0);
    for (const id of [n1, n2]) {
      const stored = await row(id);
      expect(stored.status).toBe('PENDING');
      expect(stored.attempts).toBe(1);
      expect(stored.lastError).toBe('429');
      expect(stored.nextAttemptAt).toEqual(at(2 * MINUTE + 500));
    }
    clock.set(at(2 * MINUTE + 500));
    expect(await dispatcher.drain()).toBe(2);
    expect(sender.texts()).toEqual(['x\n\n---\n\ny', 'x\n\n---\n\ny']);
    expect(await statuses(n1, n2)).toEqual(['DELIVERED', 'DELIVERED']);
  });

  it('sends every row on its own when coalescing is off', async () => {
    for (const coalesceWindowMs of [undefined, 0]) {
      await inTransaction(db.prisma, (tx) => tx.outboxMessage.deleteMany({}));
      const sender = new RecordingSender();
      const ids = [
        await notice(A, 'one'),
        await notice(A, 'two'),
        await notice(A, { kind: 'markdown', title: 't', markdown: 'three' }),
      ];
      const dispatcher = dispatcherWith(sender, coalesceWindowMs === undefined ? {} : { coalesceWindowMs });
      expect(await dispatcher.drain()).toBe(3);
      expect(sender.sent).toEqual([
        { key: String(ids[0]), to: A, message: { kind: 'text', text: 'one' } },
        { key: String(ids[1]), to: A, message: { kind: 'text', text: 'two' } },
        { key: String(ids[2]), to: A, message: { kind: 'markdown', title: 't', markdown: 'three' } },
      ]);
    }
  });
});

describe('backoffMs', () => {
  const CAP = 10 * MINUTE;
  const ceilingOf = (attempts: number) => Math.min(CAP, 1000 * 2 ** attempts);

  it('doubles with each attempt until it is capped at ten minutes', () => {
    for (const r of [0, 0.5, 0.999999]) {
      const random = () => r;
      for (let attempts = 0; attempts < 40; attempts += 1) {
        const now = backoffMs(attempts, random);
        const next = backoffMs(attempts + 1, random);
        expect(next).toBeGreaterThanOrEqual(now);
        if (1000 * 2 ** (attempts + 1) <= CAP) expect(next).toBeGreaterThan(now);
      }
    }
    expect(backoffMs(0, () => 0)).toBe(500);
    expect(backoffMs(1, () => 0)).toBe(1000);
    expect(backoffMs(3, () => 0)).toBe(4000);
    expect(backoffMs(10, () => 0)).toBe(CAP / 2);
    expect(backoffMs(150, () => 0.999999)).toBeLessThanOrEqual(CAP);
    expect(backoffMs(1e6, () => 0.999999)).toBeLessThanOrEqual(CAP);
    expect(backoffMs(1e6, () => 0.999999)).toBeGreaterThan(CAP - 10);
  });

  it('is never below the hint, even above the cap', () => {
    expect(backoffMs(0, () => 0.5, 5000)).toBe(5000);
    expect(backoffMs(20, () => 0, 60 * MINUTE)).toBe(60 * MINUTE);
    expect(backoffMs(3, () => 0.5, 10)).toBe(backoffMs(3, () => 0.5));
  });

  it('stays within [ceiling/2, ceiling] for any random in [0, 1) and never under the hint', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 0, max: 2 * 60 * MINUTE }),
        (attempts, r, hint) => {
          const ceiling = ceilingOf(attempts);
          const plain = backoffMs(attempts, () => r);
          expect(Number.isInteger(plain)).toBe(true);
          expect(plain).toBeGreaterThanOrEqual(ceiling / 2);
          expect(plain).toBeLessThanOrEqual(ceiling);
          expect(plain).toBeLessThanOrEqual(CAP);
          const hinted = backoffMs(attempts, () => r, hint);
          expect(hinted).toBeGreaterThanOrEqual(hint);
          expect(hinted).toBe(Math.max(hint, plain));
        },
      ),
    );
  });
});

describe('poke, start and stop', () => {
  it('after start(), poke() delivers a newly added row without drain()', async () => {
    const sender = new RecordingSender();
    const dispatcher = dispatcherWith(sender, { pollMs: 60 * MINUTE });
    dispatcher.start();
    try {
      await sleep(300); // the start-up sweep finds nothing
      const id = await add(A, 'poked');
      await sleep(150);
      expect(sender.sent).toEqual([]); // the poll timer is an hour away: only a poke brings it
      dispatcher.poke();
      await waitFor(() => sender.sent.length === 1, 2000);
      expect(sender.texts()).toEqual(['poked']);
      await expect.poll(async () => (await row(id)).status, { timeout: 2000 }).toBe('DELIVERED');
    } finally {
      await dispatcher.stop();
    }
  });

  it('after start(), the poll timer picks up rows that become due later', async () => {
    const sender = new RecordingSender();
    const id = await add(A, 'due later', { at: at(5 * SECOND) });
    const dispatcher = dispatcherWith(sender, { pollMs: 20 });
    dispatcher.start();
    try {
      await sleep(200);
      expect(sender.sent).toEqual([]);
      clock.set(at(5 * SECOND));
      await waitFor(() => sender.sent.length === 1, 2000);
      await expect.poll(async () => (await row(id)).status, { timeout: 2000 }).toBe('DELIVERED');
    } finally {
      await dispatcher.stop();
    }
  });

  it('a poke during a running sweep is not lost: it brings one more sweep', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    // The in-flight send ends in a retry, so the running sweep delivers nothing and ends its drain.
    const sender = new RecordingSender().script(withText('slow'), async () => {
      await gate;
      return { status: 'retry', reason: 'timeout', retryAfterMs: 60 * MINUTE };
    });
    await add(A, 'slow');
    const dispatcher = dispatcherWith(sender, { pollMs: 60 * MINUTE });
    dispatcher.start();
    try {
      await waitFor(() => sender.sent.length === 1, 2000);
      const id = await add(B, 'queued during the sweep');
      dispatcher.poke();
      dispatcher.poke();
      dispatcher.poke();
      release();
      await waitFor(() => sender.sent.length === 2, 2000);
      expect(sender.texts()).toEqual(['slow', 'queued during the sweep']);
      await expect.poll(async () => (await row(id)).status, { timeout: 2000 }).toBe('DELIVERED');
      await sleep(100);
      expect(sender.sent).toHaveLength(2);
    } finally {
      await dispatcher.stop();
    }
  });

  it('stop() waits for the running sweep, and nothing is sent after it', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const sender = new RecordingSender().script(withText('in flight'), async () => {
      await gate;
      return { status: 'delivered' };
    });
    const inFlight = await add(A, 'in flight');
    const queued = await add(B, 'queued behind');
    const dispatcher = dispatcherWith(sender, { pollMs: 20 });
    dispatcher.start();

    await waitFor(() => sender.sent.length === 1, 2000);
    let stopped = false;
    const stopping = dispatcher.stop().then(() => {
      stopped = true;
    });
    await sleep(100);
    expect(stopped).toBe(false); // the send in flight has not finished yet

    release();
    await stopping;
    expect(stopped).toBe(true);
    // The send that was in flight is recorded; the sweep ends there.
    expect(await statuses(inFlight, queued)).toEqual(['DELIVERED', 'PENDING']);
    expect(sender.texts()).toEqual(['in flight']);

    const late = await add(C, 'after stop');
    dispatcher.poke();
    await sleep(200);
    expect(sender.texts()).toEqual(['in flight']);
    expect(await statuses(queued, late)).toEqual(['PENDING', 'PENDING']);
  });
});

describe('the deliveries metric', () => {
  it('reports each attempt once with its channel and result; exhausted retries count as dead', async () => {
    const seen: string[] = [];
    const metrics = { delivery: (channel: string, result: string) => void seen.push(`${channel}:${result}`) };
    const sender = new RecordingSender()
      .script(withText('flaky'), { status: 'retry', reason: '503' })
      .script(withText('refused'), { status: 'dead', reason: 'robot removed' })
      .script(withText('hopeless'), { status: 'retry', reason: 'still 503' });
    await add(A, 'to the group');
    await add(C, 'to one person');
    await add(B, 'in place', { kind: 'REPLY', replyContext: { target: 'https://example.invalid/session' } });
    await add({ conversationId: 'cid-D' }, 'card outcome', { kind: 'REPLY', replyContext: { cardId: 'card-1' } });
    await add({ conversationId: 'cid-E' }, 'flaky');
    await add({ conversationId: 'cid-F' }, 'refused');
    const hopeless = await add({ conversationId: 'cid-G' }, 'hopeless');
    await inTransaction(db.prisma, (tx) =>
      tx.outboxMessage.update({ where: { id: hopeless }, data: { attempts: 149 } }),
    );
    const dispatcher = dispatcherWith(sender, { metrics });

    await dispatcher.drain();
    expect(seen).toEqual([
      'group:delivered',
      'direct:delivered',
      'reply:delivered',
      'card:delivered',
      'group:retry',
      'group:dead',
      'group:dead',
    ]);
    clock.set(at(10 * MINUTE));
    await dispatcher.drain();
    expect(seen.slice(7)).toEqual(['group:delivered']);
  });
});
