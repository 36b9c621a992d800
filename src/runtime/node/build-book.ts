import type { Clock, TestClock } from "../../core/clock.js";
import { DayBoundary } from "../../core/time.js";
import { SimVenue } from "../../execution/sim/sim-venue.js";
import type { Venue } from "../../execution/venue.js";
import type { Book, BookFactory, BookRequest } from "../../kernel/book.js";
import { TradingKernel } from "../../kernel/trading-kernel.js";
import type { InstrumentTable } from "../../model/instrument-table.js";
import { Ledger } from "../../portfolio/ledger.js";
import { RiskEngine } from "../../risk/risk-engine.js";
import { PassThroughRisk } from "../../risk/risk-gate.js";

export interface BookEnvironment {
  instruments: InstrumentTable;
  /** the market clock strategies read */
  clock: Clock;
  /** backtests: the kernel sets it to each event's time */
  testClock?: TestClock;
  /** the venue for a ledger; the simulated venue by default */
  venue?: (ledger: Ledger) => Venue;
  /** the zone whose midnight starts a trading day (FTMO: Europe/Prague) */
  dayZone?: string;
  /** where D1 bars start */
  barZone?: string;
  /** prefix of order and position ids (the run id of a long-running node; none in backtests) */
  idPrefix?: string;
}

/** Builds one account's book: ledger, venue, risk layer and kernel, wired the same way in every command. */
export function buildBook(env: BookEnvironment, request: BookRequest): Book {
  const { instruments } = env;
  const ledger = new Ledger(instruments, request.cash, new DayBoundary(env.dayZone ?? "Europe/Prague"));
  const venue =
    env.venue?.(ledger) ??
    new SimVenue({
      instruments,
      account: ledger,
      ...(env.idPrefix === undefined ? {} : { idPrefix: env.idPrefix }),
    });
  const risk =
    request.riskConfig === null
      ? undefined
      : new RiskEngine({
          instruments,
          ledger,
          config: request.riskConfig,
          scope: request.scope,
          ...(request.states === undefined ? {} : { states: request.states }),
          ...(request.riskPctOf === undefined ? {} : { riskPctOf: request.riskPctOf }),
        });
  const gate = risk ?? new PassThroughRisk();
  const kernel = new TradingKernel({
    instruments,
    clock: env.clock,
    ...(env.testClock === undefined ? {} : { testClock: env.testClock }),
    venue,
    ledger,
    risk: gate,
    strategies: request.strategies ?? [],
    barDay: new DayBoundary(env.barZone ?? "UTC"),
    observers: request.observers ?? [],
    ...(env.idPrefix === undefined ? {} : { idPrefix: env.idPrefix }),
  });
  return { kernel, ledger, venue, risk, gate };
}

/** The factory engines receive (they never construct a venue or a kernel). */
export function bookFactory(env: BookEnvironment): BookFactory {
  return (request) => buildBook(env, request);
}
