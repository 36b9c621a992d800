import { roundCents } from "../../core/rounding.js";
import type { Book, BookFactory } from "../../kernel/book.js";
import type { TradingKernel } from "../../kernel/trading-kernel.js";
import type { OrderIntent } from "../../model/intent.js";
import type { ClosedTrade } from "../../model/position.js";
import type { Ledger } from "../../portfolio/ledger.js";
import { DEFAULT_RISK_CONFIG, type RiskConfig } from "../../risk/risk-config.js";
import type { TradingStates } from "../../risk/trading-state.js";
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

export interface EngineDeskOptions {
  engineId: string;
  cash: number;
  /** the node's book factory: the desk never builds a venue or a kernel itself */
  books: BookFactory;
  onTradeClosed?: (t: ClosedTrade) => void;
  /** the engine was denied an order by the risk layer, with its typed code */
  onDenied?: (code: string, reason: string) => void;
  /** an order that was sent was rejected by the venue (e.g. NO_MONEY), with its code */
  onRejected?: (code: string, reason: string) => void;
  /** strategies that trade on the desk (the turbo-batch mode's slot); none in the other modes */
  strategies?: readonly Strategy[];
  /** shared trading states: the kill switch halts every desk given the same set */
  states?: TradingStates;
  /** closed trades of earlier runs (a resumed desk): scores and lessons count them */
  prior?: readonly ClosedTrade[];
}

/**
 * One engine's paper portfolio ($25,000 by default): its own book (kernel, venue, ledger, guardian) from
 * the node's factory, fed the same market as every other desk. Decisions come in as intents, sized and
 * checked by its guardian.
 */
export class EngineDesk {
  readonly engineId: string;
  readonly kernel: TradingKernel;
  readonly ledger: Ledger;
  readonly book: Book;
  private readonly closed: ClosedTrade[];

  constructor(o: EngineDeskOptions) {
    this.engineId = o.engineId;
    this.closed = [...(o.prior ?? [])];
    this.book = o.books({
      scope: o.engineId,
      cash: o.cash,
      riskConfig: ENGINE_RISK,
      strategies: o.strategies ?? [],
      ...(o.states === undefined ? {} : { states: o.states }),
      observers: [
        {
          onTradeClosed: (t) => {
            this.closed.push(t);
            o.onTradeClosed?.(t);
          },
          onDenied: (d) => o.onDenied?.(d.code, d.reason),
          onOrderUpdate: (order) => {
            if (order.state === "rejected") o.onRejected?.(order.code ?? "REJECTED", order.reason);
          },
        },
      ],
    });
    this.kernel = this.book.kernel;
    this.ledger = this.book.ledger;
  }

  /** every closed trade of the desk, earlier runs' first */
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
        const spec = this.kernel.instruments.spec(p.symbol);
        const sym = this.kernel.instruments.index(p.symbol);
        const mark = p.side === "buy" ? l.lastBid[sym]! : l.lastAsk[sym]!;
        // the ledger's P&L: price move × volume × contract size, in the account currency
        const move = p.side === "buy" ? mark - p.openPrice : p.openPrice - mark;
        return {
          asset: p.symbol,
          direction: p.side === "buy" ? "long" : "short",
          volume: p.volume,
          entry: p.openPrice,
          stopLoss: Number.isNaN(p.sl) ? null : p.sl,
          takeProfit: Number.isNaN(p.tp) ? null : p.tp,
          pnl: roundCents(move * p.volume * spec.contractSize * l.converter.profitRate(sym)),
        };
      }),
    };
  }
}
