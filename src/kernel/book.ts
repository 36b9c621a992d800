import type { Venue } from "../execution/venue.js";
import type { AccountCurrency } from "../model/account-currency.js";
import type { Ledger } from "../portfolio/ledger.js";
import type { BrokerAccountMarks } from "../risk/account-marks.js";
import type { RiskConfig } from "../risk/risk-config.js";
import type { RiskEngine } from "../risk/risk-engine.js";
import type { RiskGate } from "../risk/risk-gate.js";
import type { TradingStates } from "../risk/trading-state.js";
import type { Strategy } from "../strategies/strategy.js";
import type { KernelObserver } from "./kernel-observer.js";
import type { TradingKernel } from "./trading-kernel.js";

/** One account's trading parts, wired: kernel, ledger, venue and risk layer. */
export interface Book {
  kernel: TradingKernel;
  ledger: Ledger;
  venue: Venue;
  /** the risk layer; undefined when the book trades without one (`--no-risk`, reference backtests) */
  risk: RiskEngine | undefined;
  gate: RiskGate;
  /** a venue that executes at a broker: the broker's balance and equity, which the risk layer judges */
  account: BrokerAccountMarks | undefined;
}

/** What an engine or a runner asks of the node for one account. */
export interface BookRequest {
  /** the account's scope in the trading states (an engine id, "account") */
  scope: string;
  cash: number;
  /** the currency the account is kept in (USD by default) */
  accountCurrency?: AccountCurrency;
  /** static rates (account currency per unit) for currencies no pair of the run converts */
  fxRates?: Readonly<Record<string, number>>;
  strategies?: readonly Strategy[];
  observers?: readonly KernelObserver[];
  /** null: no risk layer */
  riskConfig: RiskConfig | null;
  /** shared trading states (the kill switch halts them); a fresh set by default */
  states?: TradingStates;
  /** risk per trade by source when it adapts (L1 sizing); the config's otherwise */
  riskPctOf?: (source: string) => number;
}

/**
 * Engines never build kernels or venues themselves: the node (runtime/node/build-book.ts) hands them
 * this factory, bound to its clock, instruments and venue kind, so that backtest, paper and live books
 * are wired in one place.
 */
export type BookFactory = (request: BookRequest) => Book;
