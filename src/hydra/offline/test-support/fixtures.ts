import type { Bar } from "../../../model/market-data.js";
import type { AssetSnapshot, EngineInput, EnginePortfolio } from "../../engine.js";

/** Hourly bars from closes; each bar's high/low are the close ± `halfRange`, its open the previous close. */
function bars(closes: readonly number[], halfRange = 0.5, symbol = "BTC-USD"): Bar[] {
  return closes.map((close, i) => ({
    symbol,
    timeframe: "H1",
    time: i * 3_600_000,
    endTime: (i + 1) * 3_600_000,
    open: i > 0 ? closes[i - 1]! : close,
    high: close + halfRange,
    low: close - halfRange,
    close,
    volume: 1,
    spread: Number.NaN,
  }));
}

/** `n` closes alternating base ± amp (a flat, noisy market). */
export function zigzag(n: number, base = 100, amp = 1): number[] {
  return Array.from({ length: n }, (_, i) => (i % 2 === 0 ? base - amp : base + amp));
}

export function snapshot(closes: readonly number[], opts: Partial<AssetSnapshot> = {}): AssetSnapshot {
  const candles = bars(closes, 0.5, opts.symbol ?? "BTC-USD");
  return {
    symbol: "BTC-USD",
    price: closes.at(-1)!,
    candles,
    indicators: {},
    regime: "medium",
    ...opts,
  };
}

export const EMPTY_PORTFOLIO: EnginePortfolio = { cash: 25_000, equity: 25_000, positions: [] };

export function input(assets: AssetSnapshot[], portfolio: EnginePortfolio = EMPTY_PORTFOLIO): EngineInput {
  return { cycle: 1, time: 0, assets, portfolio, lessons: [], prompt: "", promptHash: "" };
}

export function holding(direction: "long" | "short", asset = "BTC-USD"): EnginePortfolio {
  return {
    cash: 20_000,
    equity: 25_000,
    positions: [{ asset, direction, volume: 1, entry: 100, stopLoss: null, takeProfit: null, pnl: 0 }],
  };
}
