/**
 * backtrader's CrossOver of two series a and b: +1 on the update where a moves from below b to above it,
 * −1 from above to below, 0 otherwise. An update with a === b is 0 and keeps the last non-equal side, so
 * below → equal → above is one +1. Updates where either input is NaN (e.g. an indicator not ready yet)
 * are skipped: they output NaN and leave the side unchanged; `value` is NaN until two valid updates were
 * seen (the first one only establishes the side).
 */
export class CrossOver {
  readonly minPeriod = 2;
  value = Number.NaN;
  /** sign of a − b on the last update where they differed; 0 before that */
  private side = 0;
  private seen = 0;

  get ready(): boolean {
    return this.seen >= 2;
  }

  update(a: number, b: number): number {
    if (Number.isNaN(a) || Number.isNaN(b)) return (this.value = Number.NaN);
    const prev = this.side;
    let cross = 0;
    if (a > b) {
      if (prev < 0) cross = 1;
      this.side = 1;
    } else if (a < b) {
      if (prev > 0) cross = -1;
      this.side = -1;
    }
    if (this.seen < 2) this.seen++;
    return (this.value = this.seen >= 2 ? cross : Number.NaN);
  }

  reset(): void {
    this.side = 0;
    this.seen = 0;
    this.value = Number.NaN;
  }
}
