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

const USD = { quoteCurrency: "USD", quoteToAccount: 1 } as const;

/**
 * Default contract specs, in line with a typical prop-firm MT5 server (contract sizes, steps, leverage).
 * Commission defaults to 0: set your broker's figure in config or with --commission-per-lot.
 */
export const DEFAULT_INSTRUMENTS: Readonly<Record<string, InstrumentSpec>> = Object.freeze({
  XAUUSD: {
    symbol: "XAUUSD",
    assetClass: "metal",
    digits: 2,
    tickSize: 0.01,
    contractSize: 100,
    ...USD,
    volumeMin: 0.01,
    volumeStep: 0.01,
    volumeMax: 100,
    commissionPerLot: 0,
    marginPerLot: Number.NaN,
    leverage: 30,
    spread: 0.2,
    sessions: CFD_SESSIONS,
  },
  EURUSD: {
    symbol: "EURUSD",
    assetClass: "fx",
    digits: 5,
    tickSize: 0.00001,
    contractSize: 100_000,
    ...USD,
    volumeMin: 0.01,
    volumeStep: 0.01,
    volumeMax: 100,
    commissionPerLot: 0,
    marginPerLot: Number.NaN,
    leverage: 100,
    spread: 0.00008,
    sessions: FX_SESSIONS,
  },
  US30: {
    symbol: "US30",
    assetClass: "index",
    digits: 2,
    tickSize: 0.01,
    contractSize: 1,
    ...USD,
    volumeMin: 0.01,
    volumeStep: 0.01,
    volumeMax: 1000,
    commissionPerLot: 0,
    marginPerLot: Number.NaN,
    leverage: 20,
    spread: 2,
    sessions: CFD_SESSIONS,
  },
  NAS100: {
    symbol: "NAS100",
    assetClass: "index",
    digits: 2,
    tickSize: 0.01,
    contractSize: 1,
    ...USD,
    volumeMin: 0.01,
    volumeStep: 0.01,
    volumeMax: 1000,
    commissionPerLot: 0,
    marginPerLot: Number.NaN,
    leverage: 20,
    spread: 1,
    sessions: CFD_SESSIONS,
  },
  "BTC-USD": {
    symbol: "BTC-USD",
    assetClass: "crypto",
    digits: 2,
    tickSize: 0.01,
    contractSize: 1,
    ...USD,
    volumeMin: 0.00001,
    volumeStep: 0.00001,
    volumeMax: 1000,
    commissionPerLot: 0,
    marginPerLot: Number.NaN,
    leverage: 1,
    spread: 1,
    sessions: CRYPTO_SESSIONS,
  },
  "ETH-USD": {
    symbol: "ETH-USD",
    assetClass: "crypto",
    digits: 2,
    tickSize: 0.01,
    contractSize: 1,
    ...USD,
    volumeMin: 0.0001,
    volumeStep: 0.0001,
    volumeMax: 10_000,
    commissionPerLot: 0,
    marginPerLot: Number.NaN,
    leverage: 1,
    spread: 0.1,
    sessions: CRYPTO_SESSIONS,
  },
  "SOL-USD": {
    symbol: "SOL-USD",
    assetClass: "crypto",
    digits: 2,
    tickSize: 0.01,
    contractSize: 1,
    ...USD,
    volumeMin: 0.001,
    volumeStep: 0.001,
    volumeMax: 100_000,
    commissionPerLot: 0,
    marginPerLot: Number.NaN,
    leverage: 1,
    spread: 0.02,
    sessions: CRYPTO_SESSIONS,
  },
} satisfies Record<string, InstrumentSpec>);

/** A generic spec for a symbol HYDRA has no default for (a data file's index, say): everything explicit. */
export function genericInstrument(symbol: string, digits: number): InstrumentSpec {
  const tickSize = Number((10 ** -digits).toFixed(digits));
  return {
    symbol,
    assetClass: "other",
    digits,
    tickSize,
    contractSize: 1,
    ...USD,
    volumeMin: 0.01,
    volumeStep: 0.01,
    volumeMax: 1_000_000,
    commissionPerLot: 0,
    marginPerLot: Number.NaN,
    leverage: 1,
    spread: 0,
    sessions: CRYPTO_SESSIONS,
  };
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
  return validateInstrument(spec);
}
