import { MINUTE_MS } from "../../core/time.js";
import { ATR } from "../../indicators/atr.js";
import { EMA } from "../../indicators/ema.js";
import { SMA } from "../../indicators/sma.js";
import { RollingWindow } from "../../indicators/window.js";
import type { Bar, Timeframe } from "../../model/market-data.js";
import type { Strategy, StrategyContext, Subscription } from "../strategy.js";
import type { ParamSchema, ParamValues } from "../strategy-params.js";
import { inWindow, parseWindows, type ZoneWindow } from "./ny-session.js";

export const HF_SCALPER_PARAMS: ParamSchema = {
  emaPeriod: { type: "integer", default: 5, min: 1, description: "fast EMA whose slope must agree" },
  momBars: { type: "integer", default: 3, min: 1, description: "momentum = close − close N bars ago" },
  momAtr: { type: "number", default: 1, min: 0, description: "enter when |momentum| > k × ATR" },
  atrPeriod: {
    type: "integer",
    default: 14,
    min: 1,
    description: "ATR length (bars of the timeframe, M1 by default)",
  },
  stopAtr: { type: "number", default: 1, min: 0, description: "stop k × ATR from the signal close" },
  rr: {
    type: "number",
    default: 1.5,
    min: 0,
    description: "target at this multiple of the stop distance (R)",
  },
  spreadMax: {
    type: "number",
    default: 2,
    min: 0,
    description: "skip when the spread > k × the typical spread",
  },
  spreadPeriod: {
    type: "integer",
    default: 60,
    min: 1,
    description: "typical spread = mean of the last N bar spreads",
  },
  cooldownMin: { type: "number", default: 5, min: 0, description: "minutes between entries" },
  maxPerHour: { type: "integer", default: 6, min: 1, description: "entries in any rolling 60 minutes" },
  maxHoldMin: { type: "number", default: 30, min: 0, description: "close a scalp open this long (0: never)" },
  hours: {
    type: "string",
    default: "Europe/London 08:00-16:30, America/New_York 08:00-17:00",
    description: "liquid hours: 'Zone HH:MM-HH:MM' list, all must hold (default: the London/NY overlap)",
  },
};

/**
 * Momentum scalper on one symbol's bars (M1 by default; one instance per symbol). A bar whose close moved
 * more than momAtr × ATR over the last momBars bars, in the direction of the fast EMA's slope and on its
 * side, sends a market order with a stop stopAtr × ATR away and a target rr × that distance — unless the
 * bar's spread is over spreadMax × the typical spread, the entry time is outside the liquid hours, the
 * cool-down since the last entry is running, or maxPerHour entries were made in the last 60 minutes (an
 * attempt counts, approved or not, so a denial is not retried every bar). One
 * position at a time; a scalp still open after maxHoldMin is closed. Its source name is "hf-scalper" (the
 * risk layer sizes that source at 1%); the orchestrator may pass another name.
 */
export class HfScalper implements Strategy {
  readonly name: string;
  readonly subscriptions: readonly Subscription[];
  private readonly symbol: string;
  private readonly p: Readonly<Record<string, number>>;
  private readonly hours: ZoneWindow[];
  private readonly ema: EMA;
  private readonly atr: ATR;
  private readonly closes: RollingWindow;
  private readonly spreads: SMA;
  private readonly entries: RollingWindow;
  private prevEma = Number.NaN;

  constructor(symbol: string, timeframe: Timeframe, params: ParamValues, name = "hf-scalper") {
    this.name = name;
    this.symbol = symbol;
    this.subscriptions = [{ symbol, timeframe }];
    const p: Record<string, number> = {};
    for (const [k, v] of Object.entries(params)) if (typeof v === "number") p[k] = v;
    this.p = p;
    this.hours = parseWindows(params.hours as string, name, "hours");
    this.ema = new EMA(p.emaPeriod!);
    this.atr = new ATR(p.atrPeriod!);
    this.closes = new RollingWindow(p.momBars! + 1);
    this.spreads = new SMA(p.spreadPeriod!);
    this.entries = new RollingWindow(p.maxPerHour!);
  }

  indicators(): Readonly<Record<string, number>> {
    return { ema: this.ema.value, atr: this.atr.value, typicalSpread: this.spreads.value };
  }

  onBar(bar: Bar, ctx: StrategyContext): void {
    if (bar.symbol !== this.symbol) return;
    const p = this.p;
    const prevEma = this.prevEma;
    const ema = (this.prevEma = this.ema.update(bar.close));
    const atr = this.atr.updateBar(bar.high, bar.low, bar.close);
    this.closes.push(bar.close);
    const typical = this.spreads.value;
    if (Number.isFinite(bar.spread)) this.spreads.update(bar.spread);
    const now = ctx.now();
    const open = ctx.positions(this.symbol);
    if (open.length > 0) {
      if (
        p.maxHoldMin! > 0 &&
        now - open[0]!.openTime >= p.maxHoldMin! * MINUTE_MS &&
        ctx.openOrders(this.symbol).length === 0
      )
        ctx.submit({ kind: "close", symbol: this.symbol, tag: `${this.name} max hold ${p.maxHoldMin} min` });
      return;
    }
    if (!this.closes.full || !this.atr.ready || !(atr > 0) || Number.isNaN(prevEma)) return;
    const mom = bar.close - this.closes.at(0);
    const up = mom > p.momAtr! * atr && ema > prevEma && bar.close > ema;
    const down = mom < -p.momAtr! * atr && ema < prevEma && bar.close < ema;
    if (!up && !down) return;
    if (ctx.openOrders(this.symbol).length > 0 || !this.hours.every((w) => inWindow(w, bar.endTime))) return;
    if (typical > 0 && bar.spread > p.spreadMax! * typical) return;
    const n = this.entries.count;
    if (n > 0 && now - this.entries.at(n - 1) < p.cooldownMin! * MINUTE_MS) return;
    if (this.entries.full && now - this.entries.at(0) < 60 * MINUTE_MS) return;
    const dist = p.stopAtr! * atr;
    if (!(dist > 0)) return;
    const dir = up ? 1 : -1;
    this.entries.push(now);
    ctx.submit({
      kind: "open",
      symbol: this.symbol,
      side: up ? "buy" : "sell",
      orderType: "market",
      volume: 0,
      sl: bar.close - dir * dist,
      tp: bar.close + dir * p.rr! * dist,
      tag: `${this.name} momentum ${up ? "up" : "down"}: ${p.momBars}-bar move ${mom.toPrecision(4)} > ${p.momAtr} × ATR ${atr.toPrecision(4)}`,
    });
  }
}
