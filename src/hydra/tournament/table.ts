import { MIN_SHARPE_DAYS } from "../../portfolio/stats.js";
import { type EngineResult, rankEngines } from "./rank.js";

export interface TournamentRow {
  /** null for the benchmark */
  rank: number | null;
  engineId: string;
  label: string;
  trades: number;
  /** % of trades won; null with no trades */
  winRatePct: number | null;
  sharpe: number | null;
  maxDrawdownPct: number;
  llmCostUsd: number;
  realizedPnl: number;
  /** realized P&L minus LLM cost */
  netPnl: number;
  /** rank weight; null for the benchmark */
  weight: number | null;
}

interface BenchmarkAsset {
  symbol: string;
  firstPrice: number;
  lastPrice: number;
}

export interface Benchmark {
  assets: readonly BenchmarkAsset[];
  /** the cash one portfolio starts with (SPEC: $25,000), split equally over the assets */
  startingCash: number;
}

const BENCHMARK_ID = "buy-and-hold";

const r2 = (x: number): number => Math.round(x * 100) / 100;

/** P&L of buying every asset with an equal share of the cash at its first price and holding to the last. */
function buyAndHoldPnl(b: Benchmark): number {
  const valid = b.assets.filter((a) => a.firstPrice > 0 && Number.isFinite(a.lastPrice));
  if (valid.length === 0) return 0;
  const share = b.startingCash / valid.length;
  return valid.reduce((sum, a) => sum + share * (a.lastPrice / a.firstPrice - 1), 0);
}

/**
 * The leaderboard: one row per engine in rank order, then (if given) the buy-and-hold benchmark row
 * (no trades, no LLM cost, no rank or weight). Money is rounded to cents.
 */
export function tournamentTable(rows: readonly EngineResult[], benchmark?: Benchmark): TournamentRow[] {
  const out: TournamentRow[] = rankEngines(rows).map((r) => ({
    rank: r.rank,
    engineId: r.engineId,
    label: r.label,
    trades: r.trades,
    winRatePct: r.trades > 0 ? r2((r.wins / r.trades) * 100) : null,
    sharpe: r.sharpe,
    maxDrawdownPct: r.maxDrawdownPct,
    llmCostUsd: r2(r.llmCostUsd),
    realizedPnl: r2(r.realizedPnl),
    netPnl: r2(r.realizedPnl - r.llmCostUsd),
    weight: r.weight,
  }));
  if (benchmark) {
    const pnl = r2(buyAndHoldPnl(benchmark));
    const symbols = benchmark.assets.map((a) => a.symbol).join(", ");
    out.push({
      rank: null,
      engineId: BENCHMARK_ID,
      label: `Buy and hold (benchmark: ${symbols}, equal split)`,
      trades: 0,
      winRatePct: null,
      sharpe: null,
      maxDrawdownPct: 0,
      llmCostUsd: 0,
      realizedPnl: pnl,
      netPnl: pnl,
      weight: null,
    });
  }
  return out;
}

/** The table as fixed-width text, for logs and the CLI. */
export function renderTournamentTable(rows: readonly TournamentRow[]): string {
  const head = ["#", "engine", "trades", "win%", "sharpe", "maxDD%", "LLM $", "P&L", "net P&L", "weight"];
  const body = rows.map((r) => [
    r.rank === null ? "-" : String(r.rank),
    r.label,
    String(r.trades),
    r.winRatePct === null ? "-" : r.winRatePct.toFixed(1),
    r.sharpe === null ? "-" : r.sharpe.toFixed(2),
    r.maxDrawdownPct.toFixed(2),
    r.llmCostUsd.toFixed(2),
    r.realizedPnl.toFixed(2),
    r.netPnl.toFixed(2),
    r.weight === null ? "-" : `${(r.weight * 100).toFixed(1)}%`,
  ]);
  const all = [head, ...body];
  const widths = head.map((_, c) => Math.max(...all.map((row) => row[c]!.length)));
  const table = all
    .map((row) =>
      row.map((cell, c) => (c === 1 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  "),
    )
    .join("\n");
  const noSharpe = rows.some((r) => r.rank !== null && r.sharpe === null);
  return noSharpe
    ? `${table}\nsharpe: "-" until ${MIN_SHARPE_DAYS} daily returns (fewer days make it noise)`
    : table;
}
