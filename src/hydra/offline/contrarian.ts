import { mergeParams, OfflineEngine, type OfflineRule, type RuleParams } from "./rule-engine.js";
import { clamp01, emaLastTwo } from "./series.js";

const CONTRARIAN_PARAMS: RuleParams = {
  lookback: 5,
  shockAtr: 3,
  highVolFactor: 1.5,
  emaPeriod: 20,
  atrPeriod: 14,
  stopAtr: 1.5,
  targetAtr: 2,
};

/**
 * Volatility-aware contrarian: fades an overextension — the close moved more than `shockAtr` ATRs over the
 * last `lookback` bars — by opening against it. In a high-volatility regime the threshold and the stop are
 * both `highVolFactor` times wider. Closes once the close is back at its EMA. Confidence grows with how
 * far the move exceeds the threshold.
 */
const contrarianRule: OfflineRule = {
  entry({ asset, params, atr }) {
    const n = asset.candles.length;
    const lookback = params.lookback ?? 5;
    if (n < lookback + 1) return null;
    const move = asset.candles[n - 1]!.close - asset.candles[n - 1 - lookback]!.close;
    const z = move / atr;
    const high = asset.regime === "high";
    const factor = high ? (params.highVolFactor ?? 1.5) : 1;
    const threshold = (params.shockAtr ?? 3) * factor;
    if (Math.abs(z) <= threshold) return null;
    const strength = clamp01(0.3 + 0.7 * Math.min(1, (Math.abs(z) - threshold) / threshold));
    const stopAtr = (params.stopAtr ?? 1.5) * factor;
    const what = `${lookback}-bar move of ${z.toFixed(2)} ATR beyond ±${threshold} (${asset.regime} volatility)`;
    return z > 0
      ? { direction: "short", strength, stopAtr, rationale: `fade the rally: ${what}` }
      : { direction: "long", strength, stopAtr, rationale: `fade the sell-off: ${what}` };
  },
  exit({ asset, params }, position) {
    const last = asset.candles.at(-1);
    const [, ema] = emaLastTwo(asset.candles, params.emaPeriod ?? 20);
    if (!last || !Number.isFinite(ema)) return null;
    if (position.direction === "long" && last.close >= ema) return "close back at its EMA";
    if (position.direction === "short" && last.close <= ema) return "close back at its EMA";
    return null;
  },
};

export function contrarianEngine(params: Partial<Record<string, number>> = {}): OfflineEngine {
  return new OfflineEngine({
    id: "offline-contrarian",
    label: "Volatility contrarian (offline, not an LLM)",
    params: mergeParams(CONTRARIAN_PARAMS, params),
    rule: contrarianRule,
  });
}
