import { HydraError } from "../core/errors.js";
import type { AccountCurrency } from "./account-currency.js";
import { type InstrumentSpec, marginCurrency, marginFor } from "./instrument.js";

export interface CurrencyConverterOptions {
  accountCurrency: AccountCurrency;
  /**
   * Static rates, account currency per unit of a currency (`{"JPY": 0.0066}`): used only for a currency
   * no pair of the run converts, with a warning. Without one such a currency is an error, never 1.
   */
  fallbackRates?: Readonly<Record<string, number>>;
}

const STATIC = -1;

/**
 * Converts the money of every instrument of a run into the account currency at the current rate of the
 * feed, as MT5 does. A currency C of an account in A is converted through the run's pair C/A (EURUSD for
 * EUR in a USD account: × its bid) or A/C (USDJPY for JPY: ÷ its bid); profit, commission and swap at the
 * pair's bid, margin at its ask for a buy and its bid for a sell. A currency with no pair in the run
 * uses a configured static rate (and says so in `warnings`); before the pair's first quote, that static
 * rate too, or NaN. Fed with every price (the venue and the ledger's mark call `onQuote`; inside a bar,
 * the venue gives it the price of each fill); nothing is allocated after construction.
 */
export class CurrencyConverter {
  readonly accountCurrency: AccountCurrency;
  /** one line per currency converted at a static rate */
  readonly warnings: readonly string[];
  private readonly specs: readonly InstrumentSpec[];
  private readonly bid: Float64Array;
  private readonly ask: Float64Array;
  /** per currency slot: the symbol whose price converts it (STATIC: none), and whether to divide */
  private readonly source: Int32Array;
  private readonly invert: Uint8Array;
  private readonly fixed: Float64Array;
  /** per symbol: the slot of its profit (quote) currency and of its margin currency */
  private readonly profitSlot: Int32Array;
  private readonly marginSlot: Int32Array;
  /** per symbol: the symbols whose profit currency its price converts (itself included) */
  private readonly dependents: Int32Array[];

  constructor(specs: readonly InstrumentSpec[], options: CurrencyConverterOptions) {
    const account = options.accountCurrency;
    this.accountCurrency = account;
    this.specs = specs;
    const n = specs.length;
    this.bid = new Float64Array(n).fill(Number.NaN);
    this.ask = new Float64Array(n).fill(Number.NaN);
    const slots: string[] = [];
    const slotOf = (c: string): number => {
      let i = slots.indexOf(c);
      if (i < 0) i = slots.push(c) - 1;
      return i;
    };
    this.profitSlot = Int32Array.from(specs, (s) => slotOf(s.quoteCurrency));
    this.marginSlot = Int32Array.from(specs, (s) => slotOf(marginCurrency(s)));
    this.source = new Int32Array(slots.length).fill(STATIC);
    this.invert = new Uint8Array(slots.length);
    this.fixed = new Float64Array(slots.length).fill(Number.NaN);
    const warnings: string[] = [];
    slots.forEach((c, i) => {
      if (c === account) {
        this.fixed[i] = 1;
        return;
      }
      const direct = specs.findIndex((s) => s.baseCurrency === c && s.quoteCurrency === account);
      const inverse = specs.findIndex((s) => s.baseCurrency === account && s.quoteCurrency === c);
      const fallback = options.fallbackRates?.[c];
      if (fallback !== undefined) this.fixed[i] = fallback;
      if (direct >= 0 || inverse >= 0) {
        this.source[i] = direct >= 0 ? direct : inverse;
        this.invert[i] = direct >= 0 ? 0 : 1;
        return;
      }
      if (fallback === undefined) {
        const users = specs
          .filter((s) => s.quoteCurrency === c || marginCurrency(s) === c)
          .map((s) => s.symbol);
        throw new HydraError(
          "CONFIG_INVALID",
          `cannot convert ${c} (${users.join(", ")}) into the account currency ${account}: the run has neither ${c}${account} nor ${account}${c}; add one of them or give a static rate with --fx-rate ${c}=<${account} per ${c}>`,
          { field: "--fx-rate", currency: c },
        );
      }
      warnings.push(
        `no ${c}${account} or ${account}${c} in the run: ${c} is converted at the static rate ${fallback} ${account} per ${c} (--fx-rate)`,
      );
    });
    this.warnings = warnings;
    this.dependents = specs.map((_, sym) =>
      Int32Array.from(specs.flatMap((__, j) => (this.source[this.profitSlot[j]!] === sym ? [j] : []))),
    );
  }

  /** Takes in a symbol's quote (only a symbol that converts something keeps it). */
  onQuote(sym: number, bid: number, ask: number): void {
    this.bid[sym] = bid;
    this.ask[sym] = ask;
  }

  /** True when the symbol's price converts some symbol's profit (equity is then not linear in it). */
  drives(sym: number): boolean {
    return this.dependents[sym]!.length > 0;
  }

  /** The symbols whose profit `sym`'s price converts. */
  convertedBy(sym: number): Int32Array {
    return this.dependents[sym]!;
  }

  /** Account currency per unit of `sym`'s quote currency now (profit, commission, swap). */
  profitRate(sym: number): number {
    const slot = this.profitSlot[sym]!;
    const src = this.source[slot]!;
    return src === STATIC ? this.fixed[slot]! : this.rate(slot, this.bid[src]!);
  }

  /** profitRate of `sym` if symbol `moved` were at `bid` (the stop-out's what-if). */
  profitRateIf(sym: number, moved: number, bid: number): number {
    const slot = this.profitSlot[sym]!;
    const src = this.source[slot]!;
    if (src === STATIC) return this.fixed[slot]!;
    return this.rate(slot, src === moved ? bid : this.bid[src]!);
  }

  /** Account currency per unit of `sym`'s margin currency now: the pair's ask for a buy, bid for a sell. */
  marginRate(sym: number, buy: boolean): number {
    const slot = this.marginSlot[sym]!;
    const src = this.source[slot]!;
    if (src === STATIC) return this.fixed[slot]!;
    return this.rate(slot, buy ? this.ask[src]! : this.bid[src]!);
  }

  /** Margin of `volume` lots of `sym` at `price`, in the account currency, at the current rate. */
  margin(sym: number, volume: number, price: number, buy: boolean): number {
    return marginFor(this.specs[sym]!, volume, price, this.marginRate(sym, buy));
  }

  /** A pair's price as a rate; before its first quote the static fallback (NaN when none). */
  private rate(slot: number, price: number): number {
    if (Number.isNaN(price)) return this.fixed[slot]!;
    return this.invert[slot] === 1 ? 1 / price : price;
  }
}
