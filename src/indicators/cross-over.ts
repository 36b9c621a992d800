/**
 * How a tie (a === b) is read:
 * - "last-nonzero" (default; backtrader's CrossOver): equal is not a cross, and the last update where the
 *   two differed decides the side, so below → equal → above is one +1 (on the update above).
 * - "previous-bar" (backtesting.py's `crossover`): a cross needs a strict inequality on both the previous
 *   and the current update, so below → equal → above is no cross at all.
 */
export type CrossRule = "last-nonzero" | "previous-bar";

/**
 * The crossing of two series a and b: +1 on the update where a moves from below b to above it, −1 from
 * above to below, 0 otherwise; an update with a === b is never a cross (see {@link CrossRule} for what it
 * does to the next one). Updates where either input is NaN (e.g. an indicator not ready yet) are skipped:
 * they output NaN and leave the state unchanged; `value` is NaN until two valid updates were seen (the
 * first one only establishes the side). Compare exact values: the indicators' sums are exactly rounded,
 * so a tie in exact arithmetic is a tie here.
 */
export class CrossOver {
  readonly minPeriod = 2;
  readonly rule: CrossRule;
  value = Number.NaN;
  /** sign of a − b on the last update where they differed ("last-nonzero") or on the last update ("previous-bar") */
  private side = 0;
  private seen = 0;

  constructor(rule: CrossRule = "last-nonzero") {
    this.rule = rule;
  }

  get ready(): boolean {
    return this.seen >= 2;
  }

  update(a: number, b: number): number {
    if (Number.isNaN(a) || Number.isNaN(b)) return (this.value = Number.NaN);
    const prev = this.side;
    const now = a > b ? 1 : a < b ? -1 : 0;
    const cross = now > 0 && prev < 0 ? 1 : now < 0 && prev > 0 ? -1 : 0;
    if (now !== 0 || this.rule === "previous-bar") this.side = now;
    if (this.seen < 2) this.seen++;
    return (this.value = this.seen >= 2 ? cross : Number.NaN);
  }

  reset(): void {
    this.side = 0;
    this.seen = 0;
    this.value = Number.NaN;
  }
}
