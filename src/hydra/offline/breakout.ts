import { mergeParams, OfflineEngine, type OfflineRule, type RuleParams } from "./rule-engine.js";
import { clamp01, donchianBefore } from "./series.js";

const BREAKOUT_PARAMS: RuleParams = {
  entryPeriod: 20,
  exitPeriod: 10,
  atrPeriod: 14,
  stopAtr: 2,
  targetAtr: 4,
};

/**
 * Donchian breakout: opens long when the last close is above the highest high of the `entryPeriod` bars
 * before it (short: below the lowest low); closes a long when the close falls under the lowest low of the
 * `exitPeriod` bars before it (a short above their highest high). Confidence grows with the breakout
 * distance in ATRs.
 */
const breakoutRule: OfflineRule = {
  entry({ asset, params, atr }) {
    const last = asset.candles.at(-1);
    const ch = donchianBefore(asset.candles, params.entryPeriod ?? 20);
    if (!last || !Number.isFinite(ch.high)) return null;
    if (last.close > ch.high) {
      const strength = clamp01(0.4 + 0.6 * Math.min(1, (last.close - ch.high) / atr));
      return {
        direction: "long",
        strength,
        rationale: `close ${last.close} broke the channel high ${ch.high}`,
      };
    }
    if (last.close < ch.low) {
      const strength = clamp01(0.4 + 0.6 * Math.min(1, (ch.low - last.close) / atr));
      return {
        direction: "short",
        strength,
        rationale: `close ${last.close} broke the channel low ${ch.low}`,
      };
    }
    return null;
  },
  exit({ asset, params }, position) {
    const last = asset.candles.at(-1);
    const ch = donchianBefore(asset.candles, params.exitPeriod ?? 10);
    if (!last || !Number.isFinite(ch.high)) return null;
    if (position.direction === "long" && last.close < ch.low)
      return `close under the ${params.exitPeriod}-bar low`;
    if (position.direction === "short" && last.close > ch.high)
      return `close over the ${params.exitPeriod}-bar high`;
    return null;
  },
};

export function breakoutEngine(params: Partial<Record<string, number>> = {}): OfflineEngine {
  return new OfflineEngine({
    id: "offline-breakout",
    label: "Breakout (offline, not an LLM)",
    params: mergeParams(BREAKOUT_PARAMS, params),
    rule: breakoutRule,
  });
}
