import type { Clock, TestClock } from "../../core/clock.js";
import { DayBoundary } from "../../core/time.js";
import { SimVenue, type SimVenueConfig } from "../../execution/sim/sim-venue.js";
import type { Venue } from "../../execution/venue.js";
import type { Book, BookFactory, BookRequest } from "../../kernel/book.js";
import { TradingKernel } from "../../kernel/trading-kernel.js";
import { CurrencyConverter } from "../../model/currency-converter.js";
import type { InstrumentTable } from "../../model/instrument-table.js";
import { Ledger } from "../../portfolio/ledger.js";
import { BrokerAccountMarks } from "../../risk/account-marks.js";
import { RiskEngine } from "../../risk/risk-engine.js";
import { PassThroughRisk, type RiskGate } from "../../risk/risk-gate.js";

export interface BookEnvironment {
  instruments: InstrumentTable;
  /** the market clock strategies read */
  clock: Clock;
  /** backtests: the kernel sets it to each event's time */
  testClock?: TestClock;
  /** the venue for a ledger; the simulated venue (with `sim`'s settings) by default */
  venue?: (ledger: Ledger) => Venue;
  /** the simulated venue's settings: slippage, bar spreads */
  sim?: Pick<SimVenueConfig, "slippageTicks" | "barSpread" | "stopOutPct" | "marginCallPct">;
  /** where a trading day starts (daily P&L, the guardian's day); FTMO's: midnight Europe/Prague */
  day?: DayBoundary;
  /** where D1 bars start; midnight UTC by default */
  barDay?: DayBoundary;
  /** prefix of order and position ids (the run id of a long-running node; none in backtests) */
  idPrefix?: string;
}

/**
 * Builds one account's book — ledger, venue, risk layer, kernel — wired the same way for every command:
 * backtests, paper, shadow and live differ only in the clock and the venue they pass.
 */
export function buildBook(env: BookEnvironment, request: BookRequest & { gate?: RiskGate }): Book {
  const { instruments } = env;
  const converter = new CurrencyConverter(instruments.specs, {
    accountCurrency: request.accountCurrency ?? "USD",
    ...(request.fxRates === undefined ? {} : { fallbackRates: request.fxRates }),
  });
  const ledger = new Ledger(
    instruments,
    request.cash,
    env.day ?? new DayBoundary("Europe/Prague"),
    converter,
  );
  const prefix = env.idPrefix === undefined ? {} : { idPrefix: env.idPrefix };
  const venue = env.venue?.(ledger) ?? new SimVenue({ instruments, account: ledger, ...env.sim, ...prefix });
  // at a broker, the account is the broker's: its account events anchor what the risk layer judges
  const account = venue.capabilities.brokerExecution ? new BrokerAccountMarks(ledger) : undefined;
  const risk =
    request.gate !== undefined || request.riskConfig === null
      ? undefined
      : new RiskEngine({
          instruments,
          ledger,
          config: request.riskConfig,
          scope: request.scope,
          ...(request.states === undefined ? {} : { states: request.states }),
          ...(request.riskPctOf === undefined ? {} : { riskPctOf: request.riskPctOf }),
          ...(account === undefined ? {} : { account }),
        });
  const gate = request.gate ?? risk ?? new PassThroughRisk();
  const kernel = new TradingKernel({
    instruments,
    clock: env.clock,
    ...(env.testClock === undefined ? {} : { testClock: env.testClock }),
    venue,
    ledger,
    risk: gate,
    strategies: request.strategies ?? [],
    barDay: env.barDay ?? new DayBoundary("UTC"),
    observers: request.observers ?? [],
    ...prefix,
  });
  return { kernel, ledger, venue, risk, gate, account };
}

/** The factory engines receive (they never construct a venue or a kernel). */
export function bookFactory(env: BookEnvironment): BookFactory {
  return (request) => buildBook(env, request);
}
