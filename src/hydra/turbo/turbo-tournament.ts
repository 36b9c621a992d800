import type { BarSeries } from "../../data/series.js";
import { runPortfolioBacktest } from "../../kernel/portfolio-backtest.js";
import { resolveInstrument } from "../../model/default-instruments.js";
import type { InstrumentSpec } from "../../model/instrument.js";
import type { RiskConfig } from "../../risk/risk-config.js";
import { ENGINE_RISK } from "../mother/engine-desk.js";
import type { Candidate } from "./candidate-schema.js";
import { RuleStrategy } from "./rule-strategy.js";

export interface TurboEntry {
  engineId: string;
  candidate: Candidate;
}

export interface TurboResult extends TurboEntry {
  /** 1-based position in the ranking */
  rank: number;
  trades: number;
  winRatePct: number | null;
  netPnl: number;
  /** why the candidate could not be tested (no history for its asset, unknown instrument); then 0 trades */
  error: string | null;
}

export interface TurboOptions {
  /** how many winners to pick (default 1) */
  topK?: number;
  /** "per-engine" (default): the best `topK` of each engine; "overall": the best `topK` of all */
  pick?: "per-engine" | "overall";
  /** only candidates with a positive net P&L are picked (default true) */
  requireProfit?: boolean;
  /** test on the last this many bars of each asset only (default: all of the given history) */
  recentBars?: number;
  /** default: ENGINE_RISK without the guardian's halts */
  riskConfig?: RiskConfig;
  /** the asset's instrument spec (default: resolveInstrument) */
  spec?: (asset: string) => InstrumentSpec;
}

export interface TurboTournament {
  /** all candidates, best first */
  ranked: TurboResult[];
  /** the winners to trade, best first */
  top: TurboResult[];
}

/** ENGINE_RISK without the guardian's daily-loss and drawdown halts (a quick test, not a live desk). */
const TURBO_RISK: RiskConfig = { ...ENGINE_RISK, guardian: null };

/**
 * The turbo tournament: each candidate is backtested on its own (one market, one RuleStrategy, its own
 * account of `cash`) over the recent history of its asset via runPortfolioBacktest, then all are ranked by
 * net P&L, highest first; ties: fewer trades first, then engine id, then candidate name — so the
 * result is deterministic. The winners are the best `topK` per engine (default) or overall.
 */
export function runTurboTournament(
  candidates: readonly TurboEntry[],
  history: ReadonlyMap<string, BarSeries>,
  cash: number,
  options: TurboOptions = {},
): TurboTournament {
  const results = candidates.map((e) => testOne(e, history, cash, options));
  results.sort(
    (a, b) =>
      b.netPnl - a.netPnl ||
      a.trades - b.trades ||
      a.engineId.localeCompare(b.engineId) ||
      a.candidate.name.localeCompare(b.candidate.name),
  );
  const ranked = results.map((r, i) => ({ ...r, rank: i + 1 }));
  return { ranked, top: pickTop(ranked, options) };
}

function pickTop(ranked: readonly TurboResult[], o: TurboOptions): TurboResult[] {
  const k = o.topK ?? 1;
  const eligible = ranked.filter((r) => r.error === null && (!(o.requireProfit ?? true) || r.netPnl > 0));
  if ((o.pick ?? "per-engine") === "overall") return eligible.slice(0, k);
  const taken = new Map<string, number>();
  return eligible.filter((r) => {
    const n = taken.get(r.engineId) ?? 0;
    if (n >= k) return false;
    taken.set(r.engineId, n + 1);
    return true;
  });
}

function testOne(
  e: TurboEntry,
  history: ReadonlyMap<string, BarSeries>,
  cash: number,
  o: TurboOptions,
): TurboResult {
  const base = { ...e, rank: 0, trades: 0, winRatePct: null, netPnl: 0 };
  const full = history.get(e.candidate.asset);
  if (full === undefined || full.length === 0)
    return { ...base, error: `no history for ${e.candidate.asset}` };
  const series = o.recentBars === undefined ? full : lastBars(full, o.recentBars);
  try {
    const spec = (o.spec ?? resolveInstrument)(e.candidate.asset);
    const r = runPortfolioBacktest({
      markets: [{ series, spec }],
      strategies: [new RuleStrategy(e.candidate, series.timeframe, `${e.engineId}:${e.candidate.name}`)],
      cash,
      riskConfig: o.riskConfig ?? TURBO_RISK,
    });
    const bot = r.bots[0]!;
    return { ...base, trades: bot.trades, winRatePct: bot.winRatePct, netPnl: bot.netPnl, error: null };
  } catch (err) {
    return { ...base, error: err instanceof Error ? err.message : String(err) };
  }
}

/** The last `n` bars of a series (views, no copy). */
function lastBars(s: BarSeries, n: number): BarSeries {
  const from = Math.max(0, s.length - Math.max(1, Math.floor(n)));
  return {
    kind: "bars",
    symbol: s.symbol,
    timeframe: s.timeframe,
    length: s.length - from,
    time: s.time.subarray(from),
    open: s.open.subarray(from),
    high: s.high.subarray(from),
    low: s.low.subarray(from),
    close: s.close.subarray(from),
    volume: s.volume.subarray(from),
    spread: s.spread.subarray(from),
  };
}
