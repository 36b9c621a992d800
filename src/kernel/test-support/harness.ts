import { TestClock } from "../../core/clock.js";
import { DayBoundary } from "../../core/time.js";
import { SimVenue } from "../../execution/sim/sim-venue.js";
import type { AccountCurrency } from "../../model/account-currency.js";
import { CurrencyConverter } from "../../model/currency-converter.js";
import { resolveInstrument } from "../../model/default-instruments.js";
import type { Fill } from "../../model/fill.js";
import type { InstrumentSpec } from "../../model/instrument.js";
import { InstrumentTable } from "../../model/instrument-table.js";
import type { MarginCallEvent } from "../../model/margin-call-event.js";
import type { Bar, Tick } from "../../model/market-data.js";
import type { Order } from "../../model/order.js";
import type { StopOutEvent } from "../../model/stop-out-event.js";
import { Ledger } from "../../portfolio/ledger.js";
import { BrokerAccountMarks } from "../../risk/account-marks.js";
import { DEFAULT_RISK_CONFIG, type RiskConfig } from "../../risk/risk-config.js";
import { RiskEngine } from "../../risk/risk-engine.js";
import { PassThroughRisk, type RiskGate } from "../../risk/risk-gate.js";
import type { Strategy, StrategyContext, Subscription } from "../../strategies/strategy.js";
import type { OrderDenied } from "../kernel-observer.js";
import { TradingKernel } from "../trading-kernel.js";

/** A strategy whose reactions a test writes inline. */
export class ScriptedStrategy implements Strategy {
  ctx!: StrategyContext;
  readonly bars: Bar[] = [];
  /** set by a test that wants this strategy's fills */
  onFillHook?: (fill: Readonly<Fill>) => void;
  constructor(
    readonly name: string,
    readonly subscriptions: Subscription[],
    private readonly script: {
      onBar?: (bar: Bar, ctx: StrategyContext) => void;
      onTick?: (symbol: string, tick: Readonly<Tick>, ctx: StrategyContext) => void;
    } = {},
  ) {}
  onStart(ctx: StrategyContext): void {
    this.ctx = ctx;
  }
  onBar(bar: Bar, ctx: StrategyContext): void {
    this.bars.push(bar);
    this.script.onBar?.(bar, ctx);
  }
  onTick(symbol: string, tick: Readonly<Tick>, ctx: StrategyContext): void {
    this.script.onTick?.(symbol, tick, ctx);
  }
  onFill(fill: Readonly<Fill>): void {
    this.onFillHook?.(fill);
  }
}

export interface HarnessOptions {
  symbols?: string[];
  overrides?: Partial<InstrumentSpec>;
  cash?: number;
  barSpread?: number;
  slippageTicks?: number;
  strategies?: Strategy[];
  risk?: RiskGate;
  /** builds a RiskEngine on the harness's books with these settings over the defaults */
  riskConfig?: Partial<RiskConfig>;
  /** adaptive risk per trade by source (L1 sizing) */
  riskPctOf?: (source: string) => number;
  startMs?: number;
  /** the account currency (USD by default) and static rates for currencies without a pair */
  accountCurrency?: AccountCurrency;
  fxRates?: Record<string, number>;
  /** per symbol overrides (over `overrides`) */
  specOverrides?: Record<string, Partial<InstrumentSpec>>;
  /** the risk layer judges a broker's figures (live mode), anchored with `account.anchor` */
  brokerAccount?: boolean;
}

/** A kernel on a test clock with the simulated venue, recording what happens. */
export function harness(options: HarnessOptions = {}) {
  const specs = (options.symbols ?? ["XAUUSD"]).map((s) =>
    resolveInstrument(s, { ...options.overrides, ...options.specOverrides?.[s] }),
  );
  const instruments = new InstrumentTable(specs);
  const clock = new TestClock(options.startMs ?? 0);
  const converter = new CurrencyConverter(specs, {
    accountCurrency: options.accountCurrency ?? "USD",
    ...(options.fxRates === undefined ? {} : { fallbackRates: options.fxRates }),
  });
  const ledger = new Ledger(
    instruments,
    options.cash ?? 100_000,
    new DayBoundary("Europe/Prague"),
    converter,
  );
  const venue = new SimVenue({
    instruments,
    account: ledger,
    slippageTicks: options.slippageTicks ?? 0,
    barSpread: specs.map(() => options.barSpread ?? 0),
  });
  const account = options.brokerAccount ? new BrokerAccountMarks(ledger) : undefined;
  const engine =
    options.riskConfig === undefined
      ? undefined
      : new RiskEngine({
          instruments,
          ledger,
          config: { ...DEFAULT_RISK_CONFIG, ...options.riskConfig },
          ...(options.riskPctOf === undefined ? {} : { riskPctOf: options.riskPctOf }),
          ...(account === undefined ? {} : { account }),
        });
  const fills: Fill[] = [];
  const updates: Array<Pick<Order, "id" | "state" | "reason" | "code">> = [];
  const denials: OrderDenied[] = [];
  const stopOuts: StopOutEvent[] = [];
  const marginCalls: MarginCallEvent[] = [];
  const kernel = new TradingKernel({
    instruments,
    clock,
    testClock: clock,
    venue,
    ledger,
    risk: options.risk ?? engine ?? new PassThroughRisk(),
    strategies: options.strategies ?? [],
    barDay: new DayBoundary("UTC"),
    observers: [
      {
        onFill: (f) => fills.push({ ...f }),
        onOrderUpdate: (o) => updates.push({ id: o.id, state: o.state, reason: o.reason, code: o.code }),
        onDenied: (d) => denials.push(d),
        onStopOut: (e) => stopOuts.push(e),
        onMarginCall: (e) => marginCalls.push(e),
      },
    ],
  });
  kernel.start();
  return {
    kernel,
    ledger,
    venue,
    clock,
    fills,
    updates,
    denials,
    stopOuts,
    marginCalls,
    instruments,
    engine,
    account,
  };
}

export const MIN = 60_000;
/** 2024-01-10 (a Wednesday) 10:00 UTC: markets open. */
export const T0 = Date.UTC(2024, 0, 10, 10, 0, 0);
