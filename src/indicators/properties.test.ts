/**
 * Random-input checks: against trading-signals where it matches backtrader (SMA, WMA, RSI, Bollinger,
 * slow stochastic), against brute-force recomputation (long runs through many ring-buffer laps, far from
 * zero), and CrossOver against backtrader's own definition.
 */
import fc from "fast-check";
import * as TS from "trading-signals";
import { describe, expect, it } from "vitest";
import { BollingerBands, CrossOver, RollingExtreme, RSI, SMA, Stochastic, WMA } from "./index.js";

function close(got: number, want: number | null | undefined, what: string): void {
  if (want === null || want === undefined) {
    expect(got, what).toBeNaN();
    return;
  }
  expect(Math.abs(got - want), `${what}: ${got} vs ${want}`).toBeLessThanOrEqual(
    1e-9 * Math.max(1, Math.abs(want)),
  );
}

/** a price path from integer steps (in cents), never touching zero */
const path = (minLength: number, nonZeroSteps = false) =>
  fc.array(fc.integer({ min: -500, max: 500 }), { minLength, maxLength: 300 }).map((steps) => {
    let p = 5000;
    return steps.map((s) => (p += nonZeroSteps && s === 0 ? 1 : s) / 100);
  });
const period = fc.integer({ min: 1, max: 12 });

describe("matches trading-signals on random paths", () => {
  it("SMA, WMA and Bollinger Bands", () => {
    fc.assert(
      fc.property(path(1), period, (xs, n) => {
        const [sma, wma, bb] = [new SMA(n), new WMA(n), new BollingerBands(n, 2)];
        const [tsSma, tsWma, tsBb] = [new TS.SMA(n), new TS.WMA(n), new TS.BollingerBands(n, 2)];
        xs.forEach((x, i) => {
          close(sma.update(x), tsSma.add(x), `SMA(${n}) at ${i}`);
          close(wma.update(x), tsWma.add(x), `WMA(${n}) at ${i}`);
          bb.update(x);
          const r = tsBb.add(x);
          close(bb.middle, r?.middle, `BB middle at ${i}`);
          close(bb.upper, r?.upper, `BB upper at ${i}`);
          close(bb.lower, r?.lower, `BB lower at ${i}`);
        });
      }),
    );
  });

  it("RSI (paths without flat steps: trading-signals says 100 where backtrader's safediv says 50)", () => {
    fc.assert(
      fc.property(path(2, true), fc.integer({ min: 2, max: 14 }), (xs, n) => {
        const [rsi, tsRsi] = [new RSI(n), new TS.RSI(n)];
        xs.forEach((x, i) => {
          close(rsi.update(x), tsRsi.add(x), `RSI(${n}) at ${i}`);
        });
      }),
    );
  });

  it("slow stochastic", () => {
    const bar = fc
      .tuple(
        fc.integer({ min: 1000, max: 1020 }),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 0, max: 6 }),
      )
      .map(([low, range, at]) => ({ high: low + range, low, close: low + Math.min(at, range) }));
    fc.assert(
      fc.property(fc.array(bar, { maxLength: 120 }), period, period, period, (bars, k, f, s) => {
        const ours = new Stochastic(k, f, s);
        const theirs = new TS.StochasticOscillator({ kPeriod: k, kSlowingPeriod: f, dPeriod: s });
        bars.forEach((b, i) => {
          ours.updateBar(b.high, b.low, b.close);
          const r = theirs.add(b);
          close(ours.k, r?.stochK, `%K at ${i}`);
          close(ours.d, r?.stochD, `%D at ${i}`);
        });
      }),
    );
  });
});

describe("matches brute force over many laps", () => {
  it("SMA, WMA, Bollinger stay exact near 1e6 over 3000 bars", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer(), (n, seed) => {
        let s = seed >>> 0;
        const xs = Array.from({ length: 3000 }, () => {
          s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
          return 1e6 + (s % 1000) / 100;
        });
        const [sma, wma, bb] = [new SMA(n), new WMA(n), new BollingerBands(n, 2)];
        xs.forEach((x, i) => {
          sma.update(x);
          wma.update(x);
          bb.update(x);
          if (i < n - 1 || i % 7 !== 0) return;
          const win = xs.slice(i - n + 1, i + 1);
          const mean = win.reduce((a, b) => a + b, 0) / n;
          const wsum = win.reduce((a, b, j) => a + b * (j + 1), 0) / ((n * (n + 1)) / 2);
          const sd = Math.sqrt(win.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
          expect(Math.abs(sma.value - mean)).toBeLessThan(1e-8);
          expect(Math.abs(wma.value - wsum)).toBeLessThan(1e-8);
          expect(Math.abs(bb.stdDev - sd)).toBeLessThan(1e-6);
        });
      }),
      { numRuns: 30 },
    );
  });

  it("RollingExtreme equals the max/min of the window, with ties", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 60 }),
        fc.integer({ min: 1, max: 6 }),
        (xs, n) => {
          const hi = new RollingExtreme(n, "max");
          const lo = new RollingExtreme(n, "min");
          xs.forEach((x, i) => {
            const win = xs.slice(Math.max(0, i - n + 1), i + 1);
            expect(hi.push(x)).toBe(Math.max(...win));
            expect(lo.push(x)).toBe(Math.min(...win));
          });
        },
      ),
    );
  });
});

describe("CrossOver", () => {
  it("equals backtrader's definition via the last non-zero difference", () => {
    const small = fc.integer({ min: -2, max: 2 });
    fc.assert(
      fc.property(fc.array(fc.tuple(small, small), { minLength: 1, maxLength: 40 }), (pairs) => {
        const c = new CrossOver();
        let nzd = 0;
        pairs.forEach(([a, b], i) => {
          const got = c.update(a, b);
          const d = a - b;
          if (i === 0) {
            expect(got).toBeNaN();
            nzd = d;
            return;
          }
          expect(got).toBe(nzd < 0 && d > 0 ? 1 : nzd > 0 && d < 0 ? -1 : 0);
          if (d !== 0) nzd = d;
        });
      }),
    );
  });
  it("with the previous-bar rule equals backtesting.py's crossover: a[i-1] < b[i-1] and a[i] > b[i]", () => {
    const small = fc.integer({ min: -2, max: 2 });
    fc.assert(
      fc.property(fc.array(fc.tuple(small, small), { minLength: 2, maxLength: 40 }), (pairs) => {
        const c = new CrossOver("previous-bar");
        pairs.forEach(([a, b], i) => {
          const got = c.update(a, b);
          if (i === 0) {
            expect(got).toBeNaN();
            return;
          }
          const [pa, pb] = pairs[i - 1]!;
          expect(got).toBe(pa < pb && a > b ? 1 : pa > pb && a < b ? -1 : 0);
        });
      }),
    );
  });
});
