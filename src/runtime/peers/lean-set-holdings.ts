import type { StatsInput } from "../../portfolio/stats-input.js";

export interface LeanSetHoldingsConfig {
  cash: number;
  /** first and last trading day, New York dates (YYYY-MM-DD) */
  startDate: string;
  endDate: string;
  /**
   * LEAN's default price normalisation is Adjusted: every price × the factor its factor file gives the
   * day (dividends since). The SPY factor for October 2013 at the reference commit is 0.8646266.
   */
  priceFactor: number;
  /**
   * A buy fills at the ask. LEAN reads it from its quote bars; the shared data has trades only, so the
   * ask is the trade close plus this spread (raw price units).
   */
  askSpread: number;
  /** share of the portfolio SetHoldings leaves in cash (LEAN's FreePortfolioValuePercentage, 0.25%) */
  freePortfolioPct: number;
}

/**
 * LEAN's defaults for BasicTemplateAlgorithm that the shared data does not carry, each from LEAN's
 * repository at the reference commit: the SPY factor file (Data/equity/usa/factor_files/spy.csv:
 * 0.8646266 until 2013-12-19); the ask of the 09:30 quote bar of 2013-10-07
 * (Data/equity/usa/minute/spy/20131007_quote.zip: bid 167.44, ask 167.45, one cent above the trade
 * close; LEAN's equity fill model buys at the ask, not at the latest trade price); the 0.25% free
 * portfolio value of SetHoldings; and the risk-free rate, the Fed's primary credit rate, 0.75% from
 * 2010-02-19 to 2015-12-17 (Data/alternative/interest-rate/usa/interest-rate.csv).
 */
export const LEAN_BASIC_TEMPLATE = {
  priceFactor: 0.8646266,
  askSpread: 0.01,
  freePortfolioPct: 0.0025,
  riskFreeRate: 0.0075,
} as const;

/**
 * Interactive Brokers' US equity fee as LEAN models it: $0.005 a share; under $1 it is $1, else at most
 * 0.5% of the value (the minimum wins over the cap, in LEAN's order).
 */
export function ibEquityFee(shares: number, price: number): number {
  const fee = 0.005 * shares;
  return fee < 1 ? 1 : Math.min(fee, 0.005 * shares * price);
}

const NY = new Intl.DateTimeFormat("en-CA", {
  timeZone: "America/New_York",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

function newYork(ms: number): { date: string; minute: number } {
  const p = Object.fromEntries(NY.formatToParts(ms).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, minute: Number(p.hour) * 60 + Number(p.minute) };
}

/**
 * LEAN's BasicTemplateAlgorithm on minute trade bars: regular hours only (bars opening 09:30–15:59 New
 * York), on the first data event (the end of the first bar) SetHoldings(100%) with a market order, then
 * hold. SetHoldings targets (1 − free %) of the portfolio value: whole shares at the ask, fewer while
 * shares × ask + fee exceeds it. The market order fills at once at the ask (LEAN's equity fill model);
 * holdings are marked at each bar's trade close. Prices are adjusted by `priceFactor`.
 * The equity curve is what LEAN's statistics read, its "Strategy Equity" chart: the starting cash at the
 * start date's midnight (New York), then a sample at the end of a bar whenever the time has passed the
 * next sample time (the sample time + LEAN's resample period: max(4 minutes, backtest minutes / 4000)),
 * and every day's last bar (LEAN samples the day's close at midnight).
 */
export function runLeanSetHoldings(
  bars: { time: readonly number[]; close: readonly number[] },
  config: LeanSetHoldingsConfig,
): { input: StatsInput; shares: number; fillPrice: number; fees: number } {
  const f = config.priceFactor;
  const time: number[] = [];
  const equity: number[] = [];
  const close: number[] = [];
  let cash = config.cash;
  let shares = 0;
  let fillPrice = Number.NaN;
  let fees = 0;
  const fills: Array<{ time: number; value: number }> = [];
  const days = (Date.parse(config.endDate) - Date.parse(config.startDate)) / 86_400_000 + 1;
  const resampleMs = Math.max(4, (days * 1440) / 4000) * 60_000;
  let nextSample = Number.NEGATIVE_INFINITY;
  /** the last bar's point while it is not in the series yet: a day's close always is (LEAN's daily sample) */
  let pending: [number, number, number] | null = null;
  let day = "";
  const flush = (): void => {
    if (pending === null) return;
    time.push(pending[0]);
    equity.push(pending[1]);
    close.push(pending[2]);
    pending = null;
  };
  for (let i = 0; i < bars.time.length; i++) {
    const at = newYork(bars.time[i]!);
    if (at.date < config.startDate || at.date > config.endDate) continue;
    if (at.minute < 9 * 60 + 30 || at.minute >= 16 * 60) continue;
    if (at.date !== day) flush();
    day = at.date;
    const price = bars.close[i]! * f;
    if (time.length === 0) {
      const dayStart = bars.time[i]! - at.minute * 60_000;
      time.push(dayStart);
      equity.push(config.cash);
      close.push(price);
    }
    if (shares === 0) {
      const ask = (bars.close[i]! + config.askSpread) * f;
      const target = (cash + shares * price) * (1 - config.freePortfolioPct);
      let n = Math.floor(target / ask);
      while (n > 0 && n * ask + ibEquityFee(n, ask) > target) n--;
      shares = n;
      fillPrice = ask;
      fees = ibEquityFee(n, ask);
      cash -= n * ask + fees;
      fills.push({ time: bars.time[i]! + 60_000, value: n * ask });
    }
    const t = bars.time[i]! + 60_000;
    pending = [t, cash + shares * price, price];
    if (t <= nextSample) continue;
    nextSample = t + resampleMs;
    flush();
  }
  flush();
  return {
    input: { time, equity, close, trades: [], warmupBars: 0, orders: fills.length, fees, fills },
    shares,
    fillPrice,
    fees,
  };
}
