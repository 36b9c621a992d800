import { ATR } from "../../indicators/atr.js";
import { EMA } from "../../indicators/ema.js";
import { RSI } from "../../indicators/rsi.js";
import type { Bar } from "../../model/market-data.js";
import type { AssetSnapshot } from "../engine.js";

const KEEP = 60;

/** One asset's recent closed bars and streaming indicators, from which a cycle's snapshot is frozen. */
export class MarketHistory {
  private readonly bars: Bar[] = [];
  private readonly ema20 = new EMA(20);
  private readonly ema50 = new EMA(50);
  private readonly rsi = new RSI(14);
  private readonly atr = new ATR(14);
  private readonly atrs: number[] = [];
  price = Number.NaN;

  constructor(readonly symbol: string) {}

  onBar(bar: Bar): void {
    this.bars.push(bar);
    if (this.bars.length > KEEP) this.bars.shift();
    this.ema20.update(bar.close);
    this.ema50.update(bar.close);
    this.rsi.update(bar.close);
    const atr = this.atr.updateBar(bar.high, bar.low, bar.close);
    if (Number.isFinite(atr)) {
      this.atrs.push(atr);
      if (this.atrs.length > 200) this.atrs.shift();
    }
    this.price = bar.close;
  }

  onPrice(price: number): void {
    this.price = price;
  }

  /** A frozen copy: later bars do not change what an engine was shown. */
  snapshot(): AssetSnapshot {
    const atr = this.atr.value;
    return {
      symbol: this.symbol,
      price: this.price,
      candles: this.bars.map((b) => ({ ...b })),
      indicators: { ema20: this.ema20.value, ema50: this.ema50.value, rsi14: this.rsi.value, atr14: atr },
      regime: this.regime(atr),
    };
  }

  private regime(atr: number): AssetSnapshot["regime"] {
    if (!Number.isFinite(atr) || this.atrs.length < 20) return "unknown";
    const below = this.atrs.filter((a) => a < atr).length / this.atrs.length;
    return below < 0.33 ? "low" : below > 0.66 ? "high" : "medium";
  }
}
