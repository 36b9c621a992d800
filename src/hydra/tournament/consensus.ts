import type { EngineDecision } from "../engine.js";

export interface Vote {
  engineId: string;
  decision: EngineDecision;
}

type ConsensusOption = "open-long" | "open-short" | "close-long" | "close-short" | "hold";

export interface ConsensusOutcome {
  asset: string;
  /** the option with the most weight (null when two options tie for it) */
  option: ConsensusOption | null;
  /** the winning option's weight ÷ the whole electorate's weight, 0–1 */
  share: number;
  /** engines that voted for the winning option, in vote order */
  supporters: string[];
  /** the decision to act on: null unless an open/close option's share exceeds the threshold */
  decision: EngineDecision | null;
}

export type Weights = ReadonlyMap<string, number> | Readonly<Record<string, number>>;

const isMap = (w: Weights): w is ReadonlyMap<string, number> =>
  typeof (w as ReadonlyMap<string, number>).get === "function";

const weightOf = (w: Weights, id: string): number => {
  const v = isMap(w) ? w.get(id) : w[id];
  return typeof v === "number" && Number.isFinite(v) && v > 0 ? v : 0;
};

/** weights are shares like 0.4 + 0.2: sums are rounded to 1e-9 so 0.2 + 0.1 ties with 0.3 */
const snap = (x: number): number => Math.round(x * 1e9) / 1e9;

const optionOf = (d: EngineDecision): ConsensusOption =>
  d.action === "hold" ? "hold" : `${d.action}-${d.direction}`;

/**
 * Consensus voting (SPEC §1, both trading flags false): per asset, every engine's vote weighs its rank
 * weight. The electorate is every engine in `weights` plus every voter; an engine that did not vote on an
 * asset abstains, and abstentions count in the denominator (so they work against acting). The option
 * with the most weight wins if its share is strictly above `threshold` (default 50%) and it is an open
 * or close; entry, stop, target and confidence are then the weight-averaged values of its supporters.
 * Only an engine's first vote per asset counts. Assets come out in the order they were first voted on.
 */
export function consensus(votes: readonly Vote[], weights: Weights, threshold = 0.5): ConsensusOutcome[] {
  const electorate = new Set<string>(isMap(weights) ? weights.keys() : Object.keys(weights));
  for (const v of votes) electorate.add(v.engineId);
  let total = 0;
  for (const id of electorate) total += weightOf(weights, id);
  total = snap(total);

  const byAsset = new Map<string, Vote[]>();
  for (const v of votes) {
    const list = byAsset.get(v.decision.asset) ?? [];
    if (!list.some((x) => x.engineId === v.engineId)) list.push(v);
    byAsset.set(v.decision.asset, list);
  }
  const out: ConsensusOutcome[] = [];
  for (const [asset, list] of byAsset) out.push(decideAsset(asset, list, weights, total, threshold));
  return out;
}

function decideAsset(
  asset: string,
  list: readonly Vote[],
  weights: Weights,
  total: number,
  threshold: number,
): ConsensusOutcome {
  const tally = new Map<ConsensusOption, number>();
  for (const v of list) {
    const o = optionOf(v.decision);
    tally.set(o, snap((tally.get(o) ?? 0) + weightOf(weights, v.engineId)));
  }
  let best: ConsensusOption | null = null;
  let bestWeight = -1;
  let tie = false;
  for (const [o, w] of tally) {
    if (w > bestWeight) [best, bestWeight, tie] = [o, w, false];
    else if (w === bestWeight) tie = true;
  }
  if (tie || best === null || total <= 0)
    return { asset, option: tie ? null : best, share: 0, supporters: [], decision: null };
  const option = best;
  const side = list.filter((v) => optionOf(v.decision) === option);
  const share = snap(bestWeight / total);
  const supporters = side.map((v) => v.engineId);
  if (option === "hold" || !(share > threshold)) return { asset, option, share, supporters, decision: null };

  const avg = (f: (d: EngineDecision) => number): number =>
    side.reduce((s, v) => s + weightOf(weights, v.engineId) * f(v.decision), 0) / bestWeight;
  const first = side[0]!.decision;
  const decision: EngineDecision = {
    action: first.action,
    asset,
    direction: first.direction,
    entry: avg((d) => d.entry),
    stopLoss: avg((d) => d.stopLoss),
    takeProfit: avg((d) => d.takeProfit),
    confidence: Math.min(
      1,
      Math.max(
        0,
        avg((d) => d.confidence),
      ),
    ),
    rationale: `consensus ${(share * 100).toFixed(1)}% for ${option} (${supporters.join(", ")})`,
  };
  return { asset, option, share, supporters, decision };
}
