import { HydraError } from "../../core/errors.js";
import type { ClosedTrade } from "../../model/position.js";

/**
 * Metalearning L1: adaptive position sizing. Each bot keeps its last `window` closed trades; from their
 * win rate W and payoff ratio R (average win / average loss) a Kelly-like edge f = W − (1 − W) / R is
 * turned into a risk multiplier 1 + gain·f, clamped to [min, max]. With fewer than `minTrades` trades the
 * multiplier is 1. Outcomes are measured in R multiples (net P&L / money risked) when every trade in the
 * window knows its risk, otherwise in net P&L. Pure and deterministic: same trades, same multiplier.
 */
export interface AdaptiveSizingConfig {
  /** trades kept per bot (SPEC: 20) */
  window: number;
  /** below this many trades the multiplier is 1 */
  minTrades: number;
  /** multiplier band */
  min: number;
  max: number;
  /** multiplier = 1 + gain · kellyFraction before clamping */
  gain: number;
}

const DEFAULT_ADAPTIVE_SIZING: Readonly<AdaptiveSizingConfig> = {
  window: 20,
  minTrades: 10,
  min: 0.5,
  max: 1.5,
  gain: 2,
};

/** One closed trade as sizing sees it. */
export interface SizingTrade {
  netPnl: number;
  /** money at risk when the trade was opened (entry to stop, > 0); gives the R multiple */
  riskMoney?: number;
}

export interface SizingStats {
  trades: number;
  wins: number;
  losses: number;
  winRate: number;
  /** average win / average loss; Infinity with no loss, NaN with no win */
  payoff: number;
  /** W − (1 − W) / R; NaN below minTrades */
  kelly: number;
  /** true when outcomes were measured in R multiples */
  inR: boolean;
  multiplier: number;
}

function checkSizingConfig(c: AdaptiveSizingConfig): AdaptiveSizingConfig {
  const ok =
    Number.isInteger(c.window) &&
    c.window > 0 &&
    Number.isInteger(c.minTrades) &&
    c.minTrades >= 1 &&
    c.minTrades <= c.window &&
    c.min > 0 &&
    c.min <= 1 &&
    c.max >= 1 &&
    Number.isFinite(c.max) &&
    c.gain >= 0 &&
    Number.isFinite(c.gain);
  if (!ok) throw new HydraError("CONFIG_INVALID", "adaptive sizing: invalid config", { ...c });
  return c;
}

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

/** The statistics and multiplier of a trade list (only its last `window` trades count). */
export function sizingStats(
  trades: readonly SizingTrade[],
  config: AdaptiveSizingConfig = DEFAULT_ADAPTIVE_SIZING,
): SizingStats {
  const recent = trades.slice(-config.window);
  const inR = recent.length > 0 && recent.every((t) => t.riskMoney !== undefined && t.riskMoney > 0);
  const outcomes = recent.map((t) => (inR ? t.netPnl / t.riskMoney! : t.netPnl));
  const wins = outcomes.filter((x) => x > 0);
  const losses = outcomes.filter((x) => x < 0);
  const n = outcomes.length;
  const winRate = n === 0 ? 0 : wins.length / n;
  const avgWin = wins.length === 0 ? Number.NaN : wins.reduce((a, b) => a + b, 0) / wins.length;
  const avgLoss = losses.length === 0 ? 0 : -losses.reduce((a, b) => a + b, 0) / losses.length;
  const payoff = wins.length === 0 ? Number.NaN : avgLoss === 0 ? Number.POSITIVE_INFINITY : avgWin / avgLoss;
  let kelly = Number.NaN;
  let multiplier = 1;
  if (n >= config.minTrades) {
    // no win: the worst edge; no loss: (1 − W)/∞ = 0
    kelly = wins.length === 0 ? -1 : winRate - (1 - winRate) / payoff;
    multiplier = clamp(1 + config.gain * kelly, config.min, config.max);
  }
  return { trades: n, wins: wins.length, losses: losses.length, winRate, payoff, kelly, inR, multiplier };
}

/** The risk % to use: base × multiplier, never above the risk layer's cap. */
export function adaptedRiskPct(basePct: number, multiplier: number, capPct: number): number {
  return Math.min(basePct * multiplier, capPct);
}

/** Rolling per-bot windows; feed it every closed trade, ask it for a bot's multiplier. */
export class AdaptiveSizer {
  private readonly windows = new Map<string, SizingTrade[]>();
  readonly config: AdaptiveSizingConfig;

  constructor(config: Partial<AdaptiveSizingConfig> = {}) {
    this.config = checkSizingConfig({ ...DEFAULT_ADAPTIVE_SIZING, ...config });
  }

  /** Records a closed trade of `bot`; `riskMoney` (money risked at entry) enables R multiples. */
  record(bot: string, trade: Pick<ClosedTrade, "netPnl">, riskMoney?: number): void {
    const w = this.windows.get(bot) ?? [];
    w.push(riskMoney === undefined ? { netPnl: trade.netPnl } : { netPnl: trade.netPnl, riskMoney });
    if (w.length > this.config.window) w.splice(0, w.length - this.config.window);
    this.windows.set(bot, w);
  }

  /** The bot's trades in the window, oldest first. */
  trades(bot: string): readonly SizingTrade[] {
    return this.windows.get(bot) ?? [];
  }

  stats(bot: string): SizingStats {
    return sizingStats(this.trades(bot), this.config);
  }

  multiplier(bot: string): number {
    return this.stats(bot).multiplier;
  }

  /** The bot's risk % for its next trade. */
  riskPct(bot: string, basePct: number, capPct: number): number {
    return adaptedRiskPct(basePct, this.multiplier(bot), capPct);
  }
}
