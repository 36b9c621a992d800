import { HydraError } from "../../core/errors.js";
import { Prng } from "../../core/prng.js";
import { decimalsOf } from "../../core/rounding.js";
import type { InstrumentSpec } from "../../model/instrument.js";
import { SessionCalendar } from "../../model/session-calendar.js";
import {
  activitySpreadFactor,
  IntradayPattern,
  MAX_SPREAD_FACTOR,
  REOPEN_WINDOW_MS,
  reopenSpreadFactor,
  SLOT_MS,
} from "./intraday-pattern.js";
import type { MarketProfile } from "./market-profile.js";
import { tradingWeek, WEEKEND_CLOSE_MS, WEEKS_PER_YEAR } from "./trading-week.js";

/**
 * The tick stream of one symbol. `advance()` moves to the next tick and sets `time`, `bid`, `ask`
 * without allocating: exponential inter-arrival times at a rate scaled by the intraday activity, a
 * geometric random walk whose variance rate follows the activity (constant variance per tick on
 * average), nothing while the session is closed, a random gap at each reopen.
 */
export class TickGenerator {
  /** epoch ms (integer) of the current tick; 0 before the first advance() */
  time = 0;
  bid = 0;
  ask = 0;

  private readonly prng: Prng;
  private readonly calendar: SessionCalendar;
  private readonly pattern: IntradayPattern;
  private readonly reopenGap: number;
  private readonly weekendGap: number;
  private readonly activeTickIntervalMs: number;
  /** the tick size is stepUnits / scale exactly, scale being a power of ten */
  private readonly scale: number;
  private readonly stepUnits: number;
  private readonly spreadTicks: number;
  /** diffusive variance per ms of open time at activity 1, before dividing by the mean activity */
  private readonly varPerMs: number;
  private readonly kappaPerMs: number;
  private readonly logAnchor: number;

  private logMid: number;
  private clock: number;
  private sessionUntil: number;
  private reopenAt = Number.NEGATIVE_INFINITY;
  private slotFrom = Number.POSITIVE_INFINITY;
  private slotUntil = Number.NEGATIVE_INFINITY;
  private meanDt = 1;
  private varRate = 0;
  private slotSpread = 1;

  constructor(spec: InstrumentSpec, profile: MarketProfile, seed: number, startMs: number) {
    this.prng = new Prng(seed);
    this.calendar = new SessionCalendar(spec.sessions);
    this.pattern = new IntradayPattern(profile.pattern);
    const week = tradingWeek(this.calendar, this.pattern, startMs);
    if (week.openMs <= 0) {
      throw new HydraError("INSTRUMENT_INVALID", `instrument ${spec.symbol}: the sessions are never open`, {
        field: "sessions",
      });
    }
    this.reopenGap = profile.reopenGap;
    this.weekendGap = profile.weekendGap;
    this.activeTickIntervalMs = profile.activeTickIntervalMs;
    const decimals = decimalsOf(spec.tickSize);
    this.scale = 10 ** decimals;
    this.stepUnits = Math.round(spec.tickSize * this.scale);
    this.spreadTicks = profile.spread / spec.tickSize;
    // The gaps carry part of the year's variance; the diffusion carries the rest (at least a quarter).
    const vol2 = profile.annualVol ** 2;
    const gapVar =
      WEEKS_PER_YEAR *
      (week.dailyReopens * profile.reopenGap ** 2 + week.weeklyReopens * profile.weekendGap ** 2);
    const yearMs = WEEKS_PER_YEAR * week.openMs;
    this.varPerMs = Math.max(vol2 - gapVar, 0.25 * vol2) / yearMs / week.meanActivity;
    this.kappaPerMs = profile.meanReversion / yearMs;
    this.logAnchor = Math.log(profile.startPrice);
    this.logMid = this.logAnchor;

    let t = startMs;
    if (!this.calendar.isOpen(t)) {
      while (!this.calendar.isOpen(t)) t = this.calendar.nextChange(t);
      this.reopenAt = t;
    }
    this.clock = t;
    this.sessionUntil = this.calendar.nextChange(t);
  }

  /** Mid price of the current tick before rounding (for tests and diagnostics). */
  get mid(): number {
    return Math.exp(this.logMid);
  }

  advance(): void {
    let t = this.clock;
    this.refreshSlot(t);
    let next = t + this.prng.exponential(this.meanDt);
    while (next >= this.sessionUntil) {
      // The session closes before the next tick: jump to the reopen and gap.
      const close = this.sessionUntil;
      let open = this.calendar.nextChange(close);
      while (!this.calendar.isOpen(open)) open = this.calendar.nextChange(open);
      const sigma = open - close >= WEEKEND_CLOSE_MS ? this.weekendGap : this.reopenGap;
      if (sigma > 0) this.logMid += sigma * this.prng.normal();
      this.reopenAt = open;
      this.sessionUntil = this.calendar.nextChange(open);
      t = open;
      this.refreshSlot(t);
      next = t + this.prng.exponential(this.meanDt);
    }
    const dt = next - t;
    const pull = this.kappaPerMs * (this.logMid - this.logAnchor) * dt;
    this.logMid += Math.sqrt(this.varRate * dt) * this.prng.normal() - pull;
    this.clock = next;
    this.time = Math.floor(next);
    this.quote(next);
  }

  private refreshSlot(t: number): void {
    if (t >= this.slotFrom && t < this.slotUntil) return;
    const a = this.pattern.activity(t);
    this.slotFrom = Math.floor(t / SLOT_MS) * SLOT_MS;
    this.slotUntil = this.slotFrom + SLOT_MS;
    this.meanDt = this.activeTickIntervalMs / a;
    this.varRate = this.varPerMs * a;
    this.slotSpread = activitySpreadFactor(a);
  }

  /** bid = mid − spread/2 and ask = bid + spread in whole ticks; a price is (units · stepUnits) / scale. */
  private quote(t: number): void {
    let factor = this.slotSpread;
    const since = t - this.reopenAt;
    if (since < REOPEN_WINDOW_MS) factor = Math.min(MAX_SPREAD_FACTOR, factor * reopenSpreadFactor(since));
    const spreadUnits = Math.max(1, Math.round(this.spreadTicks * factor));
    const midUnits = (Math.exp(this.logMid) * this.scale) / this.stepUnits;
    const bidUnits = Math.max(1, Math.round(midUnits - spreadUnits / 2));
    this.bid = (bidUnits * this.stepUnits) / this.scale;
    this.ask = ((bidUnits + spreadUnits) * this.stepUnits) / this.scale;
  }
}
