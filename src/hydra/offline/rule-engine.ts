import { performance } from "node:perf_hooks";
import type {
  AssetSnapshot,
  Engine,
  EngineAnswer,
  EngineDecision,
  EngineInput,
  EnginePortfolio,
} from "../engine.js";
import { NO_USAGE } from "../engine.js";
import { atr, clamp01 } from "./series.js";

/** Numeric parameters of a rule strategy (what evolution averages when it breeds two rule strategies). */
export type RuleParams = Readonly<Record<string, number>>;

type OpenPosition = EnginePortfolio["positions"][number];

interface EntrySignal {
  direction: "long" | "short";
  /** 0–1, becomes the decision's confidence */
  strength: number;
  rationale: string;
  /** overrides params.stopAtr for this entry (e.g. wider stops in a high-volatility regime) */
  stopAtr?: number;
}

interface RuleContext {
  asset: AssetSnapshot;
  params: RuleParams;
  /** ATR(params.atrPeriod) of the candles; finite and > 0 whenever a rule is asked */
  atr: number;
}

/** A deterministic strategy: when to open (no position on the asset) and when to close (a position). */
export interface OfflineRule {
  entry(ctx: RuleContext): EntrySignal | null;
  /** the reason to close, or null to keep the position */
  exit(ctx: RuleContext, position: OpenPosition): string | null;
}

export interface OfflineEngineSpec {
  id: string;
  label: string;
  /** must hold atrPeriod, stopAtr and targetAtr; the rule reads its own keys */
  params: RuleParams;
  rule: OfflineRule;
}

/** Defaults overridden by the finite values given. */
export function mergeParams(defaults: RuleParams, over: Partial<Record<string, number>>): RuleParams {
  const out: Record<string, number> = { ...defaults };
  for (const [k, v] of Object.entries(over)) if (v !== undefined && Number.isFinite(v)) out[k] = v;
  return out;
}

const MAX_DECISIONS = 10;
const round = (x: number, d: number): number => Number(x.toFixed(d));

/** ATR from the candles; when they are too few, the snapshot's `atr`/`atr14` indicator if given. */
function assetAtr(asset: AssetSnapshot, period: number): number {
  const fromCandles = atr(asset.candles, period);
  if (Number.isFinite(fromCandles) && fromCandles > 0) return fromCandles;
  const given = asset.indicators.atr ?? asset.indicators.atr14 ?? Number.NaN;
  return Number.isFinite(given) && given > 0 ? given : Number.NaN;
}

/** Stop and target at `stopAtr`/`targetAtr` ATRs on the right sides of `price`; null if one is ≤ 0. */
function atrLevels(
  direction: "long" | "short",
  price: number,
  atrValue: number,
  stopAtr: number,
  targetAtr: number,
): { stopLoss: number; takeProfit: number } | null {
  const s = direction === "long" ? 1 : -1;
  const stopLoss = price - s * stopAtr * atrValue;
  const takeProfit = price + s * targetAtr * atrValue;
  if (!(stopLoss > 0) || !(takeProfit > 0)) return null;
  return { stopLoss, takeProfit };
}

/**
 * An {@link Engine} that runs a deterministic rule over the snapshot: at most one position per asset (no
 * double entries), closes when the rule says so, stops and targets from ATR, confidence from the signal
 * strength. Same input → same decisions (only latencyMs varies). Usage is always zero.
 */
export class OfflineEngine implements Engine {
  readonly id: string;
  readonly label: string;
  readonly kind = "offline" as const;
  readonly params: RuleParams;
  private readonly rule: OfflineRule;

  constructor(spec: OfflineEngineSpec) {
    this.id = spec.id;
    this.label = spec.label;
    this.params = Object.freeze({ ...spec.params });
    this.rule = spec.rule;
  }

  async decide(input: EngineInput, signal: AbortSignal): Promise<EngineAnswer> {
    const t0 = performance.now();
    if (signal.aborted) {
      return {
        ok: false,
        cause: "cutoff",
        detail: "aborted before deciding",
        usage: NO_USAGE,
        latencyMs: 0,
        raw: "",
      };
    }
    const decisions = this.decideSync(input);
    const raw = JSON.stringify({ decisions });
    return { ok: true, decisions, usage: NO_USAGE, latencyMs: performance.now() - t0, raw };
  }

  /** The decisions alone (closes first, then opens by confidence, at most 10). */
  decideSync(input: EngineInput): EngineDecision[] {
    const closes: EngineDecision[] = [];
    const opens: EngineDecision[] = [];
    for (const asset of input.assets) {
      const d = this.decideAsset(asset, input.portfolio);
      if (d) (d.action === "close" ? closes : opens).push(d);
    }
    opens.sort((a, b) => b.confidence - a.confidence || a.asset.localeCompare(b.asset));
    return [...closes, ...opens].slice(0, MAX_DECISIONS);
  }

  private decideAsset(asset: AssetSnapshot, portfolio: EnginePortfolio): EngineDecision | null {
    const price = asset.price;
    if (!(price > 0)) return null;
    const p = this.params;
    const atrValue = assetAtr(asset, p.atrPeriod ?? 14);
    if (!Number.isFinite(atrValue)) return null;
    const ctx: RuleContext = { asset, params: p, atr: atrValue };
    const position = portfolio.positions.find((x) => x.asset === asset.symbol);
    if (position) {
      const why = this.rule.exit(ctx, position);
      if (why === null) return null;
      const fallback = atrLevels(position.direction, price, atrValue, p.stopAtr ?? 2, p.targetAtr ?? 3);
      const stopLoss = position.stopLoss ?? fallback?.stopLoss ?? price;
      const takeProfit = position.takeProfit ?? fallback?.takeProfit ?? price;
      return {
        action: "close",
        asset: asset.symbol,
        direction: position.direction,
        entry: price,
        stopLoss: stopLoss > 0 ? stopLoss : price,
        takeProfit: takeProfit > 0 ? takeProfit : price,
        confidence: 1,
        rationale: `${this.label}: close — ${why}`,
      };
    }
    const sig = this.rule.entry(ctx);
    if (sig === null) return null;
    const levels = atrLevels(sig.direction, price, atrValue, sig.stopAtr ?? p.stopAtr ?? 2, p.targetAtr ?? 3);
    if (levels === null) return null;
    return {
      action: "open",
      asset: asset.symbol,
      direction: sig.direction,
      entry: price,
      ...levels,
      confidence: round(clamp01(sig.strength), 4),
      rationale: `${this.label}: ${sig.rationale}`,
    };
  }
}
