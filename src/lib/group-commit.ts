/**
 * Group commit: items handed in while a commit is running wait for it and are then committed together,
 * in one transaction, so a burst costs one commit per batch instead of one per item. An item that
 * arrives while nothing is being committed waits at most `maxWaitMs` (0: only until the event loop has
 * read what arrived with it) for others to join it; a batch never holds more than `maxBatch` items.
 */
export interface GroupCommitOptions {
  maxBatch: number;
  maxWaitMs: number;
}

interface Pending<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

export class GroupCommit<T, R> {
  private pending: Pending<T, R>[] = [];
  private committing = false;
  private waiting: (() => void) | undefined;

  /** `commit` answers one result per item, in order; it runs for one batch at a time. */
  constructor(
    private readonly commit: (items: T[]) => Promise<R[]>,
    private readonly options: GroupCommitOptions,
  ) {}

  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.committing) return;
      if (this.pending.length >= this.options.maxBatch) this.flush();
      else this.waiting ??= this.wait();
    });
  }

  private wait(): () => void {
    if (this.options.maxWaitMs <= 0) {
      const immediate = setImmediate(() => this.flush());
      return () => clearImmediate(immediate);
    }
    const timer = setTimeout(() => this.flush(), this.options.maxWaitMs);
    return () => clearTimeout(timer);
  }

  private flush(): void {
    this.waiting?.();
    this.waiting = undefined;
    const batch = this.pending.splice(0, this.options.maxBatch);
    if (batch.length === 0) return;
    this.committing = true;
    void this.settle(batch).finally(() => {
      this.committing = false;
      // What arrived meanwhile has waited long enough.
      if (this.pending.length > 0) this.flush();
    });
  }

  /**
   * A batch that fails is committed again one item at a time, so an item the store refuses fails alone
   * instead of taking the others with it.
   */
  private async settle(batch: Pending<T, R>[]): Promise<void> {
    try {
      const results = await this.commit(batch.map((p) => p.item));
      for (const [i, p] of batch.entries()) p.resolve(results[i] as R);
      return;
    } catch (error) {
      if (batch.length === 1) {
        batch[0]?.reject(error);
        return;
      }
    }
    for (const p of batch) {
      try {
        const [result] = await this.commit([p.item]);
        p.resolve(result as R);
      } catch (error) {
        p.reject(error);
      }
    }
  }
}
