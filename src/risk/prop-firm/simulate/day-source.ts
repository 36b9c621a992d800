import type { Prng } from "../../../core/prng.js";

/**
 * Where a simulated path's days come from. A day is the list of its trades' returns, in the order they
 * close; a trade's P&L is return × the path's base (the initial balance, or the current one when
 * compounding). `null`: the data ran out (the path ends unfinished).
 */
export interface DaySource {
  /** called before each path */
  startPath(): void;
  nextDay(): readonly number[] | null;
}

/** The serializable description of a day source (what a worker thread receives). */
export type DaySourceSpec =
  /** i.i.d. trades: a win returns +payoff, a loss −1 (in units of the risk per trade) */
  | {
      readonly kind: "parametric";
      readonly winRate: number;
      readonly payoff: number;
      readonly tradesPerDay: number;
    }
  /** stationary block bootstrap of whole days (each day keeps its own trades in order) */
  | {
      readonly kind: "bootstrap";
      readonly days: readonly (readonly number[])[];
      readonly blockLength: number;
    }
  /** one permutation of all trades per path, cut into days of the data's sizes, in the data's order */
  | { readonly kind: "reshuffle"; readonly trades: readonly number[]; readonly daySizes: readonly number[] };

class ParametricDays implements DaySource {
  private readonly day: number[];
  constructor(
    private readonly spec: Extract<DaySourceSpec, { kind: "parametric" }>,
    private readonly prng: Prng,
  ) {
    this.day = new Array<number>(spec.tradesPerDay).fill(0);
  }
  startPath(): void {}
  nextDay(): readonly number[] {
    const { winRate, payoff } = this.spec;
    for (let i = 0; i < this.day.length; i++) this.day[i] = this.prng.next() < winRate ? payoff : -1;
    return this.day;
  }
}

/**
 * Politis & Romano's stationary bootstrap: each day either continues the current block (the next day of
 * the data, wrapping around) or, with probability 1 / blockLength, starts a new block at a random day.
 * Block lengths are geometric with mean blockLength, so the resampled series is stationary.
 */
class BootstrapDays implements DaySource {
  private at = -1;
  constructor(
    private readonly spec: Extract<DaySourceSpec, { kind: "bootstrap" }>,
    private readonly prng: Prng,
  ) {}
  startPath(): void {
    this.at = -1;
  }
  nextDay(): readonly number[] {
    const n = this.spec.days.length;
    if (this.at < 0 || this.prng.next() < 1 / this.spec.blockLength) {
      this.at = Math.floor(this.prng.next() * n);
    } else {
      this.at = (this.at + 1) % n;
    }
    return this.spec.days[this.at]!;
  }
}

class ReshuffledTrades implements DaySource {
  private readonly order: number[];
  private next = 0;
  private dayIndex = 0;
  constructor(
    private readonly spec: Extract<DaySourceSpec, { kind: "reshuffle" }>,
    private readonly prng: Prng,
  ) {
    this.order = [...spec.trades];
  }
  startPath(): void {
    const a = this.order;
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(this.prng.next() * (i + 1));
      const t = a[i]!;
      a[i] = a[j]!;
      a[j] = t;
    }
    this.next = 0;
    this.dayIndex = 0;
  }
  nextDay(): readonly number[] | null {
    const size = this.spec.daySizes[this.dayIndex];
    if (size === undefined) return null;
    this.dayIndex++;
    const day = this.order.slice(this.next, this.next + size);
    this.next += size;
    return day;
  }
}

export function daySource(spec: DaySourceSpec, prng: Prng): DaySource {
  switch (spec.kind) {
    case "parametric":
      return new ParametricDays(spec, prng);
    case "bootstrap":
      return new BootstrapDays(spec, prng);
    case "reshuffle":
      return new ReshuffledTrades(spec, prng);
  }
}
