/** One injectable source of time: jobs, services and the simulator all read it, so tests can move time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock that follows real time from an adjustable offset. The simulator's POST /api/clock moves
 * it; time keeps flowing afterwards so the bot behaves as it would on that day.
 */
export class AdjustableClock implements Clock {
  private offsetMs = 0;

  constructor(private readonly base: Clock = systemClock) {}

  now(): Date {
    return new Date(this.base.now().getTime() + this.offsetMs);
  }

  set(to: Date): void {
    this.offsetMs = to.getTime() - this.base.now().getTime();
  }
}

/** A clock that stands still until told otherwise: for tests and benchmarks. */
export class FixedClock implements Clock {
  constructor(private current: Date) {}

  now(): Date {
    return new Date(this.current.getTime());
  }

  set(to: Date): void {
    this.current = new Date(to.getTime());
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
