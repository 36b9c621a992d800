import { ATR } from "../../indicators/atr.js";
import type { Bar, Timeframe } from "../../model/market-data.js";
import type { Strategy, StrategyContext, Subscription } from "../strategy.js";
import type { ParamSchema, ParamValues } from "../strategy-params.js";
import { inSession, parseHm, parseZone, px, type SessionClock } from "./ftmo-session.js";

export const GOLD_LONDON_REVERSAL = "gold-london-reversal";

export const GOLD_LONDON_REVERSAL_PARAMS: ParamSchema = {
  zone: { type: "string", default: "Europe/London", description: "IANA zone of the session times below" },
  asiaStart: {
    type: "string",
    default: "00:00",
    description: "Asian session start, local HH:MM (00:00 London = Tokyo 09:00 in winter, 08:00 in summer)",
  },
  londonOpen: {
    type: "string",
    default: "08:00",
    description: "London open, local HH:MM: the Asian session's end",
  },
  entryEnd: { type: "string", default: "10:00", description: "no entry from this local HH:MM on" },
  minMovePct: { type: "number", default: 0.3, min: 0, description: "least Asian move, % of the Asian open" },
  minMoveAtr: {
    type: "number",
    default: 0,
    min: 0,
    description: "least Asian move in ATRs of the bars (0: off)",
  },
  atrPeriod: { type: "integer", default: 14, min: 1, description: "ATR length in bars (for minMoveAtr)" },
  stopBufferPct: {
    type: "number",
    default: 0.05,
    min: 0,
    description: "stop this % beyond the session extreme",
  },
  targetRetrace: {
    type: "number",
    default: 0.5,
    min: 0,
    description: "target: this fraction of the Asian range back",
  },
  targetR: {
    type: "number",
    default: 0,
    min: 0,
    description: "target in R multiples instead (0: use targetRetrace)",
  },
  confirm: {
    type: "integer",
    default: 0,
    min: 0,
    description: "1: enter on the first bar closing against the Asian move inside the window; 0: at the open",
  },
};

/**
 * Gold London Reversal (XAUUSD): fades the Asian session's trend at the London open. The Asian move is the
 * close of the bar ending at the London open (the first bar ending at or after it when data is missing)
 * minus the open of the session's first bar. A move of at least minMovePct (and minMoveAtr ATRs, when set)
 * is faded: an up-trending Asia → short, stop stopBufferPct above the session high (Asia through the entry
 * bar), target targetRetrace × the Asian range below the entry bar's close (or targetR × the risk).
 * One trade a day; orders are submitted only on bars ending in [londonOpen, entryEnd) local time, so the
 * UTC entry follows the zone through both DST changes. Volume 0: the risk layer sizes the trade.
 */
export class GoldLondonReversal implements Strategy {
  readonly name: string;
  readonly subscriptions: readonly Subscription[];
  private readonly symbol: string;
  private readonly clock: SessionClock;
  private readonly asiaStart: number;
  private readonly londonOpen: number;
  private readonly entryEnd: number;
  private readonly p: ParamValues;
  private readonly atr: ATR;
  /** the session being measured: its day (the London open's local day), open, extremes and Asian range */
  private day = Number.NaN;
  private open = 0;
  private high = 0;
  private low = 0;
  private asiaRange = 0;
  /** +1 Asia went up (fade: sell), −1 down (fade: buy), 0 none; set once per day at the open */
  private signal = 0;
  private decidedDay = Number.NaN;
  private tradedDay = Number.NaN;

  constructor(symbol: string, timeframe: Timeframe, params: ParamValues, name = GOLD_LONDON_REVERSAL) {
    this.name = name;
    this.symbol = symbol;
    this.subscriptions = [{ symbol, timeframe }];
    this.p = params;
    this.clock = parseZone(params.zone as string, name, "zone");
    this.asiaStart = parseHm(params.asiaStart as string, name, "asiaStart");
    this.londonOpen = parseHm(params.londonOpen as string, name, "londonOpen");
    this.entryEnd = parseHm(params.entryEnd as string, name, "entryEnd");
    this.atr = new ATR(params.atrPeriod as number);
  }

  indicators(): Readonly<Record<string, number>> {
    return { atr: this.atr.value, asiaHigh: this.high, asiaLow: this.low, asiaRange: this.asiaRange };
  }

  onBar(bar: Bar, ctx: StrategyContext): void {
    this.atr.updateBar(bar.high, bar.low, bar.close);
    const m = this.clock.minute(bar.time);
    if (inSession(m, this.asiaStart, this.londonOpen)) {
      // a session wrapping past midnight belongs to the next day's London open
      const day =
        this.clock.day(bar.time) + (this.asiaStart > this.londonOpen && m >= this.asiaStart ? 1 : 0);
      if (day !== this.day) {
        this.day = day;
        this.open = bar.open;
        this.high = bar.high;
        this.low = bar.low;
      }
      this.high = Math.max(this.high, bar.high);
      this.low = Math.min(this.low, bar.low);
    }
    const endDay = this.clock.day(bar.endTime);
    if (endDay !== this.day) return;
    this.high = Math.max(this.high, bar.high);
    this.low = Math.min(this.low, bar.low);
    const end = this.clock.minute(bar.endTime);
    if (!inSession(end, this.londonOpen, this.entryEnd) || this.tradedDay === endDay) return;
    if (this.decidedDay !== endDay) this.decide(bar, endDay);
    if (this.signal === 0) return;
    if ((this.p.confirm as number) > 0 && Math.sign(bar.close - bar.open) !== -this.signal) return;
    if (ctx.positions(this.symbol).length > 0 || ctx.openOrders(this.symbol).length > 0) return;
    if (this.enter(bar, ctx)) this.tradedDay = endDay;
  }

  /** The Asian move at the London open, once a day. */
  private decide(bar: Bar, day: number): void {
    this.decidedDay = day;
    this.asiaRange = this.high - this.low;
    const move = bar.close - this.open;
    const atrMult = this.p.minMoveAtr as number;
    const big =
      move !== 0 &&
      Math.abs(move) >= ((this.p.minMovePct as number) / 100) * this.open &&
      (atrMult === 0 || (this.atr.ready && Math.abs(move) >= atrMult * this.atr.value));
    this.signal = big ? Math.sign(move) : 0;
  }

  private enter(bar: Bar, ctx: StrategyContext): boolean {
    const short = this.signal > 0;
    const buffer = ((this.p.stopBufferPct as number) / 100) * (short ? this.high : this.low);
    const sl = short ? this.high + buffer : this.low - buffer;
    const risk = Math.abs(sl - bar.close);
    const reward =
      (this.p.targetR as number) > 0
        ? (this.p.targetR as number) * risk
        : (this.p.targetRetrace as number) * this.asiaRange;
    const tp = short ? bar.close - reward : bar.close + reward;
    if ((short ? sl <= bar.close : sl >= bar.close) || reward <= 0) return false;
    const move = bar.close - this.open;
    const r = ctx.submit({
      kind: "open",
      symbol: this.symbol,
      side: short ? "sell" : "buy",
      orderType: "market",
      volume: 0,
      sl,
      tp,
      tag: `${this.name}: fade Asia ${move > 0 ? "+" : ""}${px(move)} (${px(this.open)}→${px(bar.close)}, range ${px(this.low)}-${px(this.high)})`,
    });
    return r.accepted;
  }
}
