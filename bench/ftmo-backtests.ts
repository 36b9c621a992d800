/**
 * `make backtests`: each FTMO bot on the real data in ../shared/data through the same kernel, risk layer
 * and venue as live trading, then the gold and EURUSD bots together as one FTMO 2-step portfolio; then
 * each bot through `hydra optimize` (walk-forward), `hydra backtest --challenge ftmo-2step --report` and
 * `hydra challenge simulate --report` (bench/ftmo-bot-pipeline.ts), the reports in reports/.
 * Prints markdown tables (README's backtest section is a copy of one run).
 */
import { tmpdir } from "node:os";
import path from "node:path";
import { dataFile } from "../src/data/data-dir.js";
import type { BarSeries } from "../src/data/series.js";
import { runPortfolioBacktest } from "../src/kernel/portfolio-backtest.js";
import { resolveInstrument } from "../src/model/default-instruments.js";
import { DEFAULT_RISK_CONFIG } from "../src/risk/risk-config.js";
import { loadMarket } from "../src/runtime/load-market.js";
import { strategyDefinition } from "../src/strategies/registry.js";
import { type BotOutcome, runBotPipeline } from "./ftmo-bot-pipeline.js";

const CASH = 15_000; // the account size of the original's claims (5% daily loss ≈ $743)
const FILES: Record<string, { rel: string; tz: string; shift?: number; symbol: string }> = {
  XAUUSD: { rel: "forex/histdata_XAUUSD_M1_2017H1.csv.gz", tz: "America/New_York", symbol: "XAUUSD" },
  EURUSD: { rel: "forex/histdata_EURUSD_M1_2017H1.csv.gz", tz: "America/New_York", symbol: "EURUSD" },
  US30: {
    rel: "indices/mt5_US30_1m_servertime_20260219-20260313.csv.gz",
    tz: "America/New_York",
    shift: -7,
    symbol: "US30",
  },
  NAS100: { rel: "indices/yahoo_NQF_1m_20260702-20260731.csv.gz", tz: "UTC", symbol: "NAS100" },
};
/** `ranges`: the walk-forward search, three values of two parameters that matter, around the defaults (middle) */
const BOTS: Array<{ bot: string; symbol: string; claim: string; ranges: string[] }> = [
  {
    bot: "gold-london-reversal",
    symbol: "XAUUSD",
    claim: "$184 (61% win rate)",
    ranges: ["minMovePct=0.2,0.3,0.4", "targetRetrace=0.3,0.5,0.7"],
  },
  {
    bot: "eurusd-breakout",
    symbol: "EURUSD",
    claim: "$172",
    ranges: ["bufferPips=1,2,3", "targetR=1.5,2,2.5"],
  },
  { bot: "us30-orb", symbol: "US30", claim: "$148", ranges: ["rangeMinutes=10,15,30", "buffer=0,5,10"] },
  { bot: "nas100-gap", symbol: "NAS100", claim: "$150", ranges: ["minGap=0.1,0.2,0.3", "maxGap=1,1.5,2"] },
  {
    bot: "gold-ny-reversion",
    symbol: "XAUUSD",
    claim: "$148",
    ranges: ["k=1.5,2,2.5", "stopBuffer=0.25,0.5,1"],
  },
  {
    bot: "hf-scalper",
    symbol: "XAUUSD",
    claim: "$66 (52% win rate)",
    ranges: ["momAtr=0.75,1,1.5", "rr=1,1.5,2"],
  },
];
/** the six months of 2017: 4 windows, in-sample 3× out-of-sample; the 3–4 week index files: 3 windows, 2× */
const WALK_FORWARD: Record<string, { windows: number; inSampleRatio: number; minTrades: number }> = {
  XAUUSD: { windows: 4, inSampleRatio: 3, minTrades: 5 },
  EURUSD: { windows: 4, inSampleRatio: 3, minTrades: 5 },
  US30: { windows: 3, inSampleRatio: 2, minTrades: 2 },
  NAS100: { windows: 3, inSampleRatio: 2, minTrades: 2 },
};
const PATHS = 10_000;
/** a command that takes longer is a failure of the run, not a result */
const COMMAND_TIMEOUT_MS = 5 * 60_000;
const REPORTS_DIR = path.resolve(process.env.HYDRA_REPORTS_DIR ?? "reports");

function market(symbol: string) {
  const f = FILES[symbol]!;
  const file = dataFile(f.rel);
  if (file === undefined) return undefined;
  const m = loadMarket({
    data: file,
    tz: f.tz,
    symbol: f.symbol,
    ...(f.shift === undefined ? {} : { shiftHours: f.shift }),
  });
  if (m.series.kind !== "bars") throw new Error(`${f.rel}: expected bars`);
  return {
    series: m.series as BarSeries,
    spec: m.spec,
    range: `${new Date(m.series.time[0]!).toISOString().slice(0, 10)} – ${new Date(m.series.time[m.series.length - 1]!).toISOString().slice(0, 10)}`,
  };
}

const money = (x: number): string =>
  `${x < 0 ? "−" : ""}$${Math.abs(x).toLocaleString("en-US", { maximumFractionDigits: 0 })}`;

function main(): void {
  const t0 = performance.now();
  const perBot = { ...DEFAULT_RISK_CONFIG, guardian: null, propFirm: null };
  console.log(
    `| bot | data | trades | win rate | net P&L | P&L per day | max drawdown | original claim per day |`,
  );
  console.log(`|---|---|---|---|---|---|---|---|`);
  for (const { bot, symbol, claim } of BOTS) {
    const m = market(symbol);
    if (m === undefined) {
      console.log(`| ${bot} | data absent | | | | | | ${claim} |`);
      continue;
    }
    const strategy = strategyDefinition(bot).create(symbol, "M1", {});
    const r = runPortfolioBacktest({ markets: [m], strategies: [strategy], cash: CASH, riskConfig: perBot });
    const b = r.bots[0]!;
    console.log(
      `| ${bot} | ${symbol} M1 ${m.range} (${r.tradingDays} weekdays) | ${b.trades} | ${b.winRatePct ?? "–"}% | ${money(b.netPnl)} | ${money(b.pnlPerDay)} | ${money(b.maxDrawdown)} | ${claim} |`,
    );
  }
  const gold = market("XAUUSD");
  const eur = market("EURUSD");
  if (gold === undefined || eur === undefined) return;
  const names = ["gold-london-reversal", "gold-ny-reversion", "hf-scalper", "eurusd-breakout"];
  const strategies = names.map((n) =>
    strategyDefinition(n).create(n === "eurusd-breakout" ? "EURUSD" : "XAUUSD", "M1", {}),
  );
  const r = runPortfolioBacktest({
    markets: [gold, eur],
    strategies,
    cash: CASH,
    riskConfig: {
      ...DEFAULT_RISK_CONFIG,
      guardian: null,
      propFirm: { program: "ftmo-2step", phase: "challenge" },
    },
  });
  const c = r.challenge!;
  console.log(
    `\nPortfolio (gold + EURUSD bots, one $15,000 FTMO 2-step account, 2017 H1): ${c.status.toUpperCase()}${c.rule ? ` — ${c.rule} on ${c.day}` : ""}${c.time && !c.rule ? ` on ${c.day}` : ""}; balance ${money(r.finalBalance)}, max drawdown ${r.maxDrawdownPct}%, ${c.tradingDays} trading days; denials ${JSON.stringify(r.denials)}`,
  );
  console.log(`| bot | trades | win rate | net P&L | P&L per day |`);
  console.log(`|---|---|---|---|---|`);
  for (const b of r.bots)
    console.log(
      `| ${b.bot} | ${b.trades} | ${b.winRatePct ?? "–"}% | ${money(b.netPnl)} | ${money(b.pnlPerDay)} |`,
    );
  console.log(`\n(in-process tables: ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}

const pct = (x: number | null, d = 2): string => (x === null ? "–" : `${x.toFixed(d)}`);
const signedPct = (x: number): string => `${x < 0 ? "−" : "+"}${Math.abs(x).toFixed(1)}%`;

/** Each bot through the commands a user runs; one table row each. */
async function apply(): Promise<void> {
  const t0 = performance.now();
  const db = path.join(tmpdir(), `hydra-backtests-${process.pid}.db`);
  console.log(
    `\nWalk-forward and challenge odds ($15,000; FTMO 2-step, challenge then verification; reports in ${path.relative(process.cwd(), REPORTS_DIR) || "."}/):`,
  );
  console.log(
    `| bot | searched (9 trials) | out-of-sample net (days) | WF efficiency | DSR | PBO | verdict | default params: trades, net | one account, challenge phase: net, trading days | pass probability ± s.e. |`,
  );
  console.log(`|---|---|---|---|---|---|---|---|---|---|`);
  const outcomes: BotOutcome[] = [];
  for (const { bot, symbol, ranges } of BOTS) {
    const f = FILES[symbol]!;
    const file = dataFile(f.rel);
    if (file === undefined) {
      console.log(`| ${bot} | data absent | | | | | | | | |`);
      continue;
    }
    const r = await runBotPipeline({
      bot,
      data: {
        file,
        tz: f.tz,
        ...(f.shift === undefined ? {} : { shift: f.shift }),
        symbol,
        spread: resolveInstrument(symbol).spread,
      },
      cash: CASH,
      ranges,
      ...WALK_FORWARD[symbol]!,
      paths: PATHS,
      outDir: REPORTS_DIR,
      db,
      timeoutMs: COMMAND_TIMEOUT_MS,
    });
    outcomes.push(r);
    const o = r.optimize;
    const c = r.challenge;
    console.log(
      `| ${bot} | ${ranges.map((x) => x.split("=")[0]).join(", ")} | ${money(o.oosNet)} (${signedPct(o.oosReturnPct)}, ${o.oosDays} d) | ${pct(o.efficiency)} | ${pct(o.dsr)} | ${pct(o.pbo)} | ${o.verdict} | ${r.backtest.trades}, ${money(r.backtest.netProfit)} | ${c.status === "active" ? "not decided" : c.status}${c.rule === null ? (c.status === "passed" && c.day !== null ? ` on ${c.day}` : "") : ` (${c.rule}, ${c.day})`}: ${money(c.netProfit)}, ${c.tradingDays} d${c.floorDenials > 0 ? `, ${c.floorDenials} floor denials` : ""} | ${(r.simulate.passProbability * 100).toFixed(1)}% ± ${(r.simulate.standardError * 100).toFixed(1)}% |`,
    );
  }
  for (const r of outcomes)
    console.log(
      `- ${r.bot}: ${r.optimize.backtests} backtests, best on the full span ${JSON.stringify(r.optimize.best)}; simulator input ${r.simulate.input}, block ${r.simulate.blockLength}; ${(r.wallMs / 1000).toFixed(0)} s`,
    );
  console.log(
    `(walk-forward and simulation: ${((performance.now() - t0) / 1000).toFixed(0)} s wall; ${PATHS} paths, seed 1)`,
  );
}

main();
await apply();
