import type { Clock, TestClock } from "../core/clock.js";
import type { DayBoundary } from "../core/time.js";
import { BarAggregator } from "../data/bar-aggregator.js";
import { OrderManager } from "../execution/order-manager.js";
import type { Venue } from "../execution/venue.js";
import type { Fill } from "../model/fill.js";
import type { InstrumentTable } from "../model/instrument-table.js";
import type { OrderIntent } from "../model/intent.js";
import { TIMEFRAME_MS, type Tick, type Timeframe } from "../model/market-data.js";
import type { Order } from "../model/order.js";
import type { DenialCode } from "../model/order-codes.js";
import type { Position } from "../model/position.js";
import type { Ledger } from "../portfolio/ledger.js";
import type { RiskGate } from "../risk/risk-gate.js";
import type { Strategy, StrategyContext, SubmitResult } from "../strategies/strategy.js";
import type { KernelObserver } from "./kernel-observer.js";

export interface KernelConfig {
  instruments: InstrumentTable;
  /** the clock strategies read; in backtests a TestClock that the kernel advances with the data */
  clock: Clock;
  /** given in backtests: the kernel sets it to each event's time */
  testClock?: TestClock;
  venue: Venue;
  ledger: Ledger;
  risk: RiskGate;
  strategies: readonly Strategy[];
  /** where D1 bars start (default: the ledger's trading day) */
  barDay: DayBoundary;
  observers?: readonly KernelObserver[];
  /** prefix of order ids (a run id in long-running nodes; none in backtests, whose ids stay deterministic) */
  idPrefix?: string;
}

interface Feed {
  agg: BarAggregator;
  strategies: Strategy[];
  /** the risk gate asked for these bars too */
  risk: boolean;
}

/**
 * The one event loop of HYDRA: backtest, paper, shadow and live all call onTick/onBar with market data
 * and differ only in the clock and the venue. Per event: the day boundary, bars that the new time
 * completes (their strategies' orders then fill at this price: the next bar's open), the venue (fills,
 * stops, targets), marking the books, then tick strategies (whose orders fill at the next tick).
 */
export class TradingKernel {
  readonly instruments: InstrumentTable;
  readonly ledger: Ledger;
  readonly orders: OrderManager;
  private readonly venue: Venue;
  private readonly risk: RiskGate;
  private readonly clock: Clock;
  private readonly testClock: TestClock | undefined;
  private readonly feeds: Feed[][];
  private readonly tickStrategies: Strategy[][];
  private readonly contexts = new Map<Strategy, StrategyContext>();
  private readonly observers: readonly KernelObserver[];
  private readonly tick: Tick = { time: 0, bid: 0, ask: 0 };
  private readonly coef = new Float64Array(3);
  /** foldTicks' per-symbol scratch (allocated once) */
  private readonly fold: {
    wake: Float64Array;
    exposed: Uint8Array;
    rate: Float64Array;
    floating: Float64Array;
    hi: Float64Array;
    lo: Float64Array;
    bid: Float64Array;
    ask: Float64Array;
    moved: Uint32Array;
  };
  private started = false;

  constructor(config: KernelConfig) {
    this.instruments = config.instruments;
    this.ledger = config.ledger;
    this.venue = config.venue;
    this.risk = config.risk;
    this.clock = config.clock;
    this.testClock = config.testClock;
    this.observers = config.observers ?? [];
    const n = config.instruments.size;
    this.feeds = Array.from({ length: n }, () => []);
    this.tickStrategies = Array.from({ length: n }, () => []);
    this.fold = {
      wake: new Float64Array(n),
      exposed: new Uint8Array(n),
      rate: new Float64Array(n),
      floating: new Float64Array(n),
      hi: new Float64Array(n),
      lo: new Float64Array(n),
      bid: new Float64Array(n),
      ask: new Float64Array(n),
      moved: new Uint32Array(n),
    };
    this.orders = new OrderManager(
      config.instruments,
      config.venue,
      () => config.ledger.positions,
      config.idPrefix,
    );
    config.venue.setListener({
      onOrderUpdate: (o) => this.onOrderUpdate(o),
      onFill: (f, p) => this.onFill(f, p),
      onPositionModified: (p) => config.ledger.setLevels(p.id, p.sl, p.tp),
      onSwap: (p, amount) => config.ledger.applySwap(p.id, amount),
      onStopOut: (e) => {
        for (const o of this.observers) o.onStopOut?.(e);
      },
      onMarginCall: (e) => {
        for (const o of this.observers) o.onMarginCall?.(e);
      },
    });
    const feedFor = (symbol: string, timeframe: Timeframe): Feed => {
      const list = this.feeds[config.instruments.index(symbol)]!;
      let feed = list.find((f) => f.agg.timeframe === timeframe);
      if (feed === undefined) {
        feed = { agg: new BarAggregator(symbol, timeframe, config.barDay), strategies: [], risk: false };
        list.push(feed);
      }
      return feed;
    };
    for (const s of config.strategies) {
      this.contexts.set(s, this.makeContext(s));
      for (const sub of s.subscriptions) {
        if (sub.timeframe === "tick") this.tickStrategies[config.instruments.index(sub.symbol)]!.push(s);
        else feedFor(sub.symbol, sub.timeframe).strategies.push(s);
      }
    }
    for (const need of config.risk.bars ?? []) {
      if (config.instruments.has(need.symbol)) feedFor(need.symbol, need.timeframe).risk = true;
    }
    config.risk.attach?.({ openOrders: () => this.orders.openOrders(), closeAll: () => this.closeAll() });
  }

  /** The timeframes strategies need on a symbol (a bar feed must not be longer than the shortest). */
  timeframes(sym: number): Timeframe[] {
    return this.feeds[sym]!.map((f) => f.agg.timeframe);
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    for (const [s, ctx] of this.contexts) s.onStart?.(ctx);
  }

  stop(): void {
    for (const [s, ctx] of this.contexts) s.onStop?.(ctx);
  }

  /** One tick of one symbol. The hot path: no allocation unless something trades. */
  onTick(sym: number, time: number, bid: number, ask: number): void {
    const feeds = this.beginEvent(sym, time);
    this.venue.onTick(sym, time, bid, ask);
    this.ledger.mark(sym, bid, ask);
    this.risk.onTick?.(sym, time, bid, ask);
    const spread = ask - bid;
    for (let i = 0; i < feeds.length; i++) feeds[i]!.agg.addTick(time, bid, spread);
    const ts = this.tickStrategies[sym]!;
    if (ts.length > 0) {
      const t = this.tick;
      t.time = time;
      t.bid = bid;
      t.ask = ask;
      const symbol = this.instruments.specs[sym]!.symbol;
      for (let i = 0; i < ts.length; i++) {
        const s = ts[i]!;
        s.onTick?.(symbol, t, this.contexts.get(s)!);
      }
    }
  }

  /**
   * A run of ticks of one symbol, as a backtest or a replay has them: the same result as calling onTick
   * for each, faster. Ticks that can change nothing but the open bars and the marks — no bar or day ends,
   * no order, stop or target is in reach, no tick strategy listens — are folded in a tight loop; every
   * other tick goes through onTick, as does every tick of a symbol whose price converts an exposed
   * symbol's money (a conversion rate). A risk gate with a per-tick hook is called whenever equity leaves its
   * watch band; one with a hook and no band turns the fast path off.
   */
  onTicks(
    sym: number,
    time: Float64Array,
    bid: Float64Array,
    ask: Float64Array,
    from: number,
    to: number,
  ): void {
    const rw = this.risk.watch;
    if (this.tickStrategies[sym]!.length > 0 || (this.risk.onTick !== undefined && rw === undefined)) {
      for (let i = from; i < to; i++) this.onTick(sym, time[i]!, bid[i]!, ask[i]!);
      return;
    }
    const w = this.venue.watch;
    const ledger = this.ledger;
    const feeds = this.feeds[sym]!;
    const nf = feeds.length;
    let i = from;
    while (i < to) {
      if (ledger.nonLinear(sym)) {
        // its price converts an exposed symbol's money: equity is not linear in it, no folding
        this.onTick(sym, time[i]!, bid[i]!, ask[i]!);
        i++;
        continue;
      }
      let wake = Math.min(
        ledger.nextDayStartMs,
        w.wakeAt[sym]!,
        rw === undefined ? Number.POSITIVE_INFINITY : rw.wakeAt,
      );
      for (let f = 0; f < nf; f++) wake = Math.min(wake, feeds[f]!.agg.end);
      const bidFloor = w.bidFloor[sym]!;
      const bidCeil = w.bidCeil[sym]!;
      const askFloor = w.askFloor[sym]!;
      const askCeil = w.askCeil[sym]!;
      const start = i;
      let hi = Number.NEGATIVE_INFINITY;
      let lo = Number.POSITIVE_INFINITY;
      if (ledger.exposed(sym)) {
        // equity = k0 + kb·bid − ka·ask; its peak, deepest drawdown and range stay in registers.
        const k = this.coef;
        ledger.equityCoefficients(sym, k);
        const k0 = k[0]!;
        const kb = k[1]!;
        const ka = k[2]!;
        // the risk gate wants a look when equity leaves its band
        const eqFloor = rw === undefined ? Number.NEGATIVE_INFINITY : rw.equityFloor;
        const eqCeil = rw === undefined ? Number.POSITIVE_INFINITY : rw.equityCeil;
        const ddK = rw === undefined || rw.drawdownLimit <= 0 ? 0 : 1 - rw.drawdownLimit;
        let peak = ledger.highWaterMark;
        let dd = 0;
        let ddPeak = peak;
        let low = Number.POSITIVE_INFINITY;
        let high = Number.NEGATIVE_INFINITY;
        for (; i < to; i++) {
          const b = bid[i]!;
          const a = ask[i]!;
          if (time[i]! >= wake || b <= bidFloor || b >= bidCeil || a <= askFloor || a >= askCeil) break;
          const e = k0 + kb * b - ka * a;
          if (e < eqFloor || e >= eqCeil || e < peak * ddK) break;
          if (b > hi) hi = b;
          if (b < lo) lo = b;
          if (e > high) {
            high = e;
            if (e > peak) peak = e;
          }
          if (peak - e > dd) {
            dd = peak - e;
            ddPeak = peak;
          }
          if (e < low) low = e;
        }
        if (i > start) ledger.absorbRun(sym, bid[i - 1]!, ask[i - 1]!, peak, dd, ddPeak, low, high);
      } else {
        for (; i < to; i++) {
          const b = bid[i]!;
          const a = ask[i]!;
          if (time[i]! >= wake || b <= bidFloor || b >= bidCeil || a <= askFloor || a >= askCeil) break;
          if (b > hi) hi = b;
          if (b < lo) lo = b;
        }
        if (i > start) ledger.mark(sym, bid[i - 1]!, ask[i - 1]!);
      }
      if (i > start) for (let f = 0; f < nf; f++) feeds[f]!.agg.absorbRun(hi, lo, bid[i - 1]!, i - start);
      if (i < to) {
        this.onTick(sym, time[i]!, bid[i]!, ask[i]!);
        i++;
      }
    }
    if (to > from) this.advanceTestClock(time[to - 1]!);
  }

  /**
   * Ticks of several symbols in time order (tick i is of symbol `syms[i]`), as one market feeding several
   * kernels has them: folds the ticks from `from` on that can change nothing but the open bars and the
   * marks (the same tests as onTicks, each symbol against its own levels, equity against the risk gate's
   * band across all exposed symbols) and returns the index of the first tick that must go through onTick
   * (`to` when there is none). The caller sends that tick to onTick, then folds on from the next: kernels
   * sharing a market and a clock thus see their events (and move the clock) in market order, as if every
   * tick went to each of them in turn. The clock is left alone.
   */
  foldTicks(
    syms: Uint16Array,
    time: Float64Array,
    bid: Float64Array,
    ask: Float64Array,
    from: number,
    to: number,
  ): number {
    const rw = this.risk.watch;
    if (from >= to || (this.risk.onTick !== undefined && rw === undefined)) return from;
    const { wake, exposed, rate, floating, hi, lo, moved, bid: lastBid, ask: lastAsk } = this.fold;
    const w = this.venue.watch;
    const ledger = this.ledger;
    const n = wake.length;
    const dayWake = Math.min(ledger.nextDayStartMs, rw === undefined ? Number.POSITIVE_INFINITY : rw.wakeAt);
    for (let s = 0; s < n; s++) {
      moved[s] = 0;
      let at = Math.min(dayWake, w.wakeAt[s]!);
      const feeds = this.feeds[s]!;
      for (let f = 0; f < feeds.length; f++) at = Math.min(at, feeds[f]!.agg.end);
      // a tick strategy, or a price that converts an exposed symbol's money: every tick goes through onTick
      if (this.tickStrategies[s]!.length > 0 || ledger.nonLinear(s)) at = Number.NEGATIVE_INFINITY;
      wake[s] = at;
      exposed[s] = ledger.exposed(s) ? 1 : 0;
      rate[s] = ledger.converter.profitRate(s);
      floating[s] = ledger.floatingOf(s);
    }
    // equity as the ledger's mark computes it, so that the books and the risk band see the same bits
    const settled = ledger.settledEquity;
    let floatingTotal = ledger.floatingPnl;
    const eqFloor = rw === undefined ? Number.NEGATIVE_INFINITY : rw.equityFloor;
    const eqCeil = rw === undefined ? Number.POSITIVE_INFINITY : rw.equityCeil;
    const ddK = rw === undefined || rw.drawdownLimit <= 0 ? 0 : 1 - rw.drawdownLimit;
    let peak = ledger.highWaterMark;
    let dd = 0;
    let ddPeak = peak;
    let low = Number.POSITIVE_INFINITY;
    let high = Number.NEGATIVE_INFINITY;
    let i = from;
    for (; i < to; i++) {
      const s = syms[i]!;
      const b = bid[i]!;
      const a = ask[i]!;
      if (
        time[i]! >= wake[s]! ||
        b <= w.bidFloor[s]! ||
        b >= w.bidCeil[s]! ||
        a <= w.askFloor[s]! ||
        a >= w.askCeil[s]!
      )
        break;
      if (exposed[s] === 1) {
        const f = ledger.floatingAt(s, b, a, rate[s]!);
        const total = floatingTotal + (f - floating[s]!);
        const e = settled + total;
        if (e < eqFloor || e >= eqCeil || e < peak * ddK) break;
        floating[s] = f;
        floatingTotal = total;
        if (e > high) {
          high = e;
          if (e > peak) peak = e;
        }
        if (peak - e > dd) {
          dd = peak - e;
          ddPeak = peak;
        }
        if (e < low) low = e;
      }
      if (moved[s] === 0) {
        hi[s] = b;
        lo[s] = b;
      } else {
        if (b > hi[s]!) hi[s] = b;
        if (b < lo[s]!) lo[s] = b;
      }
      moved[s] = moved[s]! + 1;
      lastBid[s] = b;
      lastAsk[s] = a;
    }
    if (i === from) return i;
    ledger.absorbTicks(moved, lastBid, lastAsk, floating, floatingTotal, peak, dd, ddPeak, low, high);
    for (let s = 0; s < n; s++) {
      if (moved[s] === 0) continue;
      const feeds = this.feeds[s]!;
      for (let f = 0; f < feeds.length; f++) feeds[f]!.agg.absorbRun(hi[s]!, lo[s]!, lastBid[s]!, moved[s]!);
    }
    return i;
  }

  /**
   * One bar of one symbol from bar data (bid prices; spread NaN when the data has none). The venue sees
   * the bar first (orders from the previous bar fill at this open; stops and targets by the intrabar
   * rules); strategies see it at its close.
   */
  onBar(
    sym: number,
    time: number,
    tf: Timeframe,
    open: number,
    high: number,
    low: number,
    close: number,
    volume: number,
    spread: number,
  ): void {
    const feeds = this.beginEvent(sym, time);
    this.venue.onBar(sym, time, open, high, low, close, spread);
    const ask = close + (Number.isNaN(spread) ? 0 : spread);
    this.ledger.mark(sym, close, ask);
    this.risk.onTick?.(sym, time, close, ask);
    const end = time + TIMEFRAME_MS[tf];
    this.advanceTestClock(end);
    for (let i = 0; i < feeds.length; i++) {
      const f = feeds[i]!;
      f.agg.addBar(time, open, high, low, close, volume, spread);
      if (f.agg.end <= end) this.emitBar(f);
    }
  }

  /** Closes bars whose time is over without waiting for the next price (live and paper timers). */
  advanceTime(time: number): void {
    for (let sym = 0; sym < this.feeds.length; sym++) this.beginEvent(sym, time);
  }

  /**
   * Moves the data-driven clock forward (never back: with several symbols' bars, one symbol's bar may
   * close at a time after the next symbol's bar opens).
   */
  private advanceTestClock(t: number): void {
    const c = this.testClock;
    if (c !== undefined && t > c.now()) c.set(t);
  }

  /** Every event starts here: the clock, the trading day, then the bars this time completes. */
  private beginEvent(sym: number, time: number): Feed[] {
    this.advanceTestClock(time);
    this.ledger.onTime(time);
    const feeds = this.feeds[sym]!;
    for (let i = 0; i < feeds.length; i++) {
      const f = feeds[i]!;
      if (f.agg.isDue(time)) this.emitBar(f);
    }
    return feeds;
  }

  /** Submits an intent on behalf of `source` (a strategy, an engine or an operator) through risk. */
  submit(intent: OrderIntent, source: string): SubmitResult {
    const now = this.clock.now();
    const decision = this.risk.evaluate(intent, source, now);
    if (!decision.approved) {
      this.denied(now, source, intent, decision.code, decision.reason);
      return { accepted: false, code: decision.code, reason: decision.reason };
    }
    const result = this.orders.submit(decision.intent, source, now);
    if (!result.accepted) this.denied(now, source, intent, result.code, result.reason);
    return result;
  }

  /** Closes every open position at the current prices (end of a backtest with --close-at-end). */
  /** The orders working now (all sources). */
  openOrders(): readonly Order[] {
    return this.orders.openOrders();
  }

  closeAll(source?: string): void {
    const bySource = new Set(
      this.ledger.positions
        .filter((p) => source === undefined || p.source === source)
        .map((p) => `${p.source}\u0000${p.symbol}`),
    );
    for (const key of bySource) {
      const [src, symbol] = key.split("\u0000") as [string, string];
      this.submit({ kind: "close", symbol, tag: "end" }, src);
    }
  }

  private denied(time: number, source: string, intent: OrderIntent, code: DenialCode, reason: string): void {
    for (const o of this.observers) o.onDenied?.({ time, source, intent, code, reason });
  }

  private emitBar(feed: Feed): void {
    const bar = feed.agg.take();
    if (feed.risk) this.risk.onBar?.(bar);
    for (const o of this.observers) o.onBar?.(bar);
    for (const s of feed.strategies) s.onBar?.(bar, this.contexts.get(s)!);
  }

  private onOrderUpdate(order: Order): void {
    this.orders.onOrderUpdate(order);
    for (const o of this.observers) o.onOrderUpdate?.(order);
    const s = this.strategyOf(order.source);
    if (s) s.onOrderUpdate?.(order, this.contexts.get(s)!);
  }

  private onFill(fill: Fill, position: Position): void {
    const trade = this.ledger.applyFill(fill, position);
    for (const o of this.observers) {
      o.onFill?.(fill);
      if (trade) o.onTradeClosed?.(trade);
    }
    const s = this.strategyOf(position.source);
    if (s) s.onFill?.(fill, this.contexts.get(s)!);
  }

  private strategyOf(source: string): Strategy | undefined {
    for (const s of this.contexts.keys()) if (s.name === source) return s;
    return undefined;
  }

  private makeContext(s: Strategy): StrategyContext {
    const ledger = this.ledger;
    return {
      now: () => this.clock.now(),
      instruments: this.instruments,
      account: {
        get balance() {
          return ledger.balance;
        },
        get equity() {
          return ledger.equity;
        },
        get margin() {
          return ledger.margin;
        },
        get freeMargin() {
          return ledger.freeMargin;
        },
      },
      submit: (intent) => this.submit(intent, s.name),
      positions: (symbol) =>
        ledger.positions.filter((p) => p.source === s.name && (symbol === undefined || p.symbol === symbol)),
      openOrders: (symbol) => this.orders.openOrders(s.name, symbol),
    };
  }
}
