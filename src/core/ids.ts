/** Sequential ids with a prefix: deterministic, so two runs of the same backtest name things alike. */
export class IdSequence {
  private n = 0;

  constructor(private readonly prefix: string) {}

  next(): string {
    this.n += 1;
    return `${this.prefix}${this.n}`;
  }

  /** Numeric part of the last id issued (0 before the first). */
  get count(): number {
    return this.n;
  }
}
