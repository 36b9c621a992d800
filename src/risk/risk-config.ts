import type { Timeframe } from "../model/market-data.js";
import type { PhaseName, ProgramName } from "./prop-firm/program.js";

/** Everything the risk layer can be told, with the defaults of SPEC.md (FTMO side and guardian). */
export interface RiskConfig {
  /** risk per trade in % of equity, by source; `default` for the rest */
  riskPct: { default: number; bySource: Readonly<Record<string, number>> };
  /** the guardian's sizing band: a trade's risk is cut down to at most maxRiskPct (never raised) */
  maxRiskPct: number;
  maxPositions: number;
  correlation: { max: number; timeframe: Timeframe; window: number };
  duplicateCooldownMs: number;
  rateLimit: { perSourcePerMinute: number; perAccountPerMinute: number };
  guardian: { dailyLossPct: number; maxDrawdownPct: number } | null;
  propFirm: { program: ProgramName; phase: PhaseName } | null;
  /** what the kill switch does to open positions */
  killMode: "close" | "freeze";
  /**
   * % of the free margin a new trade leaves unused, so that a market order filled a little worse than
   * the price it was sized at is not rejected for margin (NO_MONEY) by the venue; 0 uses all of it
   */
  marginHeadroomPct?: number;
}

export const DEFAULT_RISK_CONFIG: RiskConfig = {
  riskPct: { default: 1.5, bySource: { "hf-scalper": 1 } },
  maxRiskPct: 2,
  maxPositions: 3,
  correlation: { max: 0.7, timeframe: "M5", window: 50 },
  duplicateCooldownMs: 5 * 60_000,
  rateLimit: { perSourcePerMinute: 10, perAccountPerMinute: 30 },
  guardian: { dailyLossPct: 4.5, maxDrawdownPct: 9 },
  propFirm: null,
  killMode: "freeze",
  marginHeadroomPct: 2,
};

/**
 * The pre-trade rules and risk sizing without the guardian or a prop-firm program: what a backtest runs
 * for a strategy sized by the risk layer (`sizedByRisk`) when no `--challenge` or `--guardian` is asked.
 */
export const PRE_TRADE_RISK_CONFIG: RiskConfig = { ...DEFAULT_RISK_CONFIG, guardian: null, propFirm: null };
