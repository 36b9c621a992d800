import type { TestFunction } from "vitest";
import type { Fill } from "../../model/fill.js";
import type { Order } from "../../model/order.js";
import type { Position } from "../../model/position.js";
import type { Venue } from "../venue.js";

/**
 * Drives one venue implementation for the shared contract suite. Symbol 0 is XAUUSD at the default spec
 * (100 oz, 1:30 margin, no commission, no swap); the account holds 100,000 USD (CONTRACT_CASH) and its
 * broker, or the venue itself, stops it out under a 50 % margin level.
 */
export interface VenueDriver {
  venue: Venue;
  /** a price the venue (and, for a live venue, its broker) sees */
  quote(time: number, bid: number, ask: number): Promise<void>;
  /** waits until the venue has answered everything sent */
  settle(): Promise<void>;
  /**
   * closes a position outside HYDRA — by hand in the terminal, from another client — leaving the venue to
   * find out (venues that declare capabilities.externalTrades)
   */
  externalClose?(positionId: string): Promise<void>;
  close(): Promise<void>;
}

export const CONTRACT_CASH = 100_000;
export const T0 = Date.UTC(2024, 0, 10, 12, 0, 0);

/** What the cases share: the driver of the running case and what its venue reported. */
export interface ContractRun {
  /** declares a case (vitest's `it`, or `it.fails` for a defect the venue is known to have) */
  it(title: string, fn: TestFunction): void;
  /** a fresh venue, its listener recording, and a first quote 2000.00 / 2000.30 at T0 */
  start(): Promise<VenueDriver>;
  readonly fills: Fill[];
  /** the venue's view of the position with each fill */
  readonly positions: Position[];
  /** [order id, state, reason] of every order update */
  readonly updates: Array<[string, string, string]>;
}

let seq = 0;
export function order(side: "buy" | "sell", volume: number, extra: Partial<Order> = {}): Order {
  seq++;
  return {
    id: `C${seq}`,
    source: "contract",
    symbol: "XAUUSD",
    side,
    type: "market",
    volume,
    price: Number.NaN,
    sl: Number.NaN,
    tp: Number.NaN,
    closesPositionId: undefined,
    expiresAt: Number.POSITIVE_INFINITY,
    tag: "contract",
    createdAt: 0,
    state: "initialized",
    updatedAt: 0,
    fillPrice: Number.NaN,
    reason: "",
    ...extra,
  };
}

/** Waits (wall time, bounded) for a venue that answers asynchronously, such as a broker. */
export async function until(cond: () => boolean, ms = 3000): Promise<void> {
  const end = performance.now() + ms;
  while (!cond() && performance.now() < end) await new Promise((r) => setTimeout(r, 5));
}

/**
 * The quote stands before and after the order, so a venue that fills on the next price and one that
 * fills at the current price (a broker) both fill at it.
 */
export async function trade(d: VenueDriver, o: Order, t: number, bid: number, ask: number): Promise<void> {
  await d.quote(t, bid, ask);
  d.venue.submit(o);
  await d.quote(t + 1, bid, ask);
  await d.settle();
}

/**
 * After an exit the venue reported: more prices beyond it, the venue settled and (a venue that
 * reconciles) reconciled, and a moment for a late broker event — so that a second report of the same exit
 * would be seen.
 */
export async function afterwards(run: ContractRun, d: VenueDriver, t: number, bid: number): Promise<void> {
  await d.quote(t, bid, bid + 0.3);
  await d.quote(t + 1000, bid, bid + 0.3);
  await d.settle();
  if (d.venue.capabilities.reconciles) await d.venue.reconcile?.();
  await lateEvents(run, d);
}

/** A broker's events can come after its reply: a moment for one more fill to arrive, if any does. */
export async function lateEvents(run: ContractRun, d: VenueDriver): Promise<void> {
  const n = run.fills.length;
  await d.settle();
  if (d.venue.capabilities.brokerExecution) await until(() => run.fills.length > n, 200);
}

/** The fills that closed (a part of) a position. */
export const exits = (fills: readonly Fill[]) => fills.filter((f) => !f.opening);
