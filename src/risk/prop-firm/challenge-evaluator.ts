import { HydraError } from "../../core/errors.js";
import { roundCents } from "../../core/rounding.js";
import { DayBoundary } from "../../core/time.js";
import type { PropFirmProgram } from "./program.js";

/** One account observation; `opened` = positions opened since the previous snapshot. */
export interface AccountSnapshot {
  readonly t: number;
  readonly balance: number;
  readonly equity: number;
  readonly opened?: number;
}

type ChallengeStatus = "active" | "passed" | "failed";
export type ChallengeRule = "max-daily-loss" | "max-loss";

export interface ChallengeVerdict {
  readonly status: ChallengeStatus;
  /** set only when failed */
  readonly rule: ChallengeRule | null;
  /** epoch ms of the failing or passing snapshot */
  readonly time: number | null;
  /** on failure: the equity that broke the floor, and the floor */
  readonly equity: number | null;
  readonly floor: number | null;
}

/** Per day (in the program's zone). endBalance is the last balance seen that day so far. */
export interface ChallengeDay {
  readonly dayKey: string;
  readonly startMs: number;
  readonly startBalance: number;
  readonly dailyFloor: number;
  readonly maxLossFloor: number;
  lowestEquity: number;
  tradingDay: boolean;
  endBalance: number;
}

/** Everything the evaluator knows, to survive a restart (times are market time, epoch ms). */
export interface ChallengeState {
  readonly program: string;
  readonly phase: string;
  readonly initial: number;
  readonly verdict: ChallengeVerdict;
  readonly days: readonly ChallengeDay[];
  readonly lastMarketMs: number | null;
  readonly lastBalance: number;
  readonly highestEod: number;
  readonly maxLossFloor: number;
}

const ACTIVE: ChallengeVerdict = { status: "active", rule: null, time: null, equity: null, floor: null };

/**
 * Streams snapshots (in time order) through a prop-firm program's rules, as FTMO computes them:
 * the daily floor is fixed at the day boundary from the previous day's closing BALANCE and checked against
 * EQUITY on every snapshot; the first snapshot of a new day triggers the reset with the last balance seen
 * before the boundary. Breach = equity strictly below a floor. Once passed or failed, the verdict is final
 * and later snapshots are ignored.
 */
export class ChallengeEvaluator {
  readonly program: PropFirmProgram;
  readonly initial: number;
  readonly target: number;
  private readonly boundary: DayBoundary;
  private readonly records: ChallengeDay[] = [];
  private current: ChallengeDay | undefined;
  private nextStart = Number.NEGATIVE_INFINITY;
  private lastT = Number.NEGATIVE_INFINITY;
  private lastBalance: number;
  private highestEod: number;
  private maxLossFloor: number;
  private result: ChallengeVerdict = ACTIVE;

  constructor(program: PropFirmProgram, initial: number, boundary?: DayBoundary) {
    if (!Number.isFinite(initial) || initial <= 0) {
      throw new HydraError("CONFIG_INVALID", `initial balance must be > 0, got ${initial}`, {
        field: "initial",
      });
    }
    this.program = program;
    this.initial = initial;
    this.target = roundCents(initial * (1 + program.profitTargetPct));
    this.boundary = boundary ?? new DayBoundary(program.dayZone, program.dayStartHour);
    this.lastBalance = initial;
    this.highestEod = initial;
    this.maxLossFloor = roundCents(initial - program.maxLoss.pct * initial);
  }

  get verdict(): ChallengeVerdict {
    return this.result;
  }

  /** Copies of the per-day records so far. */
  get days(): ChallengeDay[] {
    return this.records.map((d) => ({ ...d }));
  }

  /** The higher of today's daily floor and the max-loss floor (−∞ before the first snapshot). */
  get currentFloor(): number {
    const d = this.current;
    return d === undefined ? Number.NEGATIVE_INFINITY : Math.max(d.dailyFloor, d.maxLossFloor);
  }

  /** The floors today (before the first snapshot: day 1's, from the initial balance). */
  get floors(): { daily: number; maxLoss: number } {
    const d = this.current;
    if (d !== undefined) return { daily: d.dailyFloor, maxLoss: d.maxLossFloor };
    return {
      daily: roundCents(this.initial - this.program.maxDailyLossPct * this.initial),
      maxLoss: this.maxLossFloor,
    };
  }

  /** When the next day starts (the floors are recomputed on the first snapshot at or after it). */
  get nextDayStartMs(): number {
    return this.nextStart;
  }

  get tradingDays(): number {
    return this.records.filter((d) => d.tradingDay).length;
  }

  /** Profit of the best day by closed P&L (end − start balance); the current day counts as it stands. */
  get bestDayProfit(): number {
    return this.records.reduce((best, d) => Math.max(best, roundCents(d.endBalance - d.startBalance)), 0);
  }

  /** Market time of the last snapshot (null before the first). */
  get snapshotTime(): number | null {
    return Number.isFinite(this.lastT) ? this.lastT : null;
  }

  /** The state to checkpoint. */
  snapshot(): ChallengeState {
    return {
      program: this.program.name,
      phase: this.program.phase,
      initial: this.initial,
      verdict: { ...this.result },
      days: this.days,
      lastMarketMs: Number.isFinite(this.lastT) ? this.lastT : null,
      lastBalance: this.lastBalance,
      highestEod: this.highestEod,
      maxLossFloor: this.maxLossFloor,
    };
  }

  /**
   * An evaluator that continues a checkpointed one: the same initial balance, days, floors and verdict
   * (a failed challenge stays failed; today's floor stays where it was). The program must match.
   */
  static restore(
    program: PropFirmProgram,
    state: ChallengeState,
    boundary?: DayBoundary,
  ): ChallengeEvaluator {
    if (state.program !== program.name || state.phase !== program.phase)
      throw new HydraError(
        "CONFIG_INVALID",
        `the saved challenge is ${state.program} ${state.phase}, not ${program.name} ${program.phase}`,
        { field: "program" },
      );
    const e = new ChallengeEvaluator(program, state.initial, boundary);
    for (const d of state.days) e.records.push({ ...d });
    e.current = e.records.at(-1);
    if (e.current !== undefined) e.nextStart = e.boundary.nextStartMs(e.current.startMs);
    e.lastT = state.lastMarketMs ?? Number.NEGATIVE_INFINITY;
    e.lastBalance = state.lastBalance;
    e.highestEod = state.highestEod;
    e.maxLossFloor = state.maxLossFloor;
    e.result = { ...state.verdict };
    return e;
  }

  push(s: AccountSnapshot): ChallengeVerdict {
    if (this.result.status !== "active") return this.result;
    if (!Number.isFinite(s.t) || !Number.isFinite(s.balance) || !Number.isFinite(s.equity)) {
      throw new HydraError("DATA_BAD_ROW", `snapshot has a non-finite field at t=${s.t}`, { t: s.t });
    }
    if (s.t < this.lastT) {
      throw new HydraError("DATA_ORDER", `snapshot time ${s.t} is before the previous ${this.lastT}`, {
        t: s.t,
      });
    }
    this.lastT = s.t;
    if (s.t >= this.nextStart) this.startDay(s.t);
    const day = this.current as ChallengeDay;
    day.lowestEquity = Math.min(day.lowestEquity, s.equity);
    if ((s.opened ?? 0) > 0) day.tradingDay = true;
    day.endBalance = s.balance;
    this.lastBalance = s.balance;

    if (s.equity < day.maxLossFloor) return this.fail("max-loss", s, day.maxLossFloor);
    if (s.equity < day.dailyFloor) return this.fail("max-daily-loss", s, day.dailyFloor);
    if (this.passes(s)) this.result = { status: "passed", rule: null, time: s.t, equity: null, floor: null };
    return this.result;
  }

  private passes(s: AccountSnapshot): boolean {
    if (s.balance < this.target || s.equity < this.target) return false;
    if (this.tradingDays < this.program.minTradingDays) return false;
    const share = this.program.bestDayMaxShare;
    if (share === null) return true;
    const total = roundCents(s.balance - this.initial);
    return total > 0 && this.bestDayProfit <= roundCents(share * total);
  }

  private fail(rule: ChallengeRule, s: AccountSnapshot, floor: number): ChallengeVerdict {
    this.result = { status: "failed", rule, time: s.t, equity: s.equity, floor };
    return this.result;
  }

  /** Day boundary: close the previous day with its last balance, fix today's floors. */
  private startDay(t: number): void {
    const startBalance = this.current === undefined ? this.initial : this.lastBalance;
    if (this.current !== undefined) this.highestEod = Math.max(this.highestEod, this.lastBalance);
    const rule = this.program.maxLoss;
    if (rule.kind === "trailing-eod") {
      const trailed = roundCents(Math.max(this.highestEod, this.initial) - rule.pct * this.initial);
      this.maxLossFloor = Math.max(this.maxLossFloor, trailed);
    }
    const day: ChallengeDay = {
      dayKey: this.boundary.dayKey(t),
      startMs: this.boundary.dayStartMs(t),
      startBalance,
      dailyFloor: roundCents(startBalance - this.program.maxDailyLossPct * this.initial),
      maxLossFloor: this.maxLossFloor,
      lowestEquity: Number.POSITIVE_INFINITY,
      tradingDay: false,
      endBalance: startBalance,
    };
    this.records.push(day);
    this.current = day;
    this.nextStart = this.boundary.nextStartMs(t);
  }
}
