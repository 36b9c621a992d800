import { type Clock, TestClock } from "../../core/clock.js";
import { DayBoundary } from "../../core/time.js";
import { SimVenue } from "../../execution/sim/sim-venue.js";
import { TradingKernel } from "../../kernel/trading-kernel.js";
import type { InstrumentTable } from "../../model/instrument-table.js";
import type { OrderIntent } from "../../model/intent.js";
import type { ClosedTrade } from "../../model/position.js";
import { Ledger } from "../../portfolio/ledger.js";
import { DEFAULT_RISK_CONFIG, type RiskConfig } from "../../risk/risk-config.js";
import { RiskEngine } from "../../risk/risk-engine.js";
import type { Strategy, SubmitResult } from "../../strategies/strategy.js";
import type { EnginePortfolio } from "../engine.js";

/** The guardian's settings for an engine's portfolio (SPEC §3): 4.5% daily, 9% drawdown, risk 1–2%. */
export const ENGINE_RISK: RiskConfig = {
  ...DEFAULT_RISK_CONFIG,
  riskPct: { default: 1.5, bySource: {} },
  maxRiskPct: 2,
  guardian: { dailyLossPct: 4.5, maxDrawdownPct: 9 },
  propFirm: null,
  duplicateCooldownMs: 0,
  killMode: "close",
};

/**
 * One engine's paper portfolio ($25,000 by default): its own kernel, simulated venue, ledger and guardian,
 * fed the same market as every other desk. Decisions come in as intents, sized and checked by its guardian.
 */
export class EngineDesk {
  readonly kernel: TradingKernel;
  readonly ledger: Ledger;
  readonly risk: RiskEngine;
  private readonly closed: ClosedTrade[] = [];

  constructor(
    readonly engineId: string,
    instruments: InstrumentTable,
    cash: number,
    clock: Clock | TestClock,
    onTradeClosed: (t: ClosedTrade) => void,
    /** strategies that trade on the desk (the turbo-batch mode's slot); none in the other modes */
    strategies: readonly Strategy[] = [],
  ) {
    this.ledger = new Ledger(instruments, cash, new DayBoundary("Europe/Prague"));
    this.risk = new RiskEngine({ instruments, ledger: this.ledger, config: ENGINE_RISK, scope: engineId });
    this.kernel = new TradingKernel({
      instruments,
      clock,
      ...(clock instanceof TestClock ? { testClock: clock } : {}),
      venue: new SimVenue({ instruments, account: this.ledger }),
      ledger: this.ledger,
      risk: this.risk,
      strategies,
      barDay: new DayBoundary("UTC"),
      observers: [
        {
          onTradeClosed: (t) => {
            this.closed.push(t);
            onTradeClosed(t);
          },
        },
      ],
    });
  }

  get trades(): readonly ClosedTrade[] {
    return this.closed;
  }

  submit(intent: OrderIntent): SubmitResult {
    return this.kernel.submit(intent, this.engineId);
  }

  portfolio(): EnginePortfolio {
    const l = this.ledger;
    return {
      cash: l.balance,
      equity: l.equity,
      positions: l.positions.map((p) => {
        const sym = this.kernel.instruments.index(p.symbol);
        const mark = p.side === "buy" ? l.lastBid[sym]! : l.lastAsk[sym]!;
        return {
          asset: p.symbol,
          direction: p.side === "buy" ? "long" : "short",
          volume: p.volume,
          entry: p.openPrice,
          stopLoss: Number.isNaN(p.sl) ? null : p.sl,
          takeProfit: Number.isNaN(p.tp) ? null : p.tp,
          pnl: (p.side === "buy" ? mark - p.openPrice : p.openPrice - mark) * p.volume,
        };
      }),
    };
  }
}
