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

/**
 * Market time as the feed tells it (live: the broker's clock): the last tick's time, run on by the wall
 * clock × `speed` between ticks so that bars still close in a quiet market. It never goes back: a tick
 * older than the clock's reading leaves it where it is. Without a start it reads the wall clock until the
 * first tick, which sets it wherever the feed is.
 */
export class FeedClock implements Clock {
  private marketAt: number;
  private wallAt: number;
  private anchored: boolean;

  constructor(
    private readonly wall: Clock,
    startMs?: number,
    private readonly speed = 1,
  ) {
    this.anchored = startMs !== undefined;
    this.marketAt = startMs ?? wall.now();
    this.wallAt = wall.now();
  }

  now(): number {
    return this.marketAt + (this.wall.now() - this.wallAt) * this.speed;
  }

  /** a tick's market time */
  observe(marketMs: number): void {
    const now = this.now();
    this.marketAt = marketMs > now || !this.anchored ? marketMs : now;
    this.anchored = true;
    this.wallAt = this.wall.now();
  }
}
