import type { GuardedBook } from "./guardian.js";

/** What the combined book reads from each member (a Ledger fits). */
export interface MemberBook {
  readonly equity: number;
  readonly today: { readonly day: string; readonly startBalance: number } | undefined;
}

/**
 * Several portfolios seen as one, so that a guardian can watch all the HYDRA engines together: equity and
 * day-start balances summed, the high-water mark of the summed equity kept here. Call observe() on every
 * look (the guardian's observe does not do it for you).
 */
export class CombinedBook implements GuardedBook {
  private hwm: number;

  constructor(private readonly members: readonly MemberBook[]) {
    this.hwm = this.equity;
  }

  get equity(): number {
    let sum = 0;
    for (const m of this.members) sum += m.equity;
    return sum;
  }

  get highWaterMark(): number {
    return this.hwm;
  }

  /** The day of the first member (all share one day boundary) with the members' start balances summed. */
  get today(): { day: string; startBalance: number } | undefined {
    const first = this.members[0]?.today;
    if (first === undefined) return undefined;
    let start = 0;
    for (const m of this.members) start += m.today?.startBalance ?? 0;
    return { day: first.day, startBalance: start };
  }

  observe(): void {
    const e = this.equity;
    if (e > this.hwm) this.hwm = e;
  }
}
