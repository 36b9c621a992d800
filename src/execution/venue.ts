import type { CurrencyConverter } from "../model/currency-converter.js";
import type { Fill } from "../model/fill.js";
import type { MarginCallEvent } from "../model/margin-call-event.js";
import type { Order } from "../model/order.js";
import type { Position } from "../model/position.js";
import type { StopOutEvent } from "../model/stop-out-event.js";

/** What a venue tells the execution layer. */
export interface VenueListener {
  /** the order changed state (accepted, rejected, canceled, expired, filled) */
  onOrderUpdate(order: Order): void;
  /** a fill, with the venue's view of the position it opened or reduced (before the reduction) */
  onFill(fill: Fill, position: Position): void;
  /** the venue changed a position's stop loss or take profit */
  onPositionModified?(position: Position): void;
  /** a rollover booked `amount` of swap (cents, negative is a charge) on an open position */
  onSwap?(position: Position, amount: number, time: number): void;
  /** the broker's stop-out is about to close a position (its fill follows) */
  onStopOut?(event: StopOutEvent): void;
  /** the margin level went below the margin call level, or was seen back at or above it */
  onMarginCall?(event: MarginCallEvent): void;
}

/** What the simulated venue needs to know of the account to check margin. */
export interface AccountView {
  readonly freeMargin: number;
  /** the account currency and its rates (the ledger's); a USD account when absent */
  readonly converter?: CurrencyConverter;
}

/**
 * What the simulated venue needs of the account to stop it out as a broker does (the ledger has it). The
 * account must book the venue's fills as they happen (through the listener), as the kernel's ledger does.
 */
export interface MarginAccountView extends AccountView {
  /** margin in use (account currency) */
  readonly margin: number;
  /** equity = out[0] + out[1] × bid − out[2] × ask while only this symbol's prices move */
  equityCoefficients(sym: number, out: Float64Array): void;
  /** equity exactly, if `sym` were at bid/ask (with the rates its price drives) */
  equityAt(sym: number, bid: number, ask: number): number;
  /** true when `sym`'s price converts an exposed symbol's money: equity is then not linear in it */
  nonLinear(sym: number): boolean;
  /** every symbol's last marked prices (NaN before the first) */
  readonly lastBid: Float64Array;
  readonly lastAsk: Float64Array;
}

/**
 * Per symbol, the band of prices and times inside which a venue has nothing to do: a tick with
 * bidFloor < bid < bidCeil, askFloor < ask < askCeil and time < wakeAt can touch no order, stop or
 * target, so the kernel may skip the call. A venue that matches nothing itself keeps the band infinite.
 */
export interface PriceWatch {
  readonly bidFloor: Float64Array;
  readonly bidCeil: Float64Array;
  readonly askFloor: Float64Array;
  readonly askCeil: Float64Array;
  readonly wakeAt: Float64Array;
}

/** What a venue can do, as data: the runtime decides from these, never from the venue's class or a mode name. */
export interface VenueCapabilities {
  /** orders reach a real broker (their outcome can be unknown for a while) */
  readonly brokerExecution: boolean;
  /** the venue's books can be reconciled against the broker's (reconcile(), settle(), inFlightIds()) */
  readonly reconciles: boolean;
  /** stop loss / take profit of an open position can be changed */
  readonly modifiesStops: boolean;
  /** limit and stop orders rest at the venue */
  readonly pendingOrders: boolean;
  /**
   * the account is also traded outside HYDRA (by hand in the terminal, another client, the broker's
   * desk), and the venue reports what happens there: a position closed elsewhere, one opened elsewhere
   */
  readonly externalTrades: boolean;
}

/** What one reconciliation pass found. */
interface ReconcileSummary {
  resolvedFilled: string[];
  resolvedRejected: string[];
  adopted: number[];
  closedAtVenue: number[];
}

/**
 * Where orders go: the simulated venue (backtest and paper), the MT5 bridge (live) or the shadow venue.
 * Every venue receives the market data stream; a simulated one matches orders against it.
 */
export interface Venue {
  readonly name: string;
  readonly watch: PriceWatch;
  readonly capabilities: VenueCapabilities;
  setListener(listener: VenueListener): void;
  /** takes an order in state "initialized"; answers through the listener */
  submit(order: Order): void;
  cancel(orderId: string, reason?: string): void;
  /** NaN removes a level */
  modifyPosition(positionId: string, sl: number, tp: number): void;
  positions(): readonly Position[];
  openOrders(): readonly Order[];
  onTick(sym: number, time: number, bid: number, ask: number): void;
  /** a bar of bid prices; spread = ask − bid */
  onBar(
    sym: number,
    time: number,
    open: number,
    high: number,
    low: number,
    close: number,
    spread: number,
  ): void;
  /**
   * A position carried over from a checkpoint after a restart, booked again through the listener with no
   * new commission (a live venue then reconciles it against the broker's positions and deals).
   */
  restorePosition?(position: Position): void;
  /** with capabilities.reconciles: one pass against the broker's positions and deals */
  reconcile?(): Promise<ReconcileSummary>;
  /** with capabilities.reconciles: resolves true when no order's outcome is unknown, false after the timeout */
  settle?(timeoutMs: number): Promise<boolean>;
  /** with capabilities.reconciles: the orders whose outcome is still unknown */
  inFlightIds?(): string[];
}

/** Reasons a venue rejects an order (MT5 retcodes where one exists). */
export type RejectReason =
  | "NO_MONEY"
  | "INVALID_STOPS"
  | "INVALID_VOLUME"
  | "INVALID_PRICE"
  | "POSITION_NOT_FOUND";
