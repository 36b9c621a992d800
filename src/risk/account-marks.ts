import type { Ledger } from "../portfolio/ledger.js";

/** What the risk layer judges an account on: its balance and equity. A ledger is one. */
export interface AccountMarks {
  readonly balance: number;
  readonly equity: number;
  /**
   * false while the figures are a local mark between two of the broker's account updates: a challenge
   * verdict waits for the broker's own figures then. Absent: the figures are the truth (a simulated book).
   */
  readonly confirmed?: boolean;
}

/**
 * The account as the broker reports it (live mode): each account event sets balance and equity to the
 * broker's figures; between two events the local mark (the ledger, on the same ticks) moves them, so a
 * fast market is judged within the second, and the next event puts them back on the broker's. A close
 * the node has not booked yet, a commission or a swap it does not know, all show at the next event.
 */
export class BrokerAccountMarks implements AccountMarks {
  private judging = false;
  private balanceShift = 0;
  private equityShift = 0;
  private anchored = false;

  constructor(private readonly ledger: Ledger) {}

  get balance(): number {
    return this.ledger.balance + this.balanceShift;
  }

  get equity(): number {
    return this.ledger.equity + this.equityShift;
  }

  /** the broker's own figures (being judged now), or no figures of the broker's yet (the books are all there is) */
  get confirmed(): boolean {
    return this.judging || !this.anchored;
  }

  /**
   * The broker's figures: from now on the local mark only moves them. `judge` runs while they count as
   * confirmed (the risk layer's look at the broker's own numbers).
   */
  anchor(balance: number, equity: number, judge?: () => void): void {
    this.balanceShift = balance - this.ledger.balance;
    this.equityShift = equity - this.ledger.equity;
    this.anchored = true;
    this.judging = true;
    try {
      judge?.();
    } finally {
      this.judging = false;
    }
  }
}
