import type { AssetSnapshot, EngineInput } from "../engine.js";
import { type Candidate, type Family, parseCandidateBatch } from "./candidate-schema.js";

type BatchCause = "invalid" | "timeout" | "error" | "budget" | "cutoff" | "no-market";

export type BatchAnswer =
  | { ok: true; candidates: Candidate[] }
  | { ok: false; cause: BatchCause; detail: string };

/** An engine that proposes a batch of candidate strategies (structured rules) in one call. */
export interface BatchEngine {
  readonly id: string;
  proposeBatch(input: EngineInput, signal: AbortSignal): Promise<BatchAnswer>;
}

/** The family an offline engine id stands for: momentum → ema-cross, reversion/contrarian → rsi, breakout. */
function familyFor(id: string): Family {
  if (/revers|contrar|rsi/i.test(id)) return "rsi-reversion";
  if (/breakout|channel/i.test(id)) return "breakout";
  return "ema-cross";
}

/** The asset that moved most (|last/first − 1| over its candles); ties: the first listed. */
function busiest(assets: readonly AssetSnapshot[]): AssetSnapshot | undefined {
  let best: AssetSnapshot | undefined;
  let bestMove = -1;
  for (const a of assets) {
    const first = a.candles[0]?.close ?? a.price;
    const move = first > 0 ? Math.abs(a.price / first - 1) : 0;
    if (move > bestMove) {
      best = a;
      bestMove = move;
    }
  }
  return best;
}

/** Three variants (tight, default, wide) around a family's defaults; ATR stop 2.5 in a high regime, else 1.5. */
function gridCandidates(id: string, family: Family, asset: AssetSnapshot): Candidate[] {
  const stopAtr = asset.regime === "high" ? 2.5 : 1.5;
  const targetAtr = stopAtr * 2;
  const grid: Array<{ tag: string; params: Candidate["params"] }> =
    family === "ema-cross"
      ? [
          { tag: "5-13", params: { fast: 5, slow: 13, stopAtr, targetAtr } },
          { tag: "9-21", params: { fast: 9, slow: 21, stopAtr, targetAtr } },
          { tag: "20-50", params: { fast: 20, slow: 50, stopAtr, targetAtr } },
        ]
      : family === "rsi-reversion"
        ? [
            { tag: "7-25-75", params: { rsiPeriod: 7, low: 25, high: 75, stopAtr, targetAtr } },
            { tag: "14-30-70", params: { rsiPeriod: 14, low: 30, high: 70, stopAtr, targetAtr } },
            { tag: "21-35-65", params: { rsiPeriod: 21, low: 35, high: 65, stopAtr, targetAtr } },
          ]
        : [
            { tag: "10", params: { channel: 10, stopAtr, targetAtr } },
            { tag: "20", params: { channel: 20, stopAtr, targetAtr } },
            { tag: "55", params: { channel: 55, stopAtr, targetAtr } },
          ];
  return grid.map((g) => ({
    name: `${id}-${family}-${g.tag}`,
    asset: asset.symbol,
    family,
    params: g.params,
  }));
}

/**
 * An offline batch engine (no keys, no network): deterministically proposes three candidates of its
 * family (from its id, see familyFor) on the snapshot's busiest asset — a parameter grid around the
 * family's defaults. The batch passes the same schema an LLM's batch would.
 */
export function offlineBatchEngine(id: string, family: Family = familyFor(id)): BatchEngine {
  return {
    id,
    proposeBatch: async (input, signal) => {
      if (signal.aborted) return { ok: false, cause: "cutoff", detail: "aborted" };
      const asset = busiest(input.assets);
      if (asset === undefined) return { ok: false, cause: "no-market", detail: "the snapshot has no assets" };
      const parsed = parseCandidateBatch({ candidates: gridCandidates(id, family, asset) });
      return parsed.ok
        ? { ok: true, candidates: parsed.batch.candidates }
        : { ok: false, cause: "invalid", detail: `${parsed.field}: ${parsed.message}` };
    },
  };
}
