import type { Fill } from "../model/fill.js";
import type { InstrumentTable } from "../model/instrument-table.js";
import type { OrderIntent } from "../model/intent.js";
import type { Bar, Tick, Timeframe } from "../model/market-data.js";
import type { Order } from "../model/order.js";
import type { DenialCode } from "../model/order-codes.js";
import type { Position } from "../model/position.js";

export interface Subscription {
  symbol: string;
  /** "tick" for every tick; otherwise bars of this timeframe */
  timeframe: Timeframe | "tick";
}

export type SubmitResult =
  | { accepted: true; orderIds: readonly string[] }
  | { accepted: false; code: DenialCode; reason: string };

interface AccountState {
  readonly balance: number;
  readonly equity: number;
  readonly margin: number;
  readonly freeMargin: number;
}

/** What a strategy can see and do. It proposes intents; the risk layer decides. */
export interface StrategyContext {
  /** current time (epoch ms) on the injected clock */
  now(): number;
  readonly instruments: InstrumentTable;
  readonly account: AccountState;
  submit(intent: OrderIntent): SubmitResult;
  /** this strategy's open positions, optionally on one symbol */
  positions(symbol?: string): readonly Position[];
  /** this strategy's working orders (not yet filled, canceled, rejected or expired) */
  openOrders(symbol?: string): readonly Order[];
}

export interface Strategy {
  readonly name: string;
  readonly subscriptions: readonly Subscription[];
  onStart?(ctx: StrategyContext): void;
  /** a completed bar; market orders submitted here fill at the next price (the next bar's open) */
  onBar?(bar: Bar, ctx: StrategyContext): void;
  /** the tick object is reused: copy what you keep */
  onTick?(symbol: string, tick: Readonly<Tick>, ctx: StrategyContext): void;
  onOrderUpdate?(order: Readonly<Order>, ctx: StrategyContext): void;
  onFill?(fill: Readonly<Fill>, ctx: StrategyContext): void;
  onStop?(ctx: StrategyContext): void;
  /**
   * The strategy's indicator values now (after the last bar it saw), by name: what `hydra check lookahead`
   * and `hydra check recursion` compare between a run on all the data and one on the data cut short.
   */
  indicators?(): Readonly<Record<string, number>>;
}
