import { describe, expect, it } from "vitest";
import { HydraError } from "../core/errors.js";
import { CurrencyConverter } from "./currency-converter.js";
import { resolveInstrument } from "./default-instruments.js";
import { marginFor, tickValue } from "./instrument.js";

const specs = (...symbols: string[]) => symbols.map((s) => resolveInstrument(s));

describe("currency converter: the account currency at the feed's rate", () => {
  it("USDJPY in a USD account converts its own JPY: ÷ its bid; its USD margin needs no rate", () => {
    const c = new CurrencyConverter(specs("USDJPY"), { accountCurrency: "USD" });
    expect(c.profitRate(0)).toBeNaN(); // no quote yet, no static rate: unknown, never 1
    c.onQuote(0, 150.5, 150.51);
    expect(c.profitRate(0)).toBe(1 / 150.5);
    expect(c.marginRate(0, true)).toBe(1);
    expect(c.drives(0)).toBe(true);
    expect([...c.convertedBy(0)]).toEqual([0]);
    expect(c.warnings).toEqual([]);
    // MT5's tick value of USDJPY at 150.000: 0.001 × 100,000 JPY = 100 JPY ÷ 150 = 0.66667 USD
    c.onQuote(0, 150, 150.01);
    expect(tickValue(resolveInstrument("USDJPY"), c.profitRate(0))).toBeCloseTo(0.666667, 6);
  });

  it("GER40 (EUR) in a USD account through EURUSD: profit at its bid, a buy's margin at its ask", () => {
    const c = new CurrencyConverter(specs("GER40", "EURUSD"), { accountCurrency: "USD" });
    c.onQuote(1, 1.085, 1.0851);
    expect(c.profitRate(0)).toBe(1.085);
    expect(c.marginRate(0, true)).toBe(1.0851);
    expect(c.marginRate(0, false)).toBe(1.085);
    expect(c.profitRate(1)).toBe(1); // EURUSD's own profit is in USD
    expect([...c.convertedBy(1)]).toEqual([0]);
    expect(c.drives(0)).toBe(false);
    // what the stop-out asks: GER40's rate if EURUSD were at 1.07
    expect(c.profitRateIf(0, 1, 1.07)).toBe(1.07);
    // 1 GER40 lot at 18,000 (1:20): 900 EUR × 1.0851 = 976.59 USD
    expect(c.margin(0, 1, 18_000, true)).toBeCloseTo(976.59, 6);
  });

  it("an EUR account: GBPJPY's JPY through EURJPY, its GBP margin through EURGBP (both inverted)", () => {
    const c = new CurrencyConverter(specs("GBPJPY", "EURJPY", "EURGBP"), { accountCurrency: "EUR" });
    c.onQuote(1, 163, 163.02);
    c.onQuote(2, 0.85, 0.8501);
    expect(c.profitRate(0)).toBe(1 / 163);
    expect(c.marginRate(0, true)).toBe(1 / 0.8501);
    // 1 lot GBPJPY: 100,000 GBP ÷ 100 = 1,000 GBP ÷ 0.8501 = 1,176.33 EUR
    expect(c.margin(0, 1, 190, true)).toBeCloseTo(1176.33, 2);
  });

  it("a currency with no pair in the run: the configured static rate, with a warning", () => {
    const c = new CurrencyConverter(specs("JP225"), {
      accountCurrency: "CZK",
      fallbackRates: { JPY: 0.155 },
    });
    expect(c.profitRate(0)).toBe(0.155);
    expect(c.warnings).toEqual([
      "no JPYCZK or CZKJPY in the run: JPY is converted at the static rate 0.155 CZK per JPY (--fx-rate)",
    ]);
    // the static rate also covers a pair's first moments, before its first quote
    const d = new CurrencyConverter(specs("GER40", "EURUSD"), {
      accountCurrency: "USD",
      fallbackRates: { EUR: 1.08 },
    });
    expect(d.profitRate(0)).toBe(1.08);
    expect(d.warnings).toEqual([]);
    d.onQuote(1, 1.09, 1.0901);
    expect(d.profitRate(0)).toBe(1.09);
  });

  it("and without a static rate it is an error naming the currency, the pairs and the option", () => {
    const build = () => new CurrencyConverter(specs("EURUSD"), { accountCurrency: "GBP" });
    expect(build).toThrow(HydraError);
    expect(build).toThrow(
      "cannot convert USD (EURUSD) into the account currency GBP: the run has neither USDGBP nor GBPUSD; add one of them or give a static rate with --fx-rate USD=<GBP per USD>",
    );
  });
});

describe("margin by MT5's calculation modes (in the margin currency × its rate)", () => {
  it("forex: lots × contract × margin rate ÷ leverage, in the base currency", () => {
    const eurusd = resolveInstrument("EURUSD");
    // 2 lots: 200,000 EUR ÷ 100 = 2,000 EUR; at EURUSD 1.1 = 2,200 USD (the price itself does not enter)
    expect(marginFor(eurusd, 2, 1.1, 1.1)).toBeCloseTo(2200, 9);
    expect(marginFor({ ...eurusd, marginRate: 0.5 }, 2, 1.1, 1.1)).toBeCloseTo(1100, 9);
  });

  it("cfd: lots × contract × price × margin rate, in the quote currency", () => {
    const ger = { ...resolveInstrument("GER40"), marginMode: "cfd" as const, marginRate: 0.05 };
    // 1 × 1 × 18,000 × 0.05 = 900 EUR; × 1.085 = 976.50 USD
    expect(marginFor(ger, 1, 18_000, 1.085)).toBeCloseTo(976.5, 9);
  });

  it("cfd-leverage: lots × contract × price × margin rate ÷ leverage", () => {
    const ger = resolveInstrument("GER40");
    // 2 × 1 × 18,000 ÷ 20 = 1,800 EUR; × 1.085 = 1,953 USD
    expect(marginFor(ger, 2, 18_000, 1.085)).toBeCloseTo(1953, 9);
  });

  it("futures: lots × initial margin (a fixed margin per lot given alone selects it)", () => {
    const fut = resolveInstrument("US30", { marginPerLot: 5000 });
    expect(fut.marginMode).toBe("futures");
    expect(marginFor(fut, 2, 39_000, 1)).toBe(10_000);
  });
});
