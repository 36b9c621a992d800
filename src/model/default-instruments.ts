import { HydraError } from "../core/errors.js";
import { type InstrumentSpec, validateInstrument } from "./instrument.js";
import type { SessionSpec } from "./session-calendar.js";

/** FX: Sunday 17:00 to Friday 17:00 New York, no daily break. */
const FX_SESSIONS: SessionSpec = { zone: "America/New_York", weekOpen: "Sun 17:00", weekClose: "Fri 17:00" };
/** Metals and index CFDs: Sunday 18:00 to Friday 17:00 New York with a daily break 17:00–18:00. */
const CFD_SESSIONS: SessionSpec = {
  zone: "America/New_York",
  weekOpen: "Sun 18:00",
  weekClose: "Fri 17:00",
  dailyBreaks: [{ from: "17:00", to: "18:00" }],
};
const CRYPTO_SESSIONS: SessionSpec = { zone: "UTC", alwaysOpen: true };

/** No swap until a broker's figures are given; the rollover at 00:00 EET/EEST server time. */
const NO_SWAP = {
  swapLong: 0,
  swapShort: 0,
  swapTripleDay: "Wed",
  rolloverZone: "America/New_York",
  rolloverHour: 17,
} as const;

/** A spec: the fields every default shares, then the ones that differ. */
function makeSpec(
  symbol: string,
  assetClass: InstrumentSpec["assetClass"],
  currencies: Pick<InstrumentSpec, "quoteCurrency" | "baseCurrency" | "marginMode">,
  fields: Pick<
    InstrumentSpec,
    | "digits"
    | "tickSize"
    | "contractSize"
    | "volumeMin"
    | "volumeStep"
    | "volumeMax"
    | "leverage"
    | "spread"
    | "sessions"
  >,
): InstrumentSpec {
  return {
    symbol,
    assetClass,
    ...currencies,
    marginRate: 1,
    commissionPerLot: 0,
    marginPerLot: Number.NaN,
    ...NO_SWAP,
    // index CFDs book the weekend on Friday's rollover, FX and metals on Wednesday's
    swapTripleDay: assetClass === "index" ? "Fri" : "Wed",
    ...fields,
  };
}

type Fields = Parameters<typeof makeSpec>[3];

/** USD-quoted, margin as a leveraged CFD (notional × price ÷ leverage, in USD). */
const usdSpec = (symbol: string, assetClass: InstrumentSpec["assetClass"], fields: Fields): InstrumentSpec =>
  makeSpec(
    symbol,
    assetClass,
    { quoteCurrency: "USD", baseCurrency: "USD", marginMode: "cfd-leverage" },
    fields,
  );

/** A currency pair: 100,000 units of the base per lot, 1:100, margin in the base currency (forex mode). */
const fxPair = (symbol: string, digits: number, spread: number): InstrumentSpec =>
  makeSpec(
    symbol,
    "fx",
    { baseCurrency: symbol.slice(0, 3), quoteCurrency: symbol.slice(3, 6), marginMode: "forex" },
    {
      digits,
      tickSize: Number((10 ** -digits).toFixed(digits)),
      contractSize: 100_000,
      volumeMin: 0.01,
      volumeStep: 0.01,
      volumeMax: 100,
      leverage: 100,
      spread,
      sessions: FX_SESSIONS,
    },
  );

/** An index CFD quoted in `currency`: 1 unit per lot, 1:20, margin in the quote currency. */
const indexCfd = (symbol: string, spread: number, currency = "USD"): InstrumentSpec =>
  makeSpec(
    symbol,
    "index",
    { quoteCurrency: currency, baseCurrency: currency, marginMode: "cfd-leverage" },
    {
      digits: 2,
      tickSize: 0.01,
      contractSize: 1,
      volumeMin: 0.01,
      volumeStep: 0.01,
      volumeMax: 1000,
      leverage: 20,
      spread,
      sessions: CFD_SESSIONS,
    },
  );

const crypto = (symbol: string, volumeStep: number, volumeMax: number, spread: number): InstrumentSpec =>
  usdSpec(symbol, "crypto", {
    digits: 2,
    tickSize: 0.01,
    contractSize: 1,
    volumeMin: volumeStep,
    volumeStep,
    volumeMax,
    leverage: 1,
    spread,
    sessions: CRYPTO_SESSIONS,
  });

/**
 * Default contract specs, in line with a typical prop-firm MT5 server (contract sizes, steps, leverage).
 * Commission and swap default to 0: set your broker's figures in config (`--instruments`, fields
 * commissionPerLot, swapLong, swapShort) or with --commission-per-lot.
 */
export const DEFAULT_INSTRUMENTS: Readonly<Record<string, InstrumentSpec>> = Object.freeze({
  XAUUSD: usdSpec("XAUUSD", "metal", {
    digits: 2,
    tickSize: 0.01,
    contractSize: 100,
    volumeMin: 0.01,
    volumeStep: 0.01,
    volumeMax: 100,
    leverage: 30,
    spread: 0.2,
    sessions: CFD_SESSIONS,
  }),
  EURUSD: fxPair("EURUSD", 5, 0.00008),
  GBPUSD: fxPair("GBPUSD", 5, 0.0001),
  USDJPY: fxPair("USDJPY", 3, 0.01),
  EURGBP: fxPair("EURGBP", 5, 0.0001),
  EURJPY: fxPair("EURJPY", 3, 0.015),
  GBPJPY: fxPair("GBPJPY", 3, 0.02),
  USDCZK: fxPair("USDCZK", 4, 0.005),
  EURCZK: fxPair("EURCZK", 4, 0.005),
  US30: indexCfd("US30", 2),
  NAS100: indexCfd("NAS100", 1),
  GER40: indexCfd("GER40", 1, "EUR"),
  JP225: indexCfd("JP225", 10, "JPY"),
  "BTC-USD": crypto("BTC-USD", 0.00001, 1000, 1),
  "ETH-USD": crypto("ETH-USD", 0.0001, 10_000, 0.1),
  "SOL-USD": crypto("SOL-USD", 0.001, 100_000, 0.02),
});

/** A generic spec for a symbol HYDRA has no default for (a data file's index, say): everything explicit. */
export function genericInstrument(symbol: string, digits: number): InstrumentSpec {
  const tickSize = Number((10 ** -digits).toFixed(digits));
  return usdSpec(symbol, "other", {
    digits,
    tickSize,
    contractSize: 1,
    volumeMin: 0.01,
    volumeStep: 0.01,
    volumeMax: 1_000_000,
    leverage: 1,
    spread: 0,
    sessions: CRYPTO_SESSIONS,
  });
}

/** The default spec of a symbol with overrides applied and validated. */
export function resolveInstrument(symbol: string, overrides: Partial<InstrumentSpec> = {}): InstrumentSpec {
  const base = DEFAULT_INSTRUMENTS[symbol];
  if (base === undefined && overrides.digits === undefined) {
    throw new HydraError(
      "INSTRUMENT_UNKNOWN",
      `no default spec for symbol "${symbol}" (known: ${Object.keys(DEFAULT_INSTRUMENTS).join(", ")}); give its digits to use a generic spec`,
      { symbol },
    );
  }
  const spec = { ...(base ?? genericInstrument(symbol, overrides.digits ?? 2)), ...overrides, symbol };
  // a fixed margin per lot given alone means MT5's futures mode (lots × initial margin)
  if (overrides.marginPerLot !== undefined && overrides.marginMode === undefined) spec.marginMode = "futures";
  return validateInstrument(spec);
}
