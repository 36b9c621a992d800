import { ATR } from "../../indicators/atr.js";
import { RollingExtreme } from "../../indicators/window.js";
import type { Bar, Timeframe } from "../../model/market-data.js";
import type { Strategy, StrategyContext, Subscription } from "../strategy.js";
import type { ParamSchema, ParamValues } from "../strategy-params.js";
import { inSession, parseChoice, parseHm, parseZone, px, type SessionClock } from "./ftmo-session.js";

export const EURUSD_BREAKOUT = "eurusd-breakout";

export const EURUSD_BREAKOUT_PARAMS: ParamSchema = {
  zone: { type: "string", default: "America/New_York", description: "IANA zone of the times below" },
  dayStart: { type: "string", default: "17:00", description: "trading-day start, local HH:MM (the FX day)" },
  entryFrom: {
    type: "string",
    default: "03:00",
    description: "entries on bars ending from this local HH:MM",
  },
  entryTo: { type: "string", default: "12:00", description: "… until before this local HH:MM" },
  pipSize: { type: "number", default: 0.0001, min: 0, description: "price of one pip" },
  bufferPips: {
    type: "number",
    default: 2,
    min: 0,
    description: "close this far beyond the level to break it",
  },
  stopMode: {
    type: "string",
    default: "bars",
    description: "bars: beyond the last rangeBars bars; day: the other side of yesterday; atr: stopAtr ATRs",
  },
  rangeBars: {
    type: "integer",
    default: 24,
    min: 1,
    description: "bars of the range the bars stop sits beyond",
  },
  stopAtr: { type: "number", default: 1.5, min: 0, description: "stop distance in ATRs (stopMode=atr)" },
  atrPeriod: { type: "integer", default: 14, min: 1, description: "ATR length in bars" },
  minStopPips: { type: "number", default: 5, min: 0, description: "skip a breakout with a closer stop" },
  targetR: { type: "number", default: 2, min: 0, description: "target at this multiple of the risk" },
  srDays: {
    type: "integer",
    default: 0,
    min: 0,
    description:
      "S/R filter: skip when a high (low) of the srDays days before yesterday lies before the target",
  },
};

type StopMode = "bars" | "day" | "atr";

/**
 * EUR/USD Breakout: a bar closing bufferPips beyond the previous trading day's high → long, beyond its
 * low → short; the trading day runs from dayStart (17:00 New York, the FX day) so it follows US DST.
 * Stop beyond the range of the last rangeBars bars, the other side of yesterday's range, or stopAtr ATRs;
 * target targetR × the risk. One trade per direction per day, one position at a time, entries only on
 * bars ending in [entryFrom, entryTo). A day whose start the bot did not see (it started mid-day) is not
 * a "previous day". Optional S/R filter: older daily highs/lows between entry and target veto the trade.
 */
export class EurusdBreakout implements Strategy {
  readonly name: string;
  readonly subscriptions: readonly Subscription[];
  private readonly symbol: string;
  private readonly clock: SessionClock;
  private readonly dayStart: number;
  private readonly from: number;
  private readonly to: number;
  private readonly mode: StopMode;
  private readonly p: ParamValues;
  private readonly pip: number;
  private readonly atr: ATR;
  private readonly highs: RollingExtreme;
  private readonly lows: RollingExtreme;
  private day = Number.NaN;
  private dayHigh = 0;
  private dayLow = 0;
  private seenStart = false;
  private prevHigh = Number.NaN;
  private prevLow = Number.NaN;
  /** highs and lows of the days before yesterday, newest last (srDays of them) */
  private readonly olderHighs: number[] = [];
  private readonly olderLows: number[] = [];
  private longDone = false;
  private shortDone = false;

  constructor(symbol: string, timeframe: Timeframe, params: ParamValues, name = EURUSD_BREAKOUT) {
    this.name = name;
    this.symbol = symbol;
    this.subscriptions = [{ symbol, timeframe }];
    this.p = params;
    this.pip = params.pipSize as number;
    this.clock = parseZone(params.zone as string, name, "zone");
    this.dayStart = parseHm(params.dayStart as string, name, "dayStart");
    this.from = parseHm(params.entryFrom as string, name, "entryFrom");
    this.to = parseHm(params.entryTo as string, name, "entryTo");
    this.mode = parseChoice(params.stopMode as string, ["bars", "day", "atr"], name, "stopMode");
    this.atr = new ATR(params.atrPeriod as number);
    this.highs = new RollingExtreme(params.rangeBars as number, "max");
    this.lows = new RollingExtreme(params.rangeBars as number, "min");
  }

  indicators(): Readonly<Record<string, number>> {
    return { atr: this.atr.value, prevDayHigh: this.prevHigh, prevDayLow: this.prevLow };
  }

  onBar(bar: Bar, ctx: StrategyContext): void {
    this.atr.updateBar(bar.high, bar.low, bar.close);
    const hi = this.highs.push(bar.high);
    const lo = this.lows.push(bar.low);
    const day = this.clock.day(bar.time, this.dayStart);
    if (day !== this.day) this.newDay(bar, day);
    this.dayHigh = Math.max(this.dayHigh, bar.high);
    this.dayLow = Math.min(this.dayLow, bar.low);
    if (!inSession(this.clock.minute(bar.endTime), this.from, this.to) || Number.isNaN(this.prevHigh)) return;
    if (ctx.positions(this.symbol).length > 0 || ctx.openOrders(this.symbol).length > 0) return;
    const buffer = (this.p.bufferPips as number) * this.pip;
    if (!this.longDone && bar.close > this.prevHigh + buffer) {
      const sl =
        this.mode === "bars" ? lo - buffer : this.mode === "day" ? this.prevLow - buffer : Number.NaN;
      if (this.enter(bar, ctx, 1, sl)) this.longDone = true;
    } else if (!this.shortDone && bar.close < this.prevLow - buffer) {
      const sl =
        this.mode === "bars" ? hi + buffer : this.mode === "day" ? this.prevHigh + buffer : Number.NaN;
      if (this.enter(bar, ctx, -1, sl)) this.shortDone = true;
    }
  }

  private newDay(bar: Bar, day: number): void {
    const keep = this.p.srDays as number;
    if (keep > 0 && !Number.isNaN(this.prevHigh)) {
      this.olderHighs.push(this.prevHigh);
      this.olderLows.push(this.prevLow);
      if (this.olderHighs.length > keep) {
        this.olderHighs.shift();
        this.olderLows.shift();
      }
    }
    // the previous trading day, however long the gap (a weekend, a holiday), if the bot saw it whole
    this.prevHigh = this.seenStart ? this.dayHigh : Number.NaN;
    this.prevLow = this.seenStart ? this.dayLow : Number.NaN;
    this.day = day;
    this.dayHigh = bar.high;
    this.dayLow = bar.low;
    this.seenStart = inSession(this.clock.minute(bar.time), this.dayStart, (this.dayStart + 60) % 1440);
    this.longDone = this.shortDone = false;
  }

  /** Submits the breakout trade; false when its stop is unusable or the S/R filter vetoes it. */
  private enter(bar: Bar, ctx: StrategyContext, dir: number, sl: number): boolean {
    if (this.mode === "atr")
      sl = this.atr.ready ? bar.close - dir * (this.p.stopAtr as number) * this.atr.value : sl;
    const risk = dir * (bar.close - sl);
    if (!(risk >= (this.p.minStopPips as number) * this.pip) || risk <= 0) return false;
    const tp = bar.close + dir * (this.p.targetR as number) * risk;
    const levels = dir > 0 ? this.olderHighs : this.olderLows;
    if (levels.some((x) => dir * (x - bar.close) > 0 && dir * (tp - x) > 0)) return false;
    const level = dir > 0 ? this.prevHigh : this.prevLow;
    const r = ctx.submit({
      kind: "open",
      symbol: this.symbol,
      side: dir > 0 ? "buy" : "sell",
      orderType: "market",
      volume: 0,
      sl,
      tp,
      tag: `${this.name}: close ${px(bar.close)} broke yesterday's ${dir > 0 ? "high" : "low"} ${px(level)}`,
    });
    return r.accepted;
  }
}
