/**
 * `make backtests`: each FTMO bot on the real data in ../shared/data through the same kernel, risk layer
 * and venue as live trading, then the gold and EURUSD bots together as one FTMO 2-step portfolio.
 * Prints markdown tables (README's backtest section is a copy of one run).
 */
import { dataFile } from "../src/data/data-dir.js";
import type { BarSeries } from "../src/data/series.js";
import { runPortfolioBacktest } from "../src/kernel/portfolio-backtest.js";
import { DEFAULT_RISK_CONFIG } from "../src/risk/risk-config.js";
import { loadMarket } from "../src/runtime/load-market.js";
import { strategyDefinition } from "../src/strategies/registry.js";

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
const BOTS: Array<{ bot: string; symbol: string; claim: string }> = [
  { bot: "gold-london-reversal", symbol: "XAUUSD", claim: "$184 (61% win rate)" },
  { bot: "eurusd-breakout", symbol: "EURUSD", claim: "$172" },
  { bot: "us30-orb", symbol: "US30", claim: "$148" },
  { bot: "nas100-gap", symbol: "NAS100", claim: "$150" },
  { bot: "gold-ny-reversion", symbol: "XAUUSD", claim: "$148" },
  { bot: "hf-scalper", symbol: "XAUUSD", claim: "$66 (52% win rate)" },
];

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
}

main();
