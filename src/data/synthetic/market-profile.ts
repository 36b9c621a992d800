import { HydraError } from "../../core/errors.js";
import type { AssetClass, InstrumentSpec } from "../../model/instrument.js";
import type { PatternKind } from "./intraday-pattern.js";

/** How the synthetic market moves one symbol. Plain data: override any field per run. */
export interface MarketProfile {
  readonly symbol: string;
  readonly startPrice: number;
  /** annualised volatility of log returns over a year of open time, gaps included (0.15 = 15 %) */
  readonly annualVol: number;
  /** mean time between ticks in the busiest hours (activity 1); quieter hours tick more slowly */
  readonly activeTickIntervalMs: number;
  /** typical spread in price units in the busiest hours (from the InstrumentSpec) */
  readonly spread: number;
  /** standard deviation of the log price gap at the reopen after a daily break */
  readonly reopenGap: number;
  /** standard deviation of the log price gap at the weekly open */
  readonly weekendGap: number;
  /** pull of the log price back towards the start price, per year of open time (0 = pure random walk) */
  readonly meanReversion: number;
  readonly pattern: PatternKind;
}

type Shape = Omit<MarketProfile, "symbol" | "spread">;

const S = "session" as const;
const C = "crypto" as const;

export const DEFAULT_MARKET_PROFILES: Readonly<Record<string, Shape>> = Object.freeze({
  GBPUSD: {
    startPrice: 1.27,
    annualVol: 0.08,
    activeTickIntervalMs: 500,
    reopenGap: 0,
    weekendGap: 0.0015,
    meanReversion: 0.5,
    pattern: S,
  },
  USDJPY: {
    startPrice: 150,
    annualVol: 0.09,
    activeTickIntervalMs: 500,
    reopenGap: 0,
    weekendGap: 0.0015,
    meanReversion: 0.5,
    pattern: S,
  },
  EURGBP: {
    startPrice: 0.85,
    annualVol: 0.05,
    activeTickIntervalMs: 600,
    reopenGap: 0,
    weekendGap: 0.001,
    meanReversion: 0.5,
    pattern: S,
  },
  EURJPY: {
    startPrice: 162,
    annualVol: 0.09,
    activeTickIntervalMs: 600,
    reopenGap: 0,
    weekendGap: 0.0015,
    meanReversion: 0.5,
    pattern: S,
  },
  GBPJPY: {
    startPrice: 190,
    annualVol: 0.1,
    activeTickIntervalMs: 600,
    reopenGap: 0,
    weekendGap: 0.002,
    meanReversion: 0.5,
    pattern: S,
  },
  USDCZK: {
    startPrice: 23,
    annualVol: 0.08,
    activeTickIntervalMs: 800,
    reopenGap: 0,
    weekendGap: 0.0015,
    meanReversion: 0.5,
    pattern: S,
  },
  EURCZK: {
    startPrice: 25,
    annualVol: 0.04,
    activeTickIntervalMs: 800,
    reopenGap: 0,
    weekendGap: 0.001,
    meanReversion: 0.5,
    pattern: S,
  },
  GER40: {
    startPrice: 18000,
    annualVol: 0.16,
    activeTickIntervalMs: 400,
    reopenGap: 0.0015,
    weekendGap: 0.004,
    meanReversion: 0.5,
    pattern: S,
  },
  JP225: {
    startPrice: 38000,
    annualVol: 0.18,
    activeTickIntervalMs: 400,
    reopenGap: 0.002,
    weekendGap: 0.005,
    meanReversion: 0.5,
    pattern: S,
  },
  XAUUSD: {
    startPrice: 2000,
    annualVol: 0.15,
    activeTickIntervalMs: 400,
    reopenGap: 0.0008,
    weekendGap: 0.003,
    meanReversion: 0.5,
    pattern: S,
  },
  EURUSD: {
    startPrice: 1.08,
    annualVol: 0.07,
    activeTickIntervalMs: 500,
    reopenGap: 0,
    weekendGap: 0.0015,
    meanReversion: 0.5,
    pattern: S,
  },
  US30: {
    startPrice: 39000,
    annualVol: 0.15,
    activeTickIntervalMs: 400,
    reopenGap: 0.0015,
    weekendGap: 0.004,
    meanReversion: 0.5,
    pattern: S,
  },
  NAS100: {
    startPrice: 18000,
    annualVol: 0.2,
    activeTickIntervalMs: 350,
    reopenGap: 0.002,
    weekendGap: 0.005,
    meanReversion: 0.5,
    pattern: S,
  },
  "BTC-USD": {
    startPrice: 60000,
    annualVol: 0.6,
    activeTickIntervalMs: 250,
    reopenGap: 0,
    weekendGap: 0,
    meanReversion: 0.5,
    pattern: C,
  },
  "ETH-USD": {
    startPrice: 3000,
    annualVol: 0.75,
    activeTickIntervalMs: 300,
    reopenGap: 0,
    weekendGap: 0,
    meanReversion: 0.5,
    pattern: C,
  },
  "SOL-USD": {
    startPrice: 150,
    annualVol: 1,
    activeTickIntervalMs: 400,
    reopenGap: 0,
    weekendGap: 0,
    meanReversion: 0.5,
    pattern: C,
  },
} satisfies Record<string, Shape>);

const GENERIC: Readonly<Record<AssetClass, Pick<Shape, "annualVol" | "reopenGap" | "weekendGap">>> = {
  fx: { annualVol: 0.08, reopenGap: 0, weekendGap: 0.0015 },
  metal: { annualVol: 0.18, reopenGap: 0.001, weekendGap: 0.003 },
  index: { annualVol: 0.18, reopenGap: 0.0015, weekendGap: 0.004 },
  crypto: { annualVol: 0.7, reopenGap: 0, weekendGap: 0 },
  other: { annualVol: 0.2, reopenGap: 0.001, weekendGap: 0.003 },
};

/** A profile for a symbol with no default: 100 (or 10,000 ticks), volatility and gaps by asset class. */
function genericShape(spec: InstrumentSpec): Shape {
  const crypto = spec.assetClass === "crypto" || spec.sessions.alwaysOpen === true;
  return {
    startPrice: Math.max(100, spec.tickSize * 10_000),
    ...GENERIC[spec.assetClass],
    activeTickIntervalMs: 1000,
    meanReversion: 0.5,
    pattern: crypto ? C : S,
  };
}

function check(p: MarketProfile, key: keyof MarketProfile, allowZero: boolean): void {
  const v = p[key];
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0 || (!allowZero && v === 0)) {
    throw new HydraError(
      "CONFIG_INVALID",
      `market profile ${p.symbol}: ${key} must be a ${allowZero ? "non-negative" : "positive"} number, got ${String(v)}`,
      {
        field: key,
        symbol: p.symbol,
      },
    );
  }
}

/** The synthetic-market profile of a spec: the default for its symbol (or a generic one), then overrides. */
export function marketProfile(spec: InstrumentSpec, overrides: Partial<MarketProfile> = {}): MarketProfile {
  const shape = DEFAULT_MARKET_PROFILES[spec.symbol] ?? genericShape(spec);
  const spread = spec.spread > 0 ? spec.spread : 2 * spec.tickSize;
  const p: MarketProfile = { ...shape, spread, ...overrides, symbol: spec.symbol };
  for (const k of ["startPrice", "activeTickIntervalMs"] as const) check(p, k, false);
  for (const k of ["annualVol", "spread", "reopenGap", "weekendGap", "meanReversion"] as const)
    check(p, k, true);
  if (p.pattern !== "session" && p.pattern !== "crypto") {
    throw new HydraError(
      "CONFIG_INVALID",
      `market profile ${p.symbol}: pattern must be "session" or "crypto"`,
      { field: "pattern" },
    );
  }
  return p;
}
