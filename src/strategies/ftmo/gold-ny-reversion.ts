import { ATR } from "../../indicators/atr.js";
import { SessionVwap } from "../../indicators/session-vwap.js";
import { RollingExtreme } from "../../indicators/window.js";
import type { Bar, Timeframe } from "../../model/market-data.js";
import type { Strategy, StrategyContext, Subscription } from "../strategy.js";
import type { ParamSchema, ParamValues } from "../strategy-params.js";
import { inSession, parseChoice, parseHm, parseZone, px, type SessionClock } from "./ftmo-session.js";

export const GOLD_NY_REVERSION = "gold-ny-reversion";

export const GOLD_NY_REVERSION_PARAMS: ParamSchema = {
  zone: { type: "string", default: "America/New_York", description: "IANA zone of the session times below" },
  sessionStart: { type: "string", default: "09:30", description: "session (and VWAP) start, local HH:MM" },
  sessionEnd: { type: "string", default: "16:00", description: "session end, local HH:MM: flat by then" },
  entryEnd: { type: "string", default: "15:30", description: "no new entry from this local HH:MM on" },
  band: {
    type: "string",
    default: "atr",
    description: "deviation unit: atr (ATR of the bars) or std (VWAP std)",
  },
  k: { type: "number", default: 2, min: 0, description: "enter when the close is k units beyond the VWAP" },
  atrPeriod: { type: "integer", default: 14, min: 1, description: "ATR length in bars" },
  warmupBars: { type: "integer", default: 6, min: 1, description: "session bars before the first entry" },
  extremeBars: {
    type: "integer",
    default: 3,
    min: 1,
    description: "stop beyond the extreme of this many bars",
  },
  stopBuffer: { type: "number", default: 0.5, min: 0, description: "stop this many band units beyond it" },
  maxTrades: { type: "integer", default: 2, min: 1, description: "entries per session at most" },
};

/**
 * Gold NY Reversion (XAUUSD): during the New York session, a close more than k × ATR (or k × the VWAP
 * standard deviation) above the session VWAP → short, below → long; target the VWAP at entry, stop
 * stopBuffer units beyond the extreme of the last extremeBars bars. One position at a time, at most
 * maxTrades a session, entries only on bars ending before entryEnd, flat (a close intent) on the bar
 * ending at the session end. Session times are local in `zone`, so they follow New York's DST.
 */
export class GoldNyReversion implements Strategy {
  readonly name: string;
  readonly subscriptions: readonly Subscription[];
  private readonly symbol: string;
  private readonly clock: SessionClock;
  private readonly start: number;
  private readonly end: number;
  private readonly entryEnd: number;
  private readonly useStd: boolean;
  private readonly p: ParamValues;
  private readonly atr: ATR;
  private readonly highs: RollingExtreme;
  private readonly lows: RollingExtreme;
  private readonly vwap = new SessionVwap();
  private day = Number.NaN;
  private bars = 0;
  private trades = 0;

  constructor(symbol: string, timeframe: Timeframe, params: ParamValues, name = GOLD_NY_REVERSION) {
    this.name = name;
    this.symbol = symbol;
    this.subscriptions = [{ symbol, timeframe }];
    this.p = params;
    this.clock = parseZone(params.zone as string, name, "zone");
    this.start = parseHm(params.sessionStart as string, name, "sessionStart");
    this.end = parseHm(params.sessionEnd as string, name, "sessionEnd");
    this.entryEnd = parseHm(params.entryEnd as string, name, "entryEnd");
    this.useStd = parseChoice(params.band as string, ["atr", "std"], name, "band") === "std";
    this.atr = new ATR(params.atrPeriod as number);
    this.highs = new RollingExtreme(params.extremeBars as number, "max");
    this.lows = new RollingExtreme(params.extremeBars as number, "min");
  }

  indicators(): Readonly<Record<string, number>> {
    return { atr: this.atr.value, vwap: this.vwap.value, vwapStd: this.vwap.std };
  }

  onBar(bar: Bar, ctx: StrategyContext): void {
    this.atr.updateBar(bar.high, bar.low, bar.close);
    const hi = this.highs.push(bar.high);
    const lo = this.lows.push(bar.low);
    const m = this.clock.minute(bar.time);
    if (!inSession(m, this.start, this.end)) {
      this.flatten(ctx, "outside the session");
      return;
    }
    const day = this.clock.day(bar.time);
    if (day !== this.day) {
      this.day = day;
      this.vwap.reset();
      this.bars = 0;
      this.trades = 0;
    }
    this.vwap.add(bar.high, bar.low, bar.close, bar.volume);
    this.bars++;
    const endM = this.clock.minute(bar.endTime);
    if (!inSession(endM, this.start, this.end)) {
      this.flatten(ctx, "session end");
      return;
    }
    if (!inSession(endM, this.start, this.entryEnd) || this.bars < (this.p.warmupBars as number)) return;
    if (this.trades >= (this.p.maxTrades as number)) return;
    if (ctx.positions(this.symbol).length > 0 || ctx.openOrders(this.symbol).length > 0) return;
    const unit = this.useStd ? this.vwap.std : this.atr.value;
    if (!(unit > 0)) return;
    const vwap = this.vwap.value;
    const dev = (bar.close - vwap) / unit;
    if (Math.abs(dev) <= (this.p.k as number)) return;
    const short = dev > 0;
    const buffer = (this.p.stopBuffer as number) * unit;
    const sl = short ? hi + buffer : lo - buffer;
    if (short ? sl <= bar.close : sl >= bar.close) return;
    const r = ctx.submit({
      kind: "open",
      symbol: this.symbol,
      side: short ? "sell" : "buy",
      orderType: "market",
      volume: 0,
      sl,
      tp: vwap,
      tag: `${this.name}: close ${px(bar.close)} ${px(dev)} ${this.useStd ? "std" : "ATR"} from VWAP ${px(vwap)}`,
    });
    if (r.accepted) this.trades++;
  }

  private flatten(ctx: StrategyContext, why: string): void {
    if (ctx.positions(this.symbol).length === 0 || ctx.openOrders(this.symbol).length > 0) return;
    ctx.submit({ kind: "close", symbol: this.symbol, tag: `${this.name}: ${why}` });
  }
}
