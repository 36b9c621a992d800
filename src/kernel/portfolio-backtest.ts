import { TestClock } from "../core/clock.js";
import { HydraError } from "../core/errors.js";
import { DayBoundary, toIsoUtc } from "../core/time.js";
import type { BarSeries } from "../data/series.js";
import { SimVenue } from "../execution/sim/sim-venue.js";
import type { InstrumentSpec } from "../model/instrument.js";
import { InstrumentTable } from "../model/instrument-table.js";
import type { ClosedTrade } from "../model/position.js";
import { Ledger } from "../portfolio/ledger.js";
import type { RiskConfig } from "../risk/risk-config.js";
import { RiskEngine } from "../risk/risk-engine.js";
import type { Strategy } from "../strategies/strategy.js";
import { TradingKernel } from "./trading-kernel.js";

export interface PortfolioBacktestConfig {
  markets: ReadonlyArray<{ series: BarSeries; spec: InstrumentSpec }>;
  strategies: readonly Strategy[];
  cash: number;
  riskConfig: RiskConfig;
}

export interface BotReport {
  bot: string;
  trades: number;
  winRatePct: number | null;
  netPnl: number;
  /** net P&L divided by the weekdays the data spans */
  pnlPerDay: number;
  /** deepest fall of the bot's cumulative closed P&L from its peak */
  maxDrawdown: number;
}

export interface PortfolioBacktestResult {
  bots: BotReport[];
  finalBalance: number;
  finalEquity: number;
  maxDrawdownPct: number;
  tradingDays: number;
  denials: Record<string, number>;
  challenge: ChallengeReport | null;
}

/**
 * Several bots on several symbols' bars in one kernel, one account and one risk view — the FTMO
 * portfolio as a backtest. Bars of all symbols are merged in time order (ties in symbol order).
 */
export function runPortfolioBacktest(config: PortfolioBacktestConfig): PortfolioBacktestResult {
  const instruments = new InstrumentTable(config.markets.map((m) => m.spec));
  const first = Math.min(...config.markets.map((m) => m.series.time[0] ?? Number.POSITIVE_INFINITY));
  if (!Number.isFinite(first)) throw new HydraError("CONFIG_INVALID", "portfolio backtest: no data", {});
  const clock = new TestClock(first);
  const ledger = new Ledger(instruments, config.cash, new DayBoundary("Europe/Prague"));
  const venue = new SimVenue({
    instruments,
    account: ledger,
    barSpread: config.markets.map((m) => m.spec.spread),
  });
  const risk = new RiskEngine({ instruments, ledger, config: config.riskConfig });
  const denials: Record<string, number> = {};
  const kernel = new TradingKernel({
    instruments,
    clock,
    testClock: clock,
    venue,
    ledger,
    risk,
    strategies: config.strategies,
    barDay: new DayBoundary("UTC"),
    observers: [{ onDenied: (d) => void (denials[d.code] = (denials[d.code] ?? 0) + 1) }],
  });
  kernel.start();
  const cursor = config.markets.map(() => 0);
  for (;;) {
    let best = -1;
    let bestTime = Number.POSITIVE_INFINITY;
    config.markets.forEach((m, k) => {
      const t = m.series.time[cursor[k]!];
      if (t !== undefined && t < bestTime) {
        bestTime = t;
        best = k;
      }
    });
    if (best < 0) break;
    const s = config.markets[best]!.series;
    const i = cursor[best]!;
    kernel.onBar(
      best,
      s.time[i]!,
      s.timeframe,
      s.open[i]!,
      s.high[i]!,
      s.low[i]!,
      s.close[i]!,
      s.volume[i]!,
      s.spread[i]!,
    );
    cursor[best] = i + 1;
  }
  kernel.stop();
  risk.observe(clock.now());
  const last = Math.max(...config.markets.map((m) => m.series.time[m.series.length - 1] ?? first));
  const weekdays = countWeekdays(first, last);
  const names = config.strategies.map((s) => s.name);
  return {
    bots: names.map((bot) =>
      botReport(
        bot,
        ledger.trades.filter((t) => t.source === bot),
        weekdays,
      ),
    ),
    finalBalance: ledger.balance,
    finalEquity: Number(ledger.equity.toFixed(2)),
    maxDrawdownPct: Number(ledger.maxDrawdownPct.toFixed(2)),
    tradingDays: weekdays,
    denials,
    challenge: challengeReport(risk),
  };
}

export function botReport(bot: string, trades: readonly ClosedTrade[], weekdays: number): BotReport {
  let cum = 0;
  let peak = 0;
  let dd = 0;
  let wins = 0;
  for (const t of trades) {
    cum += t.netPnl;
    if (t.netPnl > 0) wins++;
    if (cum > peak) peak = cum;
    if (peak - cum > dd) dd = peak - cum;
  }
  return {
    bot,
    trades: trades.length,
    winRatePct: trades.length > 0 ? Number(((wins / trades.length) * 100).toFixed(1)) : null,
    netPnl: Number(cum.toFixed(2)),
    pnlPerDay: weekdays > 0 ? Number((cum / weekdays).toFixed(2)) : 0,
    maxDrawdown: Number(dd.toFixed(2)),
  };
}

/** Monday-to-Friday days between two times (the days a market trades). */
export function countWeekdays(fromMs: number, toMs: number): number {
  let n = 0;
  for (let t = fromMs - (fromMs % 86_400_000); t <= toMs; t += 86_400_000) {
    const d = new Date(t).getUTCDay();
    if (d !== 0 && d !== 6) n++;
  }
  return n;
}

export interface ChallengeReport {
  program: string;
  phase: string;
  status: "active" | "passed" | "failed";
  rule: string | null;
  time: string | null;
  /** the Prague trading day of the pass or failure */
  day: string | null;
  equity: number | null;
  floor: number | null;
  tradingDays: number;
  target: number;
}

export function challengeReport(engine: RiskEngine | undefined): ChallengeReport | null {
  const monitor = engine?.propFirm;
  if (monitor === undefined) return null;
  const e = monitor.evaluator;
  const v = e.verdict;
  return {
    program: e.program.name,
    phase: e.program.phase,
    status: v.status,
    rule: v.rule,
    time: v.time === null ? null : toIsoUtc(v.time),
    day: v.time === null ? null : new DayBoundary(e.program.dayZone, e.program.dayStartHour).dayKey(v.time),
    equity: v.equity,
    floor: v.floor,
    tradingDays: e.tradingDays,
    target: e.target,
  };
}
