import type { InstrumentSpec } from "../../model/instrument.js";
import type { InstrumentTable } from "../../model/instrument-table.js";
import type { OpenIntent } from "../../model/intent.js";
import type { Order } from "../../model/order.js";
import type { Ledger } from "../../portfolio/ledger.js";
import type { DenialCode } from "../risk-gate.js";

/** What a pre-trade rule sees about the proposed trade and the account. */
export interface TradeCheck {
  readonly intent: OpenIntent;
  readonly source: string;
  readonly now: number;
  readonly spec: InstrumentSpec;
  readonly sym: number;
  /** the price the entry is expected at: the limit/stop price, or the current ask (buy) / bid (sell) */
  readonly entry: number;
  /** +1 buy, −1 sell */
  readonly dir: 1 | -1;
  /** the volume as adjusted so far by earlier rules */
  volume: number;
  readonly ledger: Ledger;
  readonly instruments: InstrumentTable;
  readonly openOrders: readonly Order[];
}

export interface Denial {
  code: DenialCode;
  reason: string;
}

/** One small pre-trade rule: deny with a code, or pass (possibly after adjusting `check.volume`). */
export interface PreTradeRule {
  readonly name: string;
  check(check: TradeCheck): Denial | undefined;
  /** the trade was approved: rules with memory (duplicates, rate limits) record it */
  onApproved?(check: TradeCheck): void;
}

/**
 * Money lost per lot if the trade runs from `entry` to its stop, with the round trip's commission, in the
 * account currency at `quoteToAccount` (the converter's current rate).
 */
export function lossPerLot(spec: InstrumentSpec, entry: number, sl: number, quoteToAccount: number): number {
  const ticks = Math.round(Math.abs(entry - sl) / spec.tickSize);
  return (ticks * spec.tickSize * spec.contractSize + 2 * spec.commissionPerLot) * quoteToAccount;
}
