import { TestClock } from "../core/clock.js";
import { HydraError } from "../core/errors.js";
import { DayBoundary, toIsoUtc } from "../core/time.js";
import type { MarketSeries } from "../data/series.js";
import type { Venue } from "../execution/venue.js";
import type { KernelObserver, OrderDenied } from "../kernel/kernel-observer.js";
import { type ChallengeReport, challengeReport } from "../kernel/portfolio-backtest.js";
import type { TradingKernel } from "../kernel/trading-kernel.js";
import type { AccountCurrency } from "../model/account-currency.js";
import type { Fill } from "../model/fill.js";
import type { InstrumentSpec } from "../model/instrument.js";
import { InstrumentTable } from "../model/instrument-table.js";
import type { MarginCallEvent } from "../model/margin-call-event.js";
import { TIMEFRAME_MS, type Timeframe } from "../model/market-data.js";
import type { ClosedTrade } from "../model/position.js";
import type { StopOutEvent } from "../model/stop-out-event.js";
import type { DayStats } from "../portfolio/day-stats.js";
import type { Ledger } from "../portfolio/ledger.js";
import { computeStats, type PerformanceStats } from "../portfolio/stats.js";
import { type StatsConvention, statsAs } from "../portfolio/stats-conventions.js";
import type { StatsTable } from "../portfolio/stats-input.js";
import type { RiskConfig } from "../risk/risk-config.js";
import type { RiskGate } from "../risk/risk-gate.js";
import type { TradingStateChange } from "../risk/trading-state.js";
import type { Strategy } from "../strategies/strategy.js";
import { assertBarData, backtestStatsInput } from "./backtest-stats-input.js";
import { buildBook } from "./node/build-book.js";

export interface BacktestConfig {
  series: MarketSeries;
  spec: InstrumentSpec;
  /** builds the strategy for the symbol and the bar timeframe it will see */
  strategy: (symbol: string, timeframe: Timeframe) => Strategy;
  /** bar timeframe for strategies on tick data (default M1); bar data uses its own */
  timeframe?: Timeframe;
  cash: number;
  /** the account currency (USD by default) */
  accountCurrency?: AccountCurrency;
  /** static rates for currencies the run has no pair for (`--fx-rate`) */
  fxRates?: Readonly<Record<string, number>>;
  /** the margin level in % under which the broker stops the account out (default 50; 0: never) */
  stopOutPct?: number;
  /** the margin level in % under which the account is in margin call (default 100; 0: not watched) */
  marginCallPct?: number;
  /** spread in price units for bar data that has none (default 0) */
  spread?: number;
  slippageTicks?: number;
  closeAtEnd?: boolean;
  /** the accounting day (default midnight Europe/Prague) */
  day?: DayBoundary;
  /** where D1 bars built from ticks start (default midnight UTC) */
  barDay?: DayBoundary;
  risk?: RiskGate;
  /** runs the risk layer (RiskEngine) with this configuration; ignored when `risk` is given */
  riskConfig?: RiskConfig;
  /** feed every tick through onTick, as live trading does, instead of folded runs (same result, slower) */
  tickByTick?: boolean;
  onProgress?: (done: number, total: number) => void;
  /** also compute the statistics as this peer engine defines them (bar data: equity marked at every close) */
  statsAs?: StatsConvention;
  /** annual risk-free rate (fraction) for those statistics; default 0 */
  riskFreeRate?: number;
}

interface FillRecord {
  time: string;
  side: "buy" | "sell";
  price: number;
  volume: number;
  commission: number;
  reason: string;
  positionId: string;
  orderId: string;
}

interface TradeRecord extends Omit<ClosedTrade, "openTime" | "closeTime"> {
  openTime: string;
  closeTime: string;
}

interface OpenPositionRecord {
  id: string;
  symbol: string;
  side: "buy" | "sell";
  volume: number;
  openPrice: number;
  openTime: string;
  sl: number | null;
  tp: number | null;
  markPrice: number;
  floatingPnl: number;
  /** swap accumulated so far (in equity, not yet in the balance) */
  swap: number;
}

export interface BacktestResult {
  symbol: string;
  strategy: string;
  dataKind: "ticks" | "bars";
  timeframe: Timeframe;
  rows: number;
  start: string | null;
  end: string | null;
  /** the currency every money figure is in */
  accountCurrency: AccountCurrency;
  /** currencies converted at a static rate (no pair in the data) */
  warnings: string[];
  initialBalance: number;
  fills: FillRecord[];
  trades: TradeRecord[];
  finalBalance: number;
  finalEquity: number;
  margin: number;
  freeMargin: number;
  /** commission charged on every fill (positive) */
  commissionPaid: number;
  /** every swap booked, open positions' included (negative is a charge) */
  swapTotal: number;
  openPositions: OpenPositionRecord[];
  stats: PerformanceStats;
  days: DayStats[];
  denials: Array<Omit<OrderDenied, "time"> & { time: string }>;
  /** the broker's stop-outs, each position closed with the margin level that triggered it */
  stopOuts: Array<Omit<StopOutEvent, "time"> & { time: string }>;
  /** margin calls entered (and seen left), with the margin level */
  marginCalls: Array<
    Omit<MarginCallEvent, "time" | "marginLevelPct"> & { time: string; marginLevelPct: number | null }
  >;
  /** trading-state changes made by the risk layer (halts, kill switch), when it ran */
  riskEvents: Array<Omit<TradingStateChange, "time"> & { time: string }>;
  /** the prop-firm program's verdict, with --challenge */
  challenge: ChallengeReport | null;
  /** the statistics under a peer's definitions and labels, with `statsAs` */
  statsAs: { convention: StatsConvention; stats: StatsTable } | null;
}

const PROGRESS_EVERY = 1 << 16;
const cents = (x: number): number => Number(x.toFixed(2));

/** Runs one strategy over one symbol's data through the same kernel that paper and live trading use. */
export function runBacktest(config: BacktestConfig): BacktestResult {
  const { series, spec } = config;
  if (series.symbol !== spec.symbol) {
    throw new HydraError(
      "CONFIG_INVALID",
      `data is for ${series.symbol} but the instrument is ${spec.symbol}`,
      { field: "symbol" },
    );
  }
  const timeframe = series.kind === "bars" ? series.timeframe : (config.timeframe ?? "M1");
  if (
    series.kind === "bars" &&
    config.timeframe !== undefined &&
    TIMEFRAME_MS[config.timeframe] < TIMEFRAME_MS[series.timeframe]
  ) {
    throw new HydraError(
      "CONFIG_INVALID",
      `timeframe ${config.timeframe} is shorter than the data's ${series.timeframe}`,
      { field: "timeframe" },
    );
  }
  if (config.statsAs !== undefined) assertBarData(series);
  const instruments = new InstrumentTable([spec]);
  const clock = new TestClock(series.length > 0 ? series.time[0]! : 0);
  const fills: Fill[] = [];
  const denials: OrderDenied[] = [];
  const stopOuts: StopOutEvent[] = [];
  const marginCalls: MarginCallEvent[] = [];
  const recorder: KernelObserver = {
    onFill: (f) => fills.push(f),
    onDenied: (d) => denials.push(d),
    onStopOut: (e) => stopOuts.push(e),
    onMarginCall: (e) => marginCalls.push(e),
  };
  const strategy = config.strategy(
    spec.symbol,
    series.kind === "bars" ? (config.timeframe ?? timeframe) : timeframe,
  );
  const {
    kernel,
    ledger,
    venue,
    risk: engine,
  } = buildBook(
    {
      instruments,
      clock,
      testClock: clock,
      sim: {
        slippageTicks: config.slippageTicks ?? 0,
        barSpread: [config.spread ?? 0],
        ...(config.stopOutPct === undefined ? {} : { stopOutPct: config.stopOutPct }),
        ...(config.marginCallPct === undefined ? {} : { marginCallPct: config.marginCallPct }),
      },
      day: config.day ?? new DayBoundary("Europe/Prague", 0),
      barDay: config.barDay ?? new DayBoundary("UTC", 0),
    },
    {
      scope: "account",
      cash: config.cash,
      ...(config.accountCurrency === undefined ? {} : { accountCurrency: config.accountCurrency }),
      ...(config.fxRates === undefined ? {} : { fxRates: config.fxRates }),
      strategies: [strategy],
      observers: [recorder],
      riskConfig: config.riskConfig ?? null,
      ...(config.risk === undefined ? {} : { gate: config.risk }),
    },
  );
  kernel.start();
  const n = series.length;
  const barEquity: number[] | undefined = config.statsAs === undefined ? undefined : [];
  const progress = config.onProgress;
  if (series.kind === "ticks") {
    const { time, bid, ask } = series;
    for (let i = 0; i < n; i += PROGRESS_EVERY) {
      const end = Math.min(n, i + PROGRESS_EVERY);
      if (config.tickByTick) for (let j = i; j < end; j++) kernel.onTick(0, time[j]!, bid[j]!, ask[j]!);
      else kernel.onTicks(0, time, bid, ask, i, end);
      progress?.(i, n);
    }
  } else {
    const { time, open, high, low, close, volume, spread } = series;
    const tf = series.timeframe;
    for (let i = 0; i < n; i++) {
      kernel.onBar(0, time[i]!, tf, open[i]!, high[i]!, low[i]!, close[i]!, volume[i]!, spread[i]!);
      barEquity?.push(ledger.equity);
      if (progress !== undefined && (i & (PROGRESS_EVERY - 1)) === 0) progress(i, n);
    }
  }
  if (config.closeAtEnd && n > 0) {
    closeAtLastPrice(kernel, venue, series);
    // the close at the end belongs to the last bar's equity (backtesting.py's finalize_trades does the same)
    if (barEquity !== undefined) barEquity[n - 1] = ledger.equity;
  }
  if (n > 0)
    engine?.observe(
      series.kind === "ticks" ? series.time[n - 1]! : series.time[n - 1]! + TIMEFRAME_MS[series.timeframe],
    );
  kernel.stop();
  progress?.(n, n);
  return {
    symbol: spec.symbol,
    strategy: strategy.name,
    dataKind: series.kind,
    timeframe,
    rows: n,
    accountCurrency: ledger.converter.accountCurrency,
    warnings: [...ledger.converter.warnings],
    start: n > 0 ? toIsoUtc(series.time[0]!) : null,
    end: n > 0 ? toIsoUtc(series.time[n - 1]!) : null,
    initialBalance: ledger.initialBalance,
    fills: fills.map((f) => ({
      time: toIsoUtc(f.time),
      side: f.side,
      price: f.price,
      volume: f.volume,
      commission: f.commission,
      reason: f.reason,
      positionId: f.positionId,
      orderId: f.orderId,
    })),
    trades: ledger.trades.map((t) => ({
      ...t,
      openTime: toIsoUtc(t.openTime),
      closeTime: toIsoUtc(t.closeTime),
    })),
    finalBalance: ledger.balance,
    finalEquity: cents(ledger.equity),
    margin: cents(ledger.margin),
    freeMargin: cents(ledger.freeMargin),
    commissionPaid: ledger.commissionPaid,
    swapTotal: ledger.swapTotal,
    openPositions: openPositions(ledger, spec),
    stats: computeStats(
      ledger.trades,
      ledger.days,
      ledger.initialBalance,
      ledger.equity,
      ledger.maxDrawdown,
      ledger.maxDrawdownPct,
    ),
    days: ledger.days,
    denials: denials.map((d) => ({ ...d, time: toIsoUtc(d.time) })),
    marginCalls: marginCalls.map((e) => ({
      ...e,
      equity: cents(e.equity),
      margin: cents(e.margin),
      marginLevelPct: Number.isFinite(e.marginLevelPct) ? cents(e.marginLevelPct) : null,
      time: toIsoUtc(e.time),
    })),
    stopOuts: stopOuts.map((e) => ({
      ...e,
      equity: cents(e.equity),
      margin: cents(e.margin),
      loss: cents(e.loss),
      marginLevelPct: cents(e.marginLevelPct),
      time: toIsoUtc(e.time),
    })),
    riskEvents: (engine?.states.history ?? []).map((e) => ({ ...e, time: toIsoUtc(e.time) })),
    challenge: challengeReport(engine),
    statsAs:
      config.statsAs === undefined || barEquity === undefined
        ? null
        : {
            convention: config.statsAs,
            stats: statsAs(config.statsAs, {
              ...backtestStatsInput(series, spec, barEquity, ledger.trades, {
                fills: fills.map((f) => ({ time: f.time, value: f.price * f.volume * spec.contractSize })),
                commission: ledger.commissionPaid,
              }),
              riskFreeRate: config.riskFreeRate ?? 0,
            }),
          },
  };
}

/** Market-closes what is left at the last price: one more price event at the last time and price. */
function closeAtLastPrice(kernel: TradingKernel, venue: Venue, series: MarketSeries): void {
  kernel.closeAll();
  const i = series.length - 1;
  if (series.kind === "ticks") venue.onTick(0, series.time[i]!, series.bid[i]!, series.ask[i]!);
  else {
    const c = series.close[i]!;
    const s = series.spread[i]!;
    // At the last bar's close, i.e. its end time.
    venue.onTick(0, series.time[i]! + TIMEFRAME_MS[series.timeframe], c, c + (Number.isNaN(s) ? 0 : s));
  }
}

function openPositions(ledger: Ledger, spec: InstrumentSpec): OpenPositionRecord[] {
  const bid = ledger.lastBid[0]!;
  const ask = ledger.lastAsk[0]!;
  return ledger.positions.map((p) => {
    const mark = p.side === "buy" ? bid : ask;
    const move = p.side === "buy" ? mark - p.openPrice : p.openPrice - mark;
    return {
      id: p.id,
      symbol: p.symbol,
      side: p.side,
      volume: p.volume,
      openPrice: p.openPrice,
      openTime: toIsoUtc(p.openTime),
      sl: Number.isNaN(p.sl) ? null : p.sl,
      tp: Number.isNaN(p.tp) ? null : p.tp,
      markPrice: mark,
      floatingPnl: cents(move * p.volume * spec.contractSize * ledger.converter.profitRate(0)),
      swap: p.swap ?? 0,
    };
  });
}
