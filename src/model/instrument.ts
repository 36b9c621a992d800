import { IANAZone } from "luxon";
import { HydraError } from "../core/errors.js";
import { decimalsOf } from "../core/rounding.js";
import type { SessionSpec } from "./session-calendar.js";

export type AssetClass = "fx" | "metal" | "index" | "crypto" | "other";

export const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
type Weekday = (typeof WEEKDAYS)[number];

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
  /**
   * Overnight swap of a long / a short position per lot per night, signed as MT5 reports it (negative is
   * a charge). Booked at each rollover the position is open over; weekend days book nothing, the
   * triple-swap day's rollover books three nights instead.
   */
  swapLong: number;
  swapShort: number;
  /** the trading day whose rollover books three nights: Wed for FX and metals, Fri for index CFDs */
  swapTripleDay: Weekday;
  /**
   * The daily rollover, `rolloverHour`:00 in `rolloverZone`. Default 17:00 America/New_York: the FX
   * day end, which is 00:00 on MT5 servers kept at EET/EEST with US DST dates (FTMO's and most brokers').
   */
  rolloverZone: string;
  rolloverHour: number;
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
  validateSwap(spec);
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

function swapError(spec: InstrumentSpec, field: keyof InstrumentSpec, message: string): HydraError {
  return new HydraError("INSTRUMENT_INVALID", `instrument ${spec.symbol}: ${field} ${message}`, {
    field,
    symbol: spec.symbol,
  });
}

function validateSwap(spec: InstrumentSpec): void {
  for (const k of ["swapLong", "swapShort"] as const) {
    const v = spec[k];
    if (typeof v !== "number" || !Number.isFinite(v))
      throw swapError(spec, k, `must be a number, got ${String(v)}`);
  }
  if (!(WEEKDAYS as readonly string[]).includes(spec.swapTripleDay)) {
    throw swapError(
      spec,
      "swapTripleDay",
      `must be one of ${WEEKDAYS.join(", ")}, got ${String(spec.swapTripleDay)}`,
    );
  }
  const h = spec.rolloverHour;
  if (!Number.isInteger(h) || h < 0 || h > 23)
    throw swapError(spec, "rolloverHour", `must be an integer 0..23, got ${String(h)}`);
  if (typeof spec.rolloverZone !== "string" || !IANAZone.isValidZone(spec.rolloverZone)) {
    throw swapError(
      spec,
      "rolloverZone",
      `must be an IANA time zone such as America/New_York, got ${String(spec.rolloverZone)}`,
    );
  }
}
