import { MINUTE_MS } from "../../core/time.js";
import { ATR } from "../../indicators/atr.js";
import { type Bar, TIMEFRAME_MS, type Timeframe } from "../../model/market-data.js";
import type { Side } from "../../model/side.js";
import type { Strategy, StrategyContext, Subscription } from "../strategy.js";
import type { ParamSchema, ParamValues } from "../strategy-params.js";
import { parseChoice, parseHm, parseZone, type ZoneClock } from "./ny-session.js";

export const US30_ORB_PARAMS: ParamSchema = {
  zone: { type: "string", default: "America/New_York", description: "IANA zone of the cash session" },
  open: { type: "string", default: "09:30", description: "cash open, local HH:MM" },
  rangeMinutes: { type: "integer", default: 15, min: 1, description: "opening range = the first N minutes" },
  entryEnd: { type: "string", default: "11:30", description: "no entry on a bar closing after this (HH:MM)" },
  exitAt: {
    type: "string",
    default: "15:55",
    description: "flatten a trade still open at this time (HH:MM)",
  },
  buffer: {
    type: "number",
    default: 5,
    min: 0,
    description: "a close beyond the range by more than this (points)",
  },
  stopPad: {
    type: "number",
    default: 2,
    min: 0,
    description: "stop this far beyond the breakout extreme (points)",
  },
  stopAtr: {
    type: "number",
    default: 0.5,
    min: 0,
    description: "stop at least range edge + k × ATR (0: off)",
  },
  atrPeriod: { type: "integer", default: 14, min: 1, description: "ATR length in bars" },
  target: {
    type: "string",
    default: "mid",
    description: "take profit: mid (range midpoint) or opposite (other side)",
  },
};

/**
 * US30 opening-range breakout FADE. The range is the high/low of the bars inside the first `rangeMinutes`
 * after the New York cash open (wall clock in `zone`, so right through both DST changes). A later bar that
 * CLOSES above the range high + buffer is faded with a market short (below the low − buffer: a long), its
 * stop beyond the most extreme price since the range ended (+ pad, or range edge + k × ATR if wider), its
 * target the range midpoint or the other side. One attempt per local day, only on bars closing by
 * `entryEnd`; a trade still open at `exitAt` (or on a later day) is closed. Volume 0: the risk layer sizes.
 */
export class Us30Orb implements Strategy {
  readonly name: string;
  readonly subscriptions: readonly Subscription[];
  private readonly symbol: string;
  private readonly clock: ZoneClock;
  private readonly openMin: number;
  private readonly rangeEnd: number;
  private readonly entryEnd: number;
  private readonly exitAt: number;
  private readonly buffer: number;
  private readonly stopPad: number;
  private readonly stopAtr: number;
  private readonly toOpposite: boolean;
  private readonly atr: ATR;
  private day = Number.NaN;
  private hi = Number.NEGATIVE_INFINITY;
  private lo = Number.POSITIVE_INFINITY;
  /** extremes of the bars after the range */
  private extHi = Number.NEGATIVE_INFINITY;
  private extLo = Number.POSITIVE_INFINITY;
  private tried = false;
  private entryDay = Number.NaN;

  constructor(symbol: string, timeframe: Timeframe, params: ParamValues, name = "us30-orb") {
    this.name = name;
    this.symbol = symbol;
    this.subscriptions = [{ symbol, timeframe }];
    this.clock = parseZone(params.zone as string, name, "zone");
    this.openMin = parseHm(params.open as string, name, "open");
    this.rangeEnd = this.openMin + (params.rangeMinutes as number);
    this.entryEnd = parseHm(params.entryEnd as string, name, "entryEnd");
    this.exitAt = parseHm(params.exitAt as string, name, "exitAt");
    this.buffer = params.buffer as number;
    this.stopPad = params.stopPad as number;
    this.stopAtr = params.stopAtr as number;
    this.toOpposite =
      parseChoice(params.target as string, ["mid", "opposite"], name, "target") === "opposite";
    this.atr = new ATR(params.atrPeriod as number);
  }

  indicators(): Readonly<Record<string, number>> {
    return { atr: this.atr.value, rangeHigh: this.hi, rangeLow: this.lo };
  }

  onBar(bar: Bar, ctx: StrategyContext): void {
    if (bar.symbol !== this.symbol) return;
    this.atr.updateBar(bar.high, bar.low, bar.close);
    const day = this.clock.day(bar.time);
    const start = this.clock.minute(bar.time);
    const end = start + TIMEFRAME_MS[bar.timeframe] / MINUTE_MS;
    if (day !== this.day) this.newDay(day);
    if (ctx.positions(this.symbol).length > 0) {
      if ((end >= this.exitAt || day !== this.entryDay) && ctx.openOrders(this.symbol).length === 0)
        ctx.submit({ kind: "close", symbol: this.symbol, tag: `${this.name} time exit` });
      return;
    }
    if (start >= this.openMin && start < this.rangeEnd) {
      this.hi = Math.max(this.hi, bar.high);
      this.lo = Math.min(this.lo, bar.low);
      return;
    }
    if (start < this.rangeEnd || !(this.hi >= this.lo)) return;
    this.extHi = Math.max(this.extHi, bar.high);
    this.extLo = Math.min(this.extLo, bar.low);
    if (this.tried || end > this.entryEnd || ctx.openOrders(this.symbol).length > 0) return;
    if (bar.close > this.hi + this.buffer) this.enter("sell", bar.close, ctx);
    else if (bar.close < this.lo - this.buffer) this.enter("buy", bar.close, ctx);
  }

  private enter(side: Side, close: number, ctx: StrategyContext): void {
    this.tried = true;
    this.entryDay = this.day;
    const atrPart = this.stopAtr > 0 && this.atr.ready ? this.stopAtr * this.atr.value : 0;
    const mid = (this.hi + this.lo) / 2;
    const short = side === "sell";
    const sl = short
      ? Math.max(this.extHi + this.stopPad, this.hi + atrPart)
      : Math.min(this.extLo - this.stopPad, this.lo - atrPart);
    const tp = this.toOpposite ? (short ? this.lo : this.hi) : mid;
    const edge = short
      ? `> range high ${this.hi} + ${this.buffer}`
      : `< range low ${this.lo} - ${this.buffer}`;
    ctx.submit({
      kind: "open",
      symbol: this.symbol,
      side,
      orderType: "market",
      volume: 0,
      sl,
      tp,
      tag: `${this.name} fade ${short ? "short" : "long"}: close ${close} ${edge} (range ${this.lo}-${this.hi})`,
    });
  }

  private newDay(day: number): void {
    this.day = day;
    this.hi = this.extHi = Number.NEGATIVE_INFINITY;
    this.lo = this.extLo = Number.POSITIVE_INFINITY;
    this.tried = false;
  }
}
