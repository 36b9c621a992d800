import { mergeParams, OfflineEngine, type OfflineRule, type RuleParams } from "./rule-engine.js";
import { clamp01, emaLastTwo } from "./series.js";

const MOMENTUM_PARAMS: RuleParams = { fast: 9, slow: 21, atrPeriod: 14, stopAtr: 2, targetAtr: 3 };

const fmt = (x: number): string => x.toFixed(4);

/**
 * Trend following: opens long when the fast EMA of the closes crosses above the slow EMA on the last bar
 * (short on the cross below), closes when the fast EMA is back on the other side. Confidence grows with
 * the EMA gap in ATRs.
 */
const momentumRule: OfflineRule = {
  entry({ asset, params, atr }) {
    const [pf, f] = emaLastTwo(asset.candles, params.fast ?? 9);
    const [ps, s] = emaLastTwo(asset.candles, params.slow ?? 21);
    if (![pf, f, ps, s].every(Number.isFinite)) return null;
    const gap = Math.abs(f - s);
    const strength = clamp01(0.4 + 0.6 * Math.min(1, gap / (0.5 * atr)));
    if (pf <= ps && f > s) {
      return { direction: "long", strength, rationale: `EMA ${fmt(f)} crossed above EMA ${fmt(s)}` };
    }
    if (pf >= ps && f < s) {
      return { direction: "short", strength, rationale: `EMA ${fmt(f)} crossed below EMA ${fmt(s)}` };
    }
    return null;
  },
  exit({ asset, params }, position) {
    const [, f] = emaLastTwo(asset.candles, params.fast ?? 9);
    const [, s] = emaLastTwo(asset.candles, params.slow ?? 21);
    if (!Number.isFinite(f) || !Number.isFinite(s)) return null;
    if (position.direction === "long" && f < s) return "fast EMA back below slow EMA";
    if (position.direction === "short" && f > s) return "fast EMA back above slow EMA";
    return null;
  },
};

export function momentumEngine(params: Partial<Record<string, number>> = {}): OfflineEngine {
  return new OfflineEngine({
    id: "offline-momentum",
    label: "Momentum (offline, not an LLM)",
    params: mergeParams(MOMENTUM_PARAMS, params),
    rule: momentumRule,
  });
}
