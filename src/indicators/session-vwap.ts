import { ExactSum } from "./exact-sum.js";

/**
 * Session VWAP of the bars' typical price (high + low + close) / 3 weighted by (tick) volume, and the
 * weighted standard deviation around it. A feed without volume (every bar 0) gets equal weights.
 * Every sum is exact ({@link ExactSum}, products kept exactly), so the VWAP is the exactly rounded
 * Σ volume·price over the exactly rounded Σ volume, whatever the order the bars were added in.
 */
export class SessionVwap {
  private n = 0;
  private readonly sum = new ExactSum();
  private readonly sum2 = new ExactSum();
  private readonly v = new ExactSum();
  private readonly vSum = new ExactSum();
  private readonly vSum2 = new ExactSum();
  private hasVolume = false;

  reset(): void {
    this.n = 0;
    this.hasVolume = false;
    for (const s of [this.sum, this.sum2, this.v, this.vSum, this.vSum2]) s.reset();
  }

  add(high: number, low: number, close: number, volume: number): void {
    const tp = (high + low + close) / 3;
    this.n++;
    this.sum.add(tp);
    this.sum2.addProduct(tp, tp);
    if (volume > 0) {
      this.hasVolume = true;
      this.v.add(volume);
      this.vSum.addProduct(volume, tp);
      // volume·tp² exactly: volume·tp as an exact pair, each part times tp exactly
      const hi = volume * tp;
      this.vSum2.addProduct(hi, tp);
      this.vSum2.addProduct(exactProductError(volume, tp, hi), tp);
    }
  }

  get value(): number {
    return this.hasVolume ? this.vSum.value() / this.v.value() : this.sum.value() / this.n;
  }

  get std(): number {
    const mean = this.value;
    const sq = this.hasVolume ? this.vSum2.value() / this.v.value() : this.sum2.value() / this.n;
    return Math.sqrt(Math.max(0, sq - mean * mean));
  }
}

const scratch = new ExactSum();

/** a·b − fl(a·b), exactly */
function exactProductError(a: number, b: number, hi: number): number {
  scratch.reset();
  scratch.addProduct(a, b);
  scratch.sub(hi);
  return scratch.value();
}
