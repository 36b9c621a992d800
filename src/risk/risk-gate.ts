import type { OrderIntent } from "../model/intent.js";
import type { Bar, Timeframe } from "../model/market-data.js";
import type { Order } from "../model/order.js";
import type { DenialCode } from "../model/order-codes.js";

/** Typed reasons for a denial: one list, in the model (the risk layer's rules use most of them). */
export type { DenialCode };

export type RiskDecision =
  | { approved: true; intent: OrderIntent }
  | { approved: false; code: DenialCode; reason: string };

/**
 * The band inside which a risk gate's per-tick hook has nothing to do: equity in [equityFloor,
 * equityCeil), no drawdown from the high-water mark deeper than `drawdownLimit` (a fraction; 0 for none)
 * and time before wakeAt. The kernel's folded tick path calls onTick only outside it.
 */
interface EquityWatch {
  readonly equityFloor: number;
  readonly equityCeil: number;
  readonly drawdownLimit: number;
  readonly wakeAt: number;
}

/** What the kernel lends a risk gate: the working orders, and a way to flatten everything. */
export interface KernelAccess {
  openOrders(): readonly Order[];
  closeAll(): void;
}

/**
 * Every intent passes here on its way to becoming an order. A gate may approve it unchanged, approve an
 * adjusted copy (a smaller volume, say) or deny it with a code; it never throws for a business reason.
 */
export interface RiskGate {
  evaluate(intent: OrderIntent, source: string, now: number): RiskDecision;
  attach?(kernel: KernelAccess): void;
  /** after the books are marked with this tick */
  onTick?(sym: number, time: number, bid: number, ask: number): void;
  /** when present, onTick is needed only outside this band (lets backtests fold quiet ticks) */
  readonly watch?: EquityWatch;
  /** bars the gate wants (correlation, say), delivered to onBar */
  readonly bars?: ReadonlyArray<{ symbol: string; timeframe: Timeframe }>;
  onBar?(bar: Bar): void;
}

/** Approves everything: the kernel's default when no risk layer is configured. */
export class PassThroughRisk implements RiskGate {
  evaluate(intent: OrderIntent): RiskDecision {
    return { approved: true, intent };
  }
}
