import { HydraError } from "../../core/errors.js";
import { ATR } from "../../indicators/index.js";
import type { Bar } from "../../model/market-data.js";

/**
 * Metalearning L2: volatility regime detection. Fed the bars of one symbol and timeframe, it keeps the
 * last `window` ATR values and ranks the current one among them: below the `lowBelow` percentile the
 * regime is low, above `highAbove` it is high, medium between. Until the ATR is ready and at least
 * `minSamples` values are in the window the regime is undefined.
 */
export type VolatilityRegime = "low" | "medium" | "high";

export interface VolatilityRegimeConfig {
  atrPeriod: number;
  /** ATR values ranked against (the current one included) */
  window: number;
  minSamples: number;
  /** percentiles, 0–100 */
  lowBelow: number;
  highAbove: number;
}

const DEFAULT_VOLATILITY_REGIME: Readonly<VolatilityRegimeConfig> = {
  atrPeriod: 14,
  window: 100,
  minSamples: 20,
  lowBelow: 33,
  highAbove: 66,
};

/**
 * The percentile rank (0–100) of `x` within `values` (which contain it): the share of the other values
 * below it, ties counted half. 50 when there is no other value.
 */
export function percentileRank(values: readonly number[], x: number): number {
  if (values.length <= 1) return 50;
  let below = 0;
  let equal = 0;
  for (const v of values) {
    if (v < x) below++;
    else if (v === x) equal++;
  }
  return (100 * (below + 0.5 * Math.max(0, equal - 1))) / (values.length - 1);
}

export function classifyPercentile(
  pct: number,
  c: Pick<VolatilityRegimeConfig, "lowBelow" | "highAbove">,
): VolatilityRegime {
  return pct < c.lowBelow ? "low" : pct > c.highAbove ? "high" : "medium";
}

export class VolatilityRegimeDetector {
  readonly config: VolatilityRegimeConfig;
  private readonly atr: ATR;
  private readonly values: number[] = [];
  /** the current regime; undefined until enough ATR values */
  regime: VolatilityRegime | undefined = undefined;
  /** the current ATR's percentile rank; NaN until enough ATR values */
  percentile = Number.NaN;

  constructor(config: Partial<VolatilityRegimeConfig> = {}) {
    const c = { ...DEFAULT_VOLATILITY_REGIME, ...config };
    const ok =
      Number.isInteger(c.window) &&
      Number.isInteger(c.minSamples) &&
      c.minSamples >= 2 &&
      c.minSamples <= c.window &&
      c.lowBelow >= 0 &&
      c.lowBelow <= c.highAbove &&
      c.highAbove <= 100;
    if (!ok) throw new HydraError("STRATEGY_PARAM", "volatility regime: invalid config", { ...c });
    this.config = c;
    this.atr = new ATR(c.atrPeriod);
  }

  /** The latest ATR (NaN until ready). */
  get currentAtr(): number {
    return this.atr.value;
  }

  update(bar: Pick<Bar, "high" | "low" | "close">): VolatilityRegime | undefined {
    const v = this.atr.updateBar(bar.high, bar.low, bar.close);
    if (!this.atr.ready || !Number.isFinite(v)) return this.regime;
    this.values.push(v);
    if (this.values.length > this.config.window) this.values.shift();
    if (this.values.length < this.config.minSamples) return this.regime;
    this.percentile = percentileRank(this.values, v);
    return (this.regime = classifyPercentile(this.percentile, this.config));
  }

  reset(): void {
    this.atr.reset();
    this.values.length = 0;
    this.regime = undefined;
    this.percentile = Number.NaN;
  }
}
