import { mergeParams, OfflineEngine, type OfflineRule, type RuleParams } from "./rule-engine.js";
import { bollinger, clamp01, rsi } from "./series.js";

const REVERSION_PARAMS: RuleParams = {
  rsiPeriod: 14,
  oversold: 30,
  overbought: 70,
  bbPeriod: 20,
  bbK: 2,
  atrPeriod: 14,
  stopAtr: 1.5,
  targetAtr: 2,
};

/**
 * Mean reversion: opens long when RSI is below `oversold` and the last close is under the lower Bollinger
 * band (short: RSI above `overbought` and close over the upper band); closes when the close is back at the
 * middle band. Confidence grows with how far RSI is past its threshold.
 */
const reversionRule: OfflineRule = {
  entry({ asset, params }) {
    const last = asset.candles.at(-1);
    const r = rsi(asset.candles, params.rsiPeriod ?? 14);
    const b = bollinger(asset.candles, params.bbPeriod ?? 20, params.bbK ?? 2);
    if (!last || !Number.isFinite(r) || !Number.isFinite(b.lower)) return null;
    const lo = params.oversold ?? 30;
    const hi = params.overbought ?? 70;
    if (r < lo && last.close < b.lower) {
      const strength = clamp01(0.4 + (0.6 * (lo - r)) / Math.max(lo, 1));
      return {
        direction: "long",
        strength,
        rationale: `RSI ${r.toFixed(1)} < ${lo} and close under the lower band`,
      };
    }
    if (r > hi && last.close > b.upper) {
      const strength = clamp01(0.4 + (0.6 * (r - hi)) / Math.max(100 - hi, 1));
      return {
        direction: "short",
        strength,
        rationale: `RSI ${r.toFixed(1)} > ${hi} and close over the upper band`,
      };
    }
    return null;
  },
  exit({ asset, params }, position) {
    const last = asset.candles.at(-1);
    const b = bollinger(asset.candles, params.bbPeriod ?? 20, params.bbK ?? 2);
    if (!last || !Number.isFinite(b.middle)) return null;
    if (position.direction === "long" && last.close >= b.middle) return "close back at the middle band";
    if (position.direction === "short" && last.close <= b.middle) return "close back at the middle band";
    return null;
  },
};

export function reversionEngine(params: Partial<Record<string, number>> = {}): OfflineEngine {
  return new OfflineEngine({
    id: "offline-reversion",
    label: "Mean reversion (offline, not an LLM)",
    params: mergeParams(REVERSION_PARAMS, params),
    rule: reversionRule,
  });
}
