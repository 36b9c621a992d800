/** Time is injected: nothing outside LiveClock reads the wall clock. Times are epoch milliseconds (UTC). */
export interface Clock {
  now(): number;
}

/** A clock the caller drives: advanced by the data in backtests and by tests. It never goes backwards. */
export class TestClock implements Clock {
  private t: number;

  constructor(startMs = 0) {
    this.t = startMs;
  }

  now(): number {
    return this.t;
  }

  set(ms: number): void {
    if (ms < this.t) throw new RangeError(`clock cannot go backwards: ${ms} < ${this.t}`);
    this.t = ms;
  }

  advance(ms: number): void {
    this.set(this.t + ms);
  }
}

export class LiveClock implements Clock {
  now(): number {
    return Date.now();
  }
}

/**
 * Wall time run faster (paper trading a synthetic market at `speed`×): starts at `originMs` on the
 * market's clock when the base clock reads `baseStartMs`.
 */
export class ScaledClock implements Clock {
  constructor(
    private readonly base: Clock,
    private readonly originMs: number,
    private readonly speed: number,
    private readonly baseStartMs = base.now(),
  ) {}

  now(): number {
    return this.originMs + (this.base.now() - this.baseStartMs) * this.speed;
  }
}
