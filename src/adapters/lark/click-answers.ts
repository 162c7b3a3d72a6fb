/**
 * Ties a card click's in-band answer (the toast carried by the SDK's acknowledgement) to the outbox
 * message that would otherwise tell the clicker the same thing. The receiver registers a click before it
 * is processed and settles it once it knows whether the toast carried the outcome; the sender waits for
 * that before delivering the click's refusal, and drops it when the toast already said it. Kept in
 * memory on purpose: after a restart nothing is known, so the message is sent — a duplicate notice at
 * worst, never a lost one.
 */

/** How long a settled click is remembered for a sender that has not asked yet. */
const REMEMBER_MS = 10 * 60_000;

interface Entry {
  answered: Promise<boolean>;
  settle: (answeredInBand: boolean) => void;
  settled: boolean;
}

export class ClickAnswers {
  readonly #entries = new Map<string, Entry>();

  /** A click is about to be processed; its answer is not known yet. */
  expect(clickId: string): void {
    if (this.#entries.has(clickId)) return;
    let settle: (answeredInBand: boolean) => void = () => {};
    const answered = new Promise<boolean>((resolve) => {
      settle = resolve;
    });
    this.#entries.set(clickId, { answered, settle, settled: false });
  }

  /** The receiver has answered the click: with its outcome (true), or only with "received" (false). */
  settle(clickId: string, answeredInBand: boolean): void {
    const entry = this.#entries.get(clickId);
    if (entry === undefined || entry.settled) return;
    entry.settled = true;
    entry.settle(answeredInBand);
    setTimeout(() => this.#entries.delete(clickId), REMEMBER_MS).unref();
  }

  /** Whether the clicker already saw this click's outcome; waits while the receiver is still deciding. */
  async answeredInBand(clickId: string): Promise<boolean> {
    const entry = this.#entries.get(clickId);
    return entry === undefined ? false : entry.answered;
  }
}
