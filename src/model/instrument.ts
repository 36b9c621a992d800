import { HydraError } from "../core/errors.js";
import { decimalsOf } from "../core/rounding.js";
import { isValidZone } from "../core/time-zone.js";
import type { SessionSpec } from "./session-calendar.js";

export type AssetClass = "fx" | "metal" | "index" | "crypto" | "other";

/**
 * How margin is computed, as MT5's SYMBOL_TRADE_CALC_MODE_*:
 * - `forex`:        lots × contractSize × marginRate ÷ leverage, in the base currency
 * - `cfd`:          lots × contractSize × price × marginRate, in the quote currency
 * - `cfd-leverage`: lots × contractSize × price × marginRate ÷ leverage, in the quote currency
 * - `futures`:      lots × initial margin (`marginPerLot`) × marginRate, in the quote currency
 * then converted to the account currency (currency-converter.ts).
 */
type MarginMode = "forex" | "cfd" | "cfd-leverage" | "futures";
const MARGIN_MODES: readonly MarginMode[] = ["forex", "cfd", "cfd-leverage", "futures"];

export const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
type Weekday = (typeof WEEKDAYS)[number];

/**
 * A contract specification, as a broker publishes it. Money fields (commission, swap, initial margin) are
 * in the quote currency, as profit is: the currency converter turns them into the account currency at
 * the current rate.
 */
export interface InstrumentSpec {
  symbol: string;
  assetClass: AssetClass;
  /** price decimals */
  digits: number;
  tickSize: number;
  /** units of the base per lot (100 oz for XAUUSD, 100,000 EUR for EURUSD, 1 for index CFDs) */
  contractSize: number;
  /** the currency profit, commission, swap and (except in `forex` mode) margin are counted in */
  quoteCurrency: string;
  /** the currency of one unit of the contract: EUR for EURUSD; margin is in it in `forex` mode */
  baseCurrency: string;
  marginMode: MarginMode;
  /** MT5's initial margin rate, a multiplier of the mode's formula (1 as a rule) */
  marginRate: number;
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
  /** the initial margin per lot of `futures` mode (quote currency); NaN for the other modes */
  marginPerLot: number;
  leverage: number;
  /** typical spread in price units: used by the synthetic market and for bar data that has none */
  spread: number;
  sessions: SessionSpec;
}

/**
 * Money value of one tick for one lot, in the account currency: `quoteToAccount` is the converter's
 * current rate (account currency per unit of quote currency).
 */
export function tickValue(spec: InstrumentSpec, quoteToAccount: number): number {
  return spec.tickSize * spec.contractSize * quoteToAccount;
}

/** Account-currency value of a price move of `priceDelta` on `volume` lots at rate `quoteToAccount`. */
export function moneyPerPriceMove(
  spec: InstrumentSpec,
  priceDelta: number,
  volume: number,
  quoteToAccount: number,
): number {
  return priceDelta * volume * spec.contractSize * quoteToAccount;
}

/** The currency margin is counted in: the base in `forex` mode, the quote otherwise (as MT5). */
export function marginCurrency(spec: InstrumentSpec): string {
  return spec.marginMode === "forex" ? spec.baseCurrency : spec.quoteCurrency;
}

/**
 * Margin for `volume` lots at `price` in the account currency, by the spec's mode (see MarginMode);
 * `toAccount` converts the margin currency (account currency per unit of it).
 */
export function marginFor(spec: InstrumentSpec, volume: number, price: number, toAccount: number): number {
  const lots = volume * spec.marginRate;
  switch (spec.marginMode) {
    case "forex":
      return ((lots * spec.contractSize) / spec.leverage) * toAccount;
    case "cfd":
      return lots * spec.contractSize * price * toAccount;
    case "cfd-leverage":
      return ((lots * spec.contractSize * price) / spec.leverage) * toAccount;
    case "futures":
      return lots * spec.marginPerLot * toAccount;
  }
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
    "marginRate",
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
  validateMargin(spec);
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
  if (typeof spec.rolloverZone !== "string" || !isValidZone(spec.rolloverZone)) {
    throw swapError(
      spec,
      "rolloverZone",
      `must be an IANA time zone such as America/New_York, got ${String(spec.rolloverZone)}`,
    );
  }
}

function validateMargin(spec: InstrumentSpec): void {
  if (!MARGIN_MODES.includes(spec.marginMode)) {
    throw new HydraError(
      "INSTRUMENT_INVALID",
      `instrument ${spec.symbol}: marginMode must be one of ${MARGIN_MODES.join(", ")}, got ${String(spec.marginMode)}`,
      { field: "marginMode", symbol: spec.symbol },
    );
  }
  if (spec.marginMode === "futures") positive(spec, "marginPerLot", true);
  for (const k of ["quoteCurrency", "baseCurrency"] as const) {
    if (typeof spec[k] !== "string" || !/^[A-Z]{3}$/.test(spec[k])) {
      throw new HydraError(
        "INSTRUMENT_INVALID",
        `instrument ${spec.symbol}: ${k} must be a three-letter currency code such as USD, got ${String(spec[k])}`,
        { field: k, symbol: spec.symbol },
      );
    }
  }
}
