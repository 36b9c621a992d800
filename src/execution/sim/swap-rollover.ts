import { DateTime } from "luxon";
import { DayBoundary } from "../../core/time.js";
import { type InstrumentSpec, WEEKDAYS } from "../../model/instrument.js";

const INF = Number.POSITIVE_INFINITY;
const SAT = WEEKDAYS.indexOf("Sat");
const SUN = WEEKDAYS.indexOf("Sun");

/**
 * Per symbol, when the next overnight rollover is and how many nights of swap it books: one for a
 * trading day Monday to Friday, three on the triple-swap day (it carries the weekend), none for
 * Saturday and Sunday — seven a week, as MT5 books them. Luxon is called once per rollover crossed, never
 * per tick: the venue wakes at `next[sym]` through its price watch.
 */
export class SwapRollover {
  /** the next rollover of each symbol; +∞ when nothing is to be charged, −∞ to (re)start at the next event */
  readonly next: Float64Array;
  private readonly boundaries: DayBoundary[];
  private readonly triple: Int8Array;
  private readonly charged: Uint8Array;

  constructor(specs: readonly InstrumentSpec[]) {
    this.next = new Float64Array(specs.length).fill(INF);
    this.boundaries = specs.map((s) => new DayBoundary(s.rolloverZone, s.rolloverHour));
    this.triple = Int8Array.from(specs, (s) => WEEKDAYS.indexOf(s.swapTripleDay));
    this.charged = Uint8Array.from(specs, (s) => (s.swapLong !== 0 || s.swapShort !== 0 ? 1 : 0));
  }

  /** Whether the symbol has a swap rate at all (otherwise rollovers are never watched). */
  charges(sym: number): boolean {
    return this.charged[sym] === 1;
  }

  /** The first rollover after `time`. */
  after(sym: number, time: number): number {
    return this.boundaries[sym]!.nextStartMs(time);
  }

  /** Nights of swap the rollover at `at` books: by the weekday of the trading day it ends. */
  nights(sym: number, at: number): number {
    const b = this.boundaries[sym]!;
    const day = DateTime.fromMillis(at - 1, { zone: b.zone }).weekday % 7;
    if (day === this.triple[sym]) return 3;
    return day === SAT || day === SUN ? 0 : 1;
  }
}
