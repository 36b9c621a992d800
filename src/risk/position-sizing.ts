import { decimalsOf, floorToStep, roundCents } from "../core/rounding.js";
import { type InstrumentSpec, tickValue } from "../model/instrument.js";

export type SizingResult =
  | { ok: true; volume: number; riskMoney: number; ticksToStop: number; lossPerLot: number }
  | { ok: false; code: "RISK_TOO_SMALL" | "STOP_LOSS_REQUIRED"; reason: string };

/**
 * Lots for a trade risking `riskMoney` to its stop: riskMoney ÷ (ticks to the stop × tick value +
 * commission per lot), floored to the volume step and capped at the maximum. A size below the minimum
 * volume is denied, never rounded up. `commissionPerLot` is the whole trade's commission per lot (both
 * fills: twice the per-fill figure of the spec), in the account currency like `riskMoney`; the tick
 * value is converted at `quoteToAccount` (account currency per unit of the quote currency: the
 * converter's current rate). `riskMoney` in the result is what the floored size really risks, in cents.
 */
export function sizePosition(
  spec: InstrumentSpec,
  riskMoney: number,
  entry: number,
  sl: number,
  commissionPerLot: number,
  quoteToAccount: number,
): SizingResult {
  if (!Number.isFinite(sl) || sl === entry) {
    return {
      ok: false,
      code: "STOP_LOSS_REQUIRED",
      reason: `a stop loss away from the entry ${entry} is required`,
    };
  }
  const ticksToStop = Math.round(Math.abs(entry - sl) / spec.tickSize);
  const lossPerLot = ticksToStop * tickValue(spec, quoteToAccount) + commissionPerLot;
  const raw = riskMoney / lossPerLot;
  const volume = Math.min(spec.volumeMax, floorToStep(raw, spec.volumeStep, decimalsOf(spec.volumeStep)));
  if (!(volume >= spec.volumeMin)) {
    return {
      ok: false,
      code: "RISK_TOO_SMALL",
      reason: `risking ${roundCents(riskMoney)} over ${ticksToStop} ticks buys ${raw.toFixed(4)} lots, below the minimum ${spec.volumeMin} of ${spec.symbol}`,
    };
  }
  return { ok: true, volume, riskMoney: roundCents(volume * lossPerLot), ticksToStop, lossPerLot };
}
