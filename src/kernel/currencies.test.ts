import { describe, expect, it } from "vitest";
import { harness, T0 } from "./test-support/harness.js";

const open = (symbol: string, volume = 1, side: "buy" | "sell" = "buy") => ({
  kind: "open" as const,
  symbol,
  side,
  orderType: "market" as const,
  volume,
});
const close = (symbol: string) => ({ kind: "close" as const, symbol });

/** Worked MT5 examples: money of instruments quoted in another currency than the account's. */
describe("money in the account currency at the feed's current rate (MT5's worked examples)", () => {
  it("USDJPY in a USD account: 1 lot bought at 150.000, sold at 150.500 → 50,000 JPY ÷ 150.500 = 332.23 USD", () => {
    // commission 700 JPY per lot per fill, converted at each fill's rate
    const h = harness({ symbols: ["USDJPY"], specOverrides: { USDJPY: { commissionPerLot: 700 } } });
    h.kernel.onTick(0, T0, 149.99, 150);
    h.kernel.submit(open("USDJPY"), "manual");
    h.kernel.onTick(0, T0 + 1000, 149.99, 150); // bought at the ask 150.000
    // margin (forex mode): 1 × 100,000 USD ÷ 100 = 1,000 USD, the base being the account's currency
    expect(h.ledger.margin).toBe(1000);
    // commission 700 JPY ÷ 149.990 (the bid: USDJPY converts its own JPY) = 4.667 → 4.67 USD
    expect(h.fills[0]!.commission).toBe(4.67);
    h.kernel.onTick(0, T0 + 2000, 150.5, 150.51);
    // floating: 0.5 × 100,000 = 50,000 JPY ÷ 150.500 = 332.2259 USD
    expect(h.ledger.floatingPnl).toBeCloseTo(332.2259, 4);
    h.kernel.submit(close("USDJPY"), "manual");
    h.kernel.onTick(0, T0 + 3000, 150.5, 150.51); // sold at the bid 150.500
    const t = h.ledger.trades[0]!;
    expect(t.grossPnl).toBe(332.23);
    // 700 JPY ÷ 150.500 = 4.651 → 4.65; the trade's commission 4.67 + 4.65 = 9.32
    expect(t.commission).toBe(9.32);
    expect(t.netPnl).toBe(322.91);
    expect(h.ledger.balance).toBe(100_322.91);
    expect(h.ledger.margin).toBe(0);
  });

  it("GER40 (EUR) in a USD account with EURUSD in the feed: +100 points on 1 lot at EURUSD 1.0850 → 108.50 USD", () => {
    const h = harness({ symbols: ["GER40", "EURUSD"] });
    h.kernel.onTick(1, T0, 1.085, 1.0851);
    h.kernel.onTick(0, T0, 18_000, 18_001);
    h.kernel.submit(open("GER40"), "manual");
    h.kernel.onTick(0, T0 + 1000, 18_000, 18_001); // bought at 18,001.00
    // margin (CFD leverage): 1 × 1 × 18,001 ÷ 20 = 900.05 EUR × 1.0851 (EURUSD ask, a buy) = 976.64 USD
    expect(h.ledger.margin).toBeCloseTo(976.644255, 6);
    h.kernel.onTick(0, T0 + 2000, 18_101, 18_102); // +100 points = 100 EUR
    expect(h.ledger.floatingPnl).toBeCloseTo(108.5, 9);
    // EURUSD moves: the same 100 EUR are now worth 109.00 USD
    h.kernel.onTick(1, T0 + 3000, 1.09, 1.0901);
    expect(h.ledger.floatingPnl).toBeCloseTo(109, 9);
    expect(h.ledger.equity).toBeCloseTo(100_109, 9);
    h.kernel.onTick(1, T0 + 4000, 1.085, 1.0851);
    h.kernel.submit(close("GER40"), "manual");
    h.kernel.onTick(0, T0 + 5000, 18_101, 18_102);
    expect(h.ledger.trades[0]!.grossPnl).toBe(108.5);
    expect(h.ledger.balance).toBe(100_108.5);
  });

  it("EURGBP in a USD account: 200 GBP at GBPUSD 1.2700 = 254.00 USD; margin 1,000 EUR at EURUSD 1.1001", () => {
    const h = harness({ symbols: ["EURGBP", "GBPUSD", "EURUSD"] });
    h.kernel.onTick(1, T0, 1.27, 1.2701);
    h.kernel.onTick(2, T0, 1.1, 1.1001);
    h.kernel.onTick(0, T0, 0.8499, 0.85);
    h.kernel.submit(open("EURGBP"), "manual");
    h.kernel.onTick(0, T0 + 1000, 0.8499, 0.85); // bought at 0.85000
    // forex mode: 100,000 EUR ÷ 100 = 1,000 EUR × 1.1001 (EURUSD ask) = 1,100.10 USD
    expect(h.ledger.margin).toBeCloseTo(1100.1, 9);
    h.kernel.submit(close("EURGBP"), "manual");
    h.kernel.onTick(0, T0 + 2000, 0.852, 0.8521); // sold at 0.85200: +0.002 × 100,000 = 200 GBP
    expect(h.ledger.trades[0]!.grossPnl).toBe(254);
  });

  it("GBPJPY in a USD account: its JPY through USDJPY (÷ 150.000), its GBP margin through GBPUSD (× 1.2701)", () => {
    const h = harness({ symbols: ["GBPJPY", "USDJPY", "GBPUSD"] });
    h.kernel.onTick(1, T0, 150, 150.01);
    h.kernel.onTick(2, T0, 1.27, 1.2701);
    h.kernel.onTick(0, T0, 189.98, 190);
    h.kernel.submit(open("GBPJPY"), "manual");
    h.kernel.onTick(0, T0 + 1000, 189.98, 190); // bought at 190.000
    // forex mode: 100,000 GBP ÷ 100 = 1,000 GBP × 1.2701 = 1,270.10 USD
    expect(h.ledger.margin).toBeCloseTo(1270.1, 9);
    h.kernel.submit(close("GBPJPY"), "manual");
    h.kernel.onTick(0, T0 + 2000, 190.5, 190.52); // sold at 190.500: 50,000 JPY ÷ 150.000 = 333.33 USD
    expect(h.ledger.trades[0]!.grossPnl).toBe(333.33);
  });

  it("an EUR account: XAUUSD's USD through EURUSD (÷ its bid): 1 lot +9.70 = 970 USD ÷ 1.1000 = 881.82 EUR", () => {
    const h = harness({ symbols: ["XAUUSD", "EURUSD"], accountCurrency: "EUR", cash: 50_000 });
    h.kernel.onTick(1, T0, 1.1, 1.1001);
    h.kernel.onTick(0, T0, 2000, 2000.3);
    h.kernel.submit(open("XAUUSD"), "manual");
    h.kernel.onTick(0, T0 + 1000, 2000, 2000.3); // bought at 2000.30
    // margin: 100 × 2000.30 ÷ 30 = 6,667.67 USD ÷ 1.1001 (EURUSD ask, a buy) = 6,060.96 EUR
    expect(h.ledger.margin).toBeCloseTo(6060.964, 3);
    h.kernel.submit(close("XAUUSD"), "manual");
    h.kernel.onTick(0, T0 + 2000, 2010, 2010.3);
    expect(h.ledger.trades[0]!.grossPnl).toBe(881.82);
    expect(h.ledger.balance).toBe(50_881.82);
  });

  it("a CZK account with no JPY pair in the run: JP225 at the configured static rate, and a warning", () => {
    const h = harness({
      symbols: ["JP225"],
      accountCurrency: "CZK",
      fxRates: { JPY: 0.155 },
      cash: 1_000_000,
    });
    expect(h.ledger.converter.warnings).toHaveLength(1);
    h.kernel.onTick(0, T0, 38_000, 38_010);
    h.kernel.submit(open("JP225", 10), "manual");
    h.kernel.onTick(0, T0 + 1000, 38_000, 38_010); // 10 lots at 38,010
    // margin: 10 × 38,010 ÷ 20 = 19,005 JPY × 0.155 = 2,945.78 CZK
    expect(h.ledger.margin).toBeCloseTo(2945.775, 6);
    h.kernel.submit(close("JP225"), "manual");
    h.kernel.onTick(0, T0 + 2000, 38_110, 38_120); // +100 points × 10 lots = 1,000 JPY × 0.155 = 155 CZK
    expect(h.ledger.trades[0]!.grossPnl).toBe(155);
  });

  it("before the conversion pair's first quote, with no static rate, an entry is refused (NO_MONEY)", () => {
    const h = harness({ symbols: ["GER40", "EURUSD"] });
    h.kernel.onTick(0, T0, 18_000, 18_001);
    h.kernel.submit(open("GER40"), "manual");
    h.kernel.onTick(0, T0 + 1000, 18_000, 18_001);
    expect(h.updates.at(-1)).toMatchObject({ state: "rejected", code: "NO_MONEY" });
    expect(h.ledger.openCount).toBe(0);
  });

  it("a position restored before any quote books its margin at its open price (EURUSD converts its own EUR)", () => {
    const h = harness({ symbols: ["EURUSD"] });
    h.venue.restorePosition({
      id: "R1",
      source: "manual",
      symbol: "EURUSD",
      side: "buy",
      volume: 1,
      openPrice: 1.1,
      openTime: T0 - 60_000,
      sl: Number.NaN,
      tp: Number.NaN,
      commission: 0,
      swap: 0,
      tag: "",
    });
    // 1,000 EUR at 1.1000 = 1,100 USD, as before any currency conversion existed
    expect(h.ledger.margin).toBeCloseTo(1100, 9);
    expect(h.ledger.freeMargin).toBeCloseTo(98_900, 9);
  });

  it("the risk layer sizes with the converted tick value: 1.5 % of 100,000 USD on USDJPY with a 0.500 stop", () => {
    const h = harness({ symbols: ["USDJPY"], riskConfig: {} });
    h.kernel.onTick(0, T0, 149.99, 150);
    // entry 150.000 (ask), stop 149.500: 500 ticks × 0.001 × 100,000 JPY ÷ 149.990 = 333.36 USD per lot;
    // 1,500 USD ÷ 333.36 = 4.4997 → 4.49 lots (unconverted, 50,000 "USD" a lot, it would be 0.03)
    const r = h.kernel.submit({ ...open("USDJPY", 0), sl: 149.5 }, "manual");
    expect(r.accepted).toBe(true);
    h.kernel.onTick(0, T0 + 1000, 149.99, 150);
    expect(h.fills[0]!.volume).toBe(4.49);
  });

  it("swap in the quote currency is booked at the rollover's rate: −500 JPY × 3 nights ÷ 150 = −10.00 USD", () => {
    const h = harness({ symbols: ["USDJPY"], specOverrides: { USDJPY: { swapLong: -500 } } });
    h.kernel.onTick(0, T0, 149.99, 150);
    h.kernel.submit(open("USDJPY"), "manual");
    h.kernel.onTick(0, T0 + 1000, 149.99, 150);
    // Wednesday's rollover (17:00 New York = 22:00 UTC) books three nights
    h.kernel.onTick(0, T0 + 13 * 3_600_000, 150, 150.01);
    expect(h.ledger.swapTotal).toBe(-10);
  });

  it("ticks folded in runs give the same books as tick by tick when the symbol converts its own money", () => {
    const run = (fast: boolean) => {
      const h = harness({ symbols: ["USDJPY"] });
      h.kernel.onTick(0, T0, 149.99, 150);
      h.kernel.submit(open("USDJPY", 3), "manual");
      h.kernel.onTick(0, T0 + 1, 149.99, 150);
      const n = 2000;
      const time = Float64Array.from({ length: n }, (_, i) => T0 + 10 + i);
      const bid = Float64Array.from({ length: n }, (_, i) => 150 + 0.001 * (i % 700));
      const ask = Float64Array.from(bid, (b) => b + 0.01);
      if (fast) h.kernel.onTicks(0, time, bid, ask, 0, n);
      else for (let i = 0; i < n; i++) h.kernel.onTick(0, time[i]!, bid[i]!, ask[i]!);
      const l = h.ledger;
      return [l.equity, l.highWaterMark, l.maxDrawdown, l.today?.minEquity, l.today?.maxEquity];
    };
    const slow = run(false);
    const fast = run(true);
    for (let i = 0; i < slow.length; i++) expect(fast[i]).toBeCloseTo(slow[i]!, 6);
    // the last mark (bid 150.599): 3 lots × 0.599 × 100,000 = 179,700 JPY ÷ 150.599 = 1,193.24 USD
    expect(slow[0]).toBeCloseTo(100_000 + 179_700 / 150.599, 6);
  });

  it("agrees to the cent with MT5's profit formula over 200 seeded trades (USDJPY; GER40 through EURUSD)", () => {
    // the reference: profit = (close − open) × lots × contract size in the quote currency, × the
    // conversion rate at the deal (USDJPY: ÷ its bid; EUR: × EURUSD's bid), rounded to cents
    const ref = (move: number, lots: number, contract: number, rate: number) =>
      Math.round(move * lots * contract * rate * 100) / 100;
    let seed = 7;
    const rnd = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const h = harness({ symbols: ["USDJPY", "GER40", "EURUSD"], cash: 10_000_000 });
    const expected: number[] = [];
    let t = T0;
    for (let i = 0; i < 100; i++) {
      const jpyIn = Math.round((140 + 20 * rnd()) * 1000) / 1000;
      const jpyOut = Math.round((140 + 20 * rnd()) * 1000) / 1000;
      const gerIn = Math.round((17_000 + 2000 * rnd()) * 100) / 100;
      const gerOut = Math.round((17_000 + 2000 * rnd()) * 100) / 100;
      const eur = Math.round((1.05 + 0.1 * rnd()) * 100_000) / 100_000;
      const lots = Math.max(0.01, Math.floor(rnd() * 500) / 100);
      t += 1000;
      h.kernel.onTick(2, t, eur, eur);
      h.kernel.onTick(0, t, jpyIn, jpyIn);
      h.kernel.onTick(1, t, gerIn, gerIn);
      h.kernel.submit(open("USDJPY", lots), "manual");
      h.kernel.submit(open("GER40", lots), "manual");
      t += 1000;
      h.kernel.onTick(0, t, jpyIn, jpyIn);
      h.kernel.onTick(1, t, gerIn, gerIn);
      h.kernel.submit(close("USDJPY"), "manual");
      h.kernel.submit(close("GER40"), "manual");
      t += 1000;
      h.kernel.onTick(0, t, jpyOut, jpyOut);
      h.kernel.onTick(1, t, gerOut, gerOut);
      expected.push(ref(jpyOut - jpyIn, lots, 100_000, 1 / jpyOut), ref(gerOut - gerIn, lots, 1, eur));
    }
    expect(h.ledger.trades.map((x) => x.grossPnl)).toEqual(expected);
  });
});
