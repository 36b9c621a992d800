import { MINUTE_MS } from "../../core/time.js";
import { type Bar, TIMEFRAME_MS, type Timeframe } from "../../model/market-data.js";
import type { Strategy, StrategyContext, Subscription } from "../strategy.js";
import type { ParamSchema, ParamValues } from "../strategy-params.js";
import { parseChoice, parseHm, parseZone, type ZoneClock } from "./ny-session.js";

export const NAS100_GAP_PARAMS: ParamSchema = {
  zone: { type: "string", default: "America/New_York", description: "IANA zone of the cash session" },
  open: { type: "string", default: "09:30", description: "cash open, local HH:MM" },
  close: {
    type: "string",
    default: "16:00",
    description: "cash close, local HH:MM (previous close = last bar before it)",
  },
  gapUnit: {
    type: "string",
    default: "pct",
    description: "unit of minGap/maxGap: pct (of the previous close) or points",
  },
  minGap: { type: "number", default: 0.2, min: 0, description: "trade a gap at least this large" },
  maxGap: {
    type: "number",
    default: 1.5,
    min: 0,
    description: "skip a gap larger than this (big gaps trend)",
  },
  stopPad: {
    type: "number",
    default: 5,
    min: 0,
    description: "stop at least this far beyond the first bar's extreme (points)",
  },
  stopGap: {
    type: "number",
    default: 0.5,
    min: 0,
    description: "stop at least k × |gap| beyond the cash open",
  },
  exitAt: {
    type: "string",
    default: "12:00",
    description: "close a trade not yet filled at this local time (HH:MM)",
  },
  maxGapDays: {
    type: "integer",
    default: 4,
    min: 1,
    description: "previous close at most this many days back (weekends)",
  },
};

/**
 * NAS100 gap fill at the New York cash open. The gap is the open of the first cash-session bar (the one
 * containing `open`, local time in `zone`, DST-proof) against the previous session's close (the close of
 * its last bar before `close`). If minGap ≤ |gap| ≤ maxGap and the first bar has not already filled it,
 * the bar's close sends a market order toward the fill — gap up: short — with the target at the previous
 * close and the stop beyond the first bar's extreme + pad or the open ± k × |gap|, whichever is wider.
 * One attempt per local day; a trade still open when a bar closes at or after `exitAt` is closed.
 */
export class Nas100Gap implements Strategy {
  readonly name: string;
  readonly subscriptions: readonly Subscription[];
  private readonly symbol: string;
  private readonly clock: ZoneClock;
  private readonly openMin: number;
  private readonly closeMin: number;
  private readonly exitAt: number;
  private readonly inPct: boolean;
  private readonly minGap: number;
  private readonly maxGap: number;
  private readonly stopPad: number;
  private readonly stopGap: number;
  private readonly maxGapDays: number;
  private day = Number.NaN;
  private tried = false;
  private entryDay = Number.NaN;
  private prevClose = Number.NaN;
  private prevCloseDay = Number.NaN;

  constructor(symbol: string, timeframe: Timeframe, params: ParamValues, name = "nas100-gap") {
    this.name = name;
    this.symbol = symbol;
    this.subscriptions = [{ symbol, timeframe }];
    this.clock = parseZone(params.zone as string, name, "zone");
    this.openMin = parseHm(params.open as string, name, "open");
    this.closeMin = parseHm(params.close as string, name, "close");
    this.exitAt = parseHm(params.exitAt as string, name, "exitAt");
    this.inPct = parseChoice(params.gapUnit as string, ["pct", "points"], name, "gapUnit") === "pct";
    this.minGap = params.minGap as number;
    this.maxGap = params.maxGap as number;
    this.stopPad = params.stopPad as number;
    this.stopGap = params.stopGap as number;
    this.maxGapDays = params.maxGapDays as number;
  }

  indicators(): Readonly<Record<string, number>> {
    return { prevClose: this.prevClose };
  }

  onBar(bar: Bar, ctx: StrategyContext): void {
    if (bar.symbol !== this.symbol) return;
    const day = this.clock.day(bar.time);
    const start = this.clock.minute(bar.time);
    const tfMin = TIMEFRAME_MS[bar.timeframe] / MINUTE_MS;
    if (day !== this.day) {
      this.day = day;
      this.tried = false;
    }
    if (ctx.positions(this.symbol).length > 0) {
      if ((start + tfMin >= this.exitAt || day !== this.entryDay) && ctx.openOrders(this.symbol).length === 0)
        ctx.submit({ kind: "close", symbol: this.symbol, tag: `${this.name} time exit: gap not filled` });
    } else if (!this.tried && start >= this.openMin && start < this.openMin + tfMin) {
      this.tried = true;
      if (ctx.openOrders(this.symbol).length === 0) this.consider(bar, day, ctx);
    }
    if (start >= this.openMin && start < this.closeMin) {
      this.prevClose = bar.close;
      this.prevCloseDay = day;
    }
  }

  private consider(bar: Bar, day: number, ctx: StrategyContext): void {
    const prev = this.prevClose;
    const age = day - this.prevCloseDay;
    if (!(age >= 1 && age <= this.maxGapDays)) return;
    const gap = bar.open - prev;
    const size = this.inPct ? (Math.abs(gap) / prev) * 100 : Math.abs(gap);
    if (gap === 0 || size < this.minGap || size > this.maxGap) return;
    const up = gap > 0;
    // the first bar already went back to the previous close: nothing left to fill
    if (up ? bar.close <= prev : bar.close >= prev) return;
    const reach = this.stopGap * Math.abs(gap);
    const sl = up
      ? Math.max(bar.high + this.stopPad, bar.open + reach)
      : Math.min(bar.low - this.stopPad, bar.open - reach);
    if (up ? sl <= bar.close : sl >= bar.close) return;
    this.entryDay = day;
    const unit = this.inPct ? `${size.toFixed(2)}%` : `${size} pts`;
    ctx.submit({
      kind: "open",
      symbol: this.symbol,
      side: up ? "sell" : "buy",
      orderType: "market",
      volume: 0,
      sl,
      tp: prev,
      tag: `${this.name} gap ${up ? "up" : "down"} ${unit}: open ${bar.open} vs previous close ${prev}, fade to the fill`,
    });
  }
}
