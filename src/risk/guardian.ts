import type { TradingStates } from "./trading-state.js";

/** What the guardian watches: a ledger, or several summed. */
export interface GuardedBook {
  readonly equity: number;
  readonly highWaterMark: number;
  readonly today: { readonly day: string; readonly startBalance: number } | undefined;
}

export interface GuardianLimits {
  /** loss from the day's start balance, in %, that halts the scope for the rest of the day */
  dailyLossPct: number;
  /** drawdown from the high-water mark, in %, that trips the kill switch */
  maxDrawdownPct: number;
}

/**
 * The HYDRA side's guardian over one book: a daily loss past the limit halts the scope until the next
 * trading day; a drawdown past the maximum trips the kill switch (global HALTED, and the kill action).
 * It acts on the first observation past a limit.
 */
export class Guardian {
  private haltedDay: string | undefined;
  private killed = false;

  constructor(
    private readonly scope: string,
    private readonly limits: GuardianLimits,
    private readonly book: GuardedBook,
    private readonly states: TradingStates,
    private readonly onKill: (reason: string) => void,
  ) {}

  get tripped(): boolean {
    return this.killed;
  }

  /** Equity below which the daily limit is past (−∞ once halted for the day or killed). */
  get dailyFloor(): number {
    const d = this.book.today;
    if (d === undefined || this.haltedDay !== undefined || this.killed) return Number.NEGATIVE_INFINITY;
    return d.startBalance * (1 - this.limits.dailyLossPct / 100);
  }

  /** Equity below which the drawdown limit is past. */
  get drawdownFloor(): number {
    return this.killed
      ? Number.NEGATIVE_INFINITY
      : this.book.highWaterMark * (1 - this.limits.maxDrawdownPct / 100);
  }

  get drawdownLimit(): number {
    return this.killed ? 0 : this.limits.maxDrawdownPct / 100;
  }

  observe(time: number): void {
    const d = this.book.today;
    if (this.haltedDay !== undefined && d !== undefined && d.day !== this.haltedDay) {
      this.haltedDay = undefined;
      // lift only the guardian's own daily halt (not an operator's or a prop-firm failure)
      if (!this.killed && this.states.owner(this.scope) === "guardian")
        this.states.set(this.scope, "ACTIVE", "guardian: a new trading day", time, "guardian");
    }
    const e = this.book.equity;
    if (!this.killed && e < this.drawdownFloor) {
      this.killed = true;
      const reason = `guardian: drawdown ${(((this.book.highWaterMark - e) / this.book.highWaterMark) * 100).toFixed(2)}% past ${this.limits.maxDrawdownPct}% — kill switch`;
      this.states.set("global", "HALTED", reason, time, "guardian");
      this.onKill(reason);
      return;
    }
    if (d !== undefined && e < this.dailyFloor) {
      this.haltedDay = d.day;
      const loss = ((d.startBalance - e) / d.startBalance) * 100;
      this.states.set(
        this.scope,
        "HALTED",
        `guardian: daily loss ${loss.toFixed(2)}% past ${this.limits.dailyLossPct}% — halted for the day`,
        time,
        "guardian",
      );
    }
  }
}
