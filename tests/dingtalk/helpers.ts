import { pino } from 'pino';
import type { InboundEvent, InboundSink, Message, SignatureLedger } from '../../src/app/receiver.ts';
import type { Timers, TimerHandle } from '../../src/adapters/dingtalk/stream-client.ts';

export const silentLogger = pino({ level: 'silent' });

/**
 * Stands in for the app behind the adapter: a Map of recorded message ids, with a switch to make
 * recording fail like a database that is down. It is the app's side of the boundary, not a mock of
 * the adapter under test.
 */
export class MemorySink implements InboundSink {
  readonly recorded = new Map<string, InboundEvent>();
  readonly processed: InboundEvent[] = [];
  recordCalls = 0;
  failNextRecords = 0;

  async record(event: InboundEvent): Promise<boolean> {
    this.recordCalls += 1;
    if (this.failNextRecords > 0) {
      this.failNextRecords -= 1;
      throw new Error('database is down');
    }
    if (this.recorded.has(event.messageId)) return false;
    this.recorded.set(event.messageId, event);
    return true;
  }

  async process(event: InboundEvent): Promise<Message[]> {
    this.processed.push(event);
    return [];
  }
}

/**
 * The app's signature ledger as a Map, outliving any one handler the way the database outlives a
 * restart (the database-backed ledger itself is exercised by end-to-end.test.ts).
 */
export class MemorySignatureLedger implements SignatureLedger {
  readonly claims = new Map<string, { messageId: string; expiresAt: Date }>();
  failNextClaims = 0;

  async claimSignature(key: string, messageId: string, expiresAt: Date): Promise<boolean> {
    if (this.failNextClaims > 0) {
      this.failNextClaims -= 1;
      throw new Error('database is down');
    }
    const first = this.claims.get(key);
    if (first !== undefined) return first.messageId === messageId;
    this.claims.set(key, { messageId, expiresAt });
    return true;
  }
}

/** Timers that only fire when the test says so; I/O stays real. */
export class ManualTimers implements Timers {
  readonly #pending = new Set<{ callback: () => void; ms: number }>();
  /** Every delay ever scheduled, in order. */
  readonly scheduled: number[] = [];

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const entry = { callback, ms };
    this.#pending.add(entry);
    this.scheduled.push(ms);
    return { cancel: () => this.#pending.delete(entry) };
  }

  pending(): number[] {
    return [...this.#pending].map((entry) => entry.ms);
  }

  /** Fires the pending timers whose delay matches `predicate`; returns how many fired. */
  fire(predicate: (ms: number) => boolean): number {
    const due = [...this.#pending].filter((entry) => predicate(entry.ms));
    for (const entry of due) {
      this.#pending.delete(entry);
      entry.callback();
    }
    return due.length;
  }
}
