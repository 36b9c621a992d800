import { HydraError } from "../core/errors.js";

/**
 * A streaming indicator over one number per bar. Updates are O(1) (amortised) and allocation-free, so a
 * backtest kernel can call them once per bar. Every output is NaN until `ready`; `ready` turns true at the
 * `minPeriod`-th update (backtrader's minperiod, 1-based). Feed finite numbers only: a NaN input stays
 * in the result while it is inside the window.
 */
export interface Indicator {
  /** updates needed before the first value */
  readonly minPeriod: number;
  readonly ready: boolean;
  /** the latest output (the main line for multi-line indicators); NaN until ready */
  readonly value: number;
  /** adds the next bar's value and returns the new `value` */
  update(value: number): number;
  /** back to the state after construction, without allocating */
  reset(): void;
}

/** Like {@link Indicator}, for indicators that need the bar's high, low and close. */
export interface BarIndicator {
  readonly minPeriod: number;
  readonly ready: boolean;
  readonly value: number;
  updateBar(high: number, low: number, close: number): number;
  reset(): void;
}

/** Throws CONFIG_INVALID unless `period` is an integer ≥ `min`. */
export function checkPeriod(name: string, period: number, min = 1): number {
  if (!Number.isInteger(period) || period < min) {
    throw new HydraError("CONFIG_INVALID", `${name} must be an integer >= ${min}, got ${period}`, {
      name,
      period,
    });
  }
  return period;
}
