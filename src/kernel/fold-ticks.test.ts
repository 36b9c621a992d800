import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Prng } from "../core/prng.js";
import { harness, ScriptedStrategy } from "./test-support/harness.js";

const SYMBOLS = ["XAUUSD", "EURUSD", "USDJPY"];
const START = [2000, 1.1, 150];
const TICK = [0.01, 0.00001, 0.001];

/** A strategy trading all three symbols on a seeded coin: market, stop and limit entries with stops and targets. */
function randomTrader(seed: number, timeframe: "M1" | "M5") {
  const rng = new Prng(seed);
  return new ScriptedStrategy(
    "rnd",
    SYMBOLS.map((symbol) => ({ symbol, timeframe })),
    {
      onBar: (bar, ctx) => {
        const symbol = bar.symbol;
        const u = rng.next();
        const open = ctx.positions(symbol);
        if (open.length > 0 && u < 0.2) {
          ctx.submit({ kind: "close", symbol });
          return;
        }
        if (open.length > 0 && u < 0.3) {
          ctx.submit({ kind: "modify", positionId: open[0]!.id, sl: null });
          return;
        }
        if (u > 0.6 && open.length < 2) {
          const side = rng.next() < 0.5 ? "buy" : "sell";
          const dir = side === "buy" ? 1 : -1;
          const kind = rng.next();
          const orderType = kind < 0.6 ? "market" : kind < 0.8 ? "stop" : "limit";
          const unit = bar.close * 0.001;
          const offset = (orderType === "stop" ? 1 : -1) * dir * rng.next() * unit;
          const price = bar.close + offset;
          ctx.submit({
            kind: "open",
            symbol,
            side,
            orderType,
            volume: Math.round(rng.next() * 30 + 1) / 100,
            ...(orderType === "market" ? {} : { price, expiresAt: bar.endTime + 10 * 60_000 }),
            sl: price - dir * unit * (0.5 + rng.next() * 1.5),
            tp: price + dir * unit * (0.5 + rng.next() * 2.5),
          });
        }
      },
    },
  );
}

/** Three symbols' ticks merged in time order, with jumps that gap through stops. */
function market(seed: number, n: number) {
  const rng = new Prng(seed);
  const syms = new Uint16Array(n);
  const time = new Float64Array(n);
  const bid = new Float64Array(n);
  const ask = new Float64Array(n);
  const price = [...START];
  let t = Date.UTC(2024, 2, 26, 18, 0, 0); // a Tuesday evening, across a Prague midnight
  for (let i = 0; i < n; i++) {
    t += Math.floor(rng.exponential(1500));
    const s = Math.floor(rng.next() * 3);
    const step = rng.normal() * 0.0001 + (rng.next() < 0.002 ? rng.normal() * 0.004 : 0);
    price[s] = price[s]! * (1 + step);
    const tick = TICK[s]!;
    syms[i] = s;
    time[i] = t;
    bid[i] = Math.round(price[s]! / tick) * tick;
    ask[i] = bid[i]! + (2 + Math.floor(rng.next() * 3)) * tick;
  }
  return { syms, time, bid, ask };
}

function snapshot(h: ReturnType<typeof harness>, strategy: ScriptedStrategy) {
  const l = h.ledger;
  return {
    denials: h.denials.map((d) => [d.time, d.code]),
    states: h.engine?.states.history,
    fills: h.fills,
    updates: h.updates,
    bars: strategy.bars.map((b) => [b.symbol, b.time, b.open, b.high, b.low, b.close, b.volume]),
    balance: l.balance,
    equity: l.equity,
    hwm: l.highWaterMark,
    maxDd: l.maxDrawdown,
    maxDdPct: l.maxDrawdownPct,
    days: l.days,
    lastBid: [...l.lastBid],
  };
}

describe("the kernel's folded runs of several symbols' ticks equal tick-by-tick processing, to the bit", () => {
  const base = {
    riskPct: { default: 0.4, bySource: {} },
    maxRiskPct: 0.4,
    maxPositions: 5,
    correlation: { max: 3, timeframe: "M5" as const, window: 20 },
  };
  it.each([
    ["without a risk layer", undefined],
    [
      "with the guardian's daily loss binding",
      { ...base, guardian: { dailyLossPct: 0.3, maxDrawdownPct: 50 }, propFirm: null },
    ],
    [
      "with the guardian's drawdown binding",
      { ...base, guardian: { dailyLossPct: 50, maxDrawdownPct: 0.3 }, propFirm: null },
    ],
  ])(
    "gives identical fills, bars, books and days (USDJPY converting its own profit), %s",
    (_name, riskConfig) => {
      let folded = 0;
      let halts = 0;
      const risk = riskConfig === undefined ? {} : { riskConfig };
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 1_000_000 }),
          fc.constantFrom("M1" as const, "M5" as const),
          fc.integer({ min: 1, max: 5000 }),
          (seed, tf, chunk) => {
            const m = market(seed, 20_000);
            const s1 = randomTrader(seed, tf);
            const one = harness({ symbols: SYMBOLS, strategies: [s1], cash: 50_000, ...risk });
            for (let i = 0; i < m.time.length; i++)
              one.kernel.onTick(m.syms[i]!, m.time[i]!, m.bid[i]!, m.ask[i]!);
            const s2 = randomTrader(seed, tf);
            const two = harness({ symbols: SYMBOLS, strategies: [s2], cash: 50_000, ...risk });
            // a caller's runs end anywhere (`chunk`): a fold picks up where the last one stopped
            for (let from = 0; from < m.time.length; from += chunk) {
              const to = Math.min(m.time.length, from + chunk);
              let i = from;
              while (i < to) {
                const j = two.kernel.foldTicks(m.syms, m.time, m.bid, m.ask, i, to);
                folded += j - i;
                if (j < to) two.kernel.onTick(m.syms[j]!, m.time[j]!, m.bid[j]!, m.ask[j]!);
                i = j + 1;
              }
            }
            expect(one.fills.length).toBeGreaterThan(riskConfig === undefined ? 10 : 0);
            halts += one.engine?.states.history.length ?? 0;
            expect(snapshot(two, s2)).toEqual(snapshot(one, s1));
          },
        ),
        { numRuns: 8 },
      );
      // most ticks were folded, else this compared the tick-by-tick path with itself
      expect(folded).toBeGreaterThan(8 * 20_000 * 0.5);
      // the limits were really reached in some runs, so the equity watch band was exercised
      if (riskConfig?.guardian) expect(halts).toBeGreaterThan(0);
    },
  );
});
