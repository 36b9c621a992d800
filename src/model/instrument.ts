import { HydraError } from "../core/errors.js";
import { decimalsOf } from "../core/rounding.js";
import type { SessionSpec } from "./session-calendar.js";

export type AssetClass = "fx" | "metal" | "index" | "crypto" | "other";

/** A contract specification, as a broker publishes it. Money fields are in the account currency. */
export interface InstrumentSpec {
  symbol: string;
  assetClass: AssetClass;
  /** price decimals */
  digits: number;
  tickSize: number;
  /** units of the base per lot (100 oz for XAUUSD, 100,000 EUR for EURUSD, 1 for index CFDs) */
  contractSize: number;
  quoteCurrency: string;
  /** account currency per unit of quote currency (1 when they are the same) */
  quoteToAccount: number;
  volumeMin: number;
  volumeStep: number;
  volumeMax: number;
  /** charged on every fill, per lot */
  commissionPerLot: number;
  /** fixed margin per lot; when NaN, margin is the notional divided by `leverage` */
  marginPerLot: number;
  leverage: number;
  /** typical spread in price units: used by the synthetic market and for bar data that has none */
  spread: number;
  sessions: SessionSpec;
}

/** Money value of one tick for one lot. */
export function tickValue(spec: InstrumentSpec): number {
  return spec.tickSize * spec.contractSize * spec.quoteToAccount;
}

/** Account-currency value of a price move of `priceDelta` on `volume` lots. */
export function moneyPerPriceMove(spec: InstrumentSpec, priceDelta: number, volume: number): number {
  return priceDelta * volume * spec.contractSize * spec.quoteToAccount;
}

/** Margin for `volume` lots at `price`. */
export function marginFor(spec: InstrumentSpec, volume: number, price: number): number {
  if (!Number.isNaN(spec.marginPerLot)) return volume * spec.marginPerLot;
  return (volume * spec.contractSize * price * spec.quoteToAccount) / spec.leverage;
}

function positive(spec: Partial<InstrumentSpec>, key: keyof InstrumentSpec, allowZero = false): void {
  const v = spec[key];
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0 || (!allowZero && v === 0)) {
    throw new HydraError(
      "INSTRUMENT_INVALID",
      `instrument ${spec.symbol ?? "?"}: ${String(key)} must be a ${allowZero ? "non-negative" : "positive"} number, got ${String(v)}`,
      { field: key, symbol: spec.symbol },
    );
  }
}

/** Checks a spec once at the boundary; everything inside trusts it. */
export function validateInstrument(spec: InstrumentSpec): InstrumentSpec {
  if (!spec.symbol || typeof spec.symbol !== "string") {
    throw new HydraError("INSTRUMENT_INVALID", "instrument: symbol is required", { field: "symbol" });
  }
  for (const k of [
    "tickSize",
    "contractSize",
    "quoteToAccount",
    "volumeMin",
    "volumeStep",
    "volumeMax",
    "leverage",
  ] as const) {
    positive(spec, k);
  }
  positive(spec, "commissionPerLot", true);
  positive(spec, "spread", true);
  if (!Number.isNaN(spec.marginPerLot)) positive(spec, "marginPerLot", true);
  if (!Number.isInteger(spec.digits) || spec.digits < 0 || spec.digits > 10) {
    throw new HydraError("INSTRUMENT_INVALID", `instrument ${spec.symbol}: digits must be an integer 0..10`, {
      field: "digits",
    });
  }
  if (decimalsOf(spec.tickSize) > spec.digits) {
    throw new HydraError(
      "INSTRUMENT_INVALID",
      `instrument ${spec.symbol}: tickSize ${spec.tickSize} needs more than ${spec.digits} digits`,
      {
        field: "tickSize",
      },
    );
  }
  if (spec.volumeMin > spec.volumeMax) {
    throw new HydraError("INSTRUMENT_INVALID", `instrument ${spec.symbol}: volumeMin is above volumeMax`, {
      field: "volumeMin",
    });
  }
  return spec;
}
