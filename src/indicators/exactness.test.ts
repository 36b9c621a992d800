/**
 * Issue 15, item 1: every sum-based indicator's running value equals a fresh exactly rounded computation
 * over its window (BigInt arithmetic, independent of ExactSum), at every step of 10,000 random series of
 * prices on a tick grid, read from decimal text as a data file gives them.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BollingerBands, CrossOver, EMA, RollingExtreme, SMA, WMA } from "./index.js";
import { SessionVwap } from "./session-vwap.js";
import { onGrid, roundToDouble } from "./test-support/exact-reference.js";

const SERIES = 10_000;

/** expect() only on a mismatch: millions of comparisons stay fast */
function same(got: number, want: number, what: string): void {
  if (got !== want) expect(got, what).toBe(want);
}

/** tick size and its decimals */
const TICKS: readonly [number, number][] = [
  [0.01, 2],
  [0.05, 2],
  [0.25, 2],
  [0.0001, 4],
  [0.00001, 5],
  [0.1, 1],
  [1, 0],
];

/** a random walk on a tick grid, each price parsed from its decimal text like a CSV field */
const series = fc
  .record({
    tick: fc.integer({ min: 0, max: TICKS.length - 1 }),
    start: fc.integer({ min: 1, max: 5_000_000 }),
    steps: fc.array(fc.integer({ min: -40, max: 40 }), { minLength: 20, maxLength: 40 }),
    period: fc.integer({ min: 1, max: 20 }),
  })
  .map(({ tick, start, steps, period }) => {
    const [size, decimals] = TICKS[tick]!;
    let k = start;
    const xs = steps.map((s) => {
      k = Math.max(1, k + s);
      return Number((k * size).toFixed(decimals));
    });
    return { xs, period };
  });

/** fresh exact values over one window */
function exactWindow(win: readonly number[]) {
  const n = win.length;
  const { ints, base } = onGrid(win);
  const s = ints.reduce((a, b) => a + b, 0n);
  const q = ints.reduce((a, b) => a + b * b, 0n);
  const w = ints.reduce((a, b, i) => a + BigInt(i + 1) * b, 0n);
  const mean = roundToDouble(s, base) / n;
  const spread = roundToDouble(BigInt(n) * q - s * s, 2 * base);
  const sd = Math.sqrt(Math.max(0, spread) / (n * n));
  return { mean, sd, wma: roundToDouble(w, base) / ((n * (n + 1)) / 2) };
}

describe("running sums are exact", () => {
  it(`SMA, Bollinger, WMA, the EMA seed, the session VWAP and rolling extremes equal a fresh exact computation at every step of ${SERIES} random tick-grid series`, () => {
    let steps = 0;
    /** steps where a plain running sum (the old way) would have been off: proof the property has teeth */
    let plainOff = 0;
    fc.assert(
      fc.property(series, ({ xs, period: n }) => {
        const sma = new SMA(n);
        const bb = new BollingerBands(n, 2);
        const wma = new WMA(n);
        const ema = new EMA(n);
        const vwap = new SessionVwap();
        const [highest, lowest] = [new RollingExtreme(n, "max"), new RollingExtreme(n, "min")];
        const tps: number[] = [];
        const vols: number[] = [];
        let plain = 0;
        xs.forEach((x, i) => {
          sma.update(x);
          bb.update(x);
          wma.update(x);
          ema.update(x);
          const seen = xs.slice(Math.max(0, i - n + 1), i + 1);
          same(highest.push(x), Math.max(...seen), `highest(${n}) at ${i}`);
          same(lowest.push(x), Math.min(...seen), `lowest(${n}) at ${i}`);
          // a bar around the close on the same grid, and a volume (sometimes 0: not weighted)
          const [hi, lo] = [x + 0.25 * (i % 5), x - 0.5 * (i % 3)];
          const volume = (i * 7919) % 1000;
          vwap.add(hi, lo, x, volume);
          if (volume > 0) {
            tps.push((hi + lo + x) / 3);
            vols.push(volume);
          }
          // a fresh exact sum over the session so far, at every bar
          if (tps.length > 0) {
            const t = onGrid([...tps, ...vols]);
            const k = tps.length;
            let pv = 0n;
            for (let j = 0; j < k; j++) pv += t.ints[j]! * t.ints[k + j]!;
            const v = t.ints.slice(k).reduce((a, b) => a + b, 0n);
            same(vwap.value, roundToDouble(pv, 2 * t.base) / roundToDouble(v, t.base), `VWAP at ${i}`);
          }
          plain += x - (i >= n ? xs[i - n]! : 0);
          if (i < n - 1) {
            if (!Number.isNaN(sma.value)) expect(sma.value).toBeNaN();
            return;
          }
          const e = exactWindow(xs.slice(i - n + 1, i + 1));
          steps++;
          if (plain / n !== e.mean) plainOff++;
          same(sma.value, e.mean, `SMA(${n}) at ${i}`);
          same(bb.middle, e.mean, `BB middle at ${i}`);
          same(bb.stdDev, e.sd, `BB sd at ${i}`);
          same(bb.upper, e.mean + 2 * e.sd, `BB upper at ${i}`);
          same(bb.lower, e.mean - 2 * e.sd, `BB lower at ${i}`);
          same(wma.value, e.wma, `WMA(${n}) at ${i}`);
          if (i === n - 1) same(ema.value, e.mean, `EMA(${n}) seed`);
        });
      }),
      { numRuns: SERIES, seed: 15 },
    );
    expect(steps).toBeGreaterThan(SERIES);
    expect(plainOff).toBeGreaterThan(0);
  });

  it("a close equal to its 20-bar average in exact arithmetic is not a cross (the issue's case)", () => {
    // found by search: the last close is exactly the mean of the last 20 in decimal arithmetic, the bar
    // before closed above its average, and a plain running sum puts the last average 1.4e-12 too high,
    // which would read as a cross down
    const closes = [
      3600.95, 3601.1, 3600.96, 3600.88, 3601.05, 3601.05, 3601.02, 3601.16, 3601.04, 3600.86, 3600.9, 3600.9,
      3600.81, 3600.67, 3600.64, 3600.83, 3600.69, 3600.88, 3600.71, 3600.71, 3600.51, 3600.37, 3600.26,
      3600.35, 3600.27, 3600.43, 3600.34, 3600.21, 3600.3, 3600.19, 3600.2, 3600.38, 3600.33, 3600.43,
      3600.61, 3600.51, 3600.42, 3600.38, 3600.54, 3600.37,
    ];
    const sma = new SMA(20);
    const cross = new CrossOver();
    let plain = 0;
    const signals = closes.map((c, i) => {
      plain += c - (i >= 20 ? closes[i - 20]! : 0);
      return cross.update(c, sma.update(c));
    });
    const last = closes.length - 1;
    expect(plain / 20).toBeGreaterThan(closes[last]!); // the old arithmetic's mistake
    expect(closes[last - 1]!).toBeGreaterThan(exactWindow(closes.slice(last - 20, last)).mean);
    expect(sma.value).toBe(closes[last]); // fsum(window) / 20, as backtrader
    expect(signals[last]).toBe(0); // equal is not a cross
    // and the next bar below the average is the cross down: the previous non-zero difference decides
    expect(cross.update(3600.2, sma.update(3600.2))).toBe(-1);
  });
});

describe("windowed indicators and non-finite input", () => {
  it("SMA, Bollinger and WMA are NaN while a NaN is in the window and exact again once it left", () => {
    const xs = [1.1, 2.2, Number.NaN, 3.3, 4.4, 5.5, 6.6];
    const [sma, bb, wma] = [new SMA(3), new BollingerBands(3, 2), new WMA(3)];
    const got = xs.map((x) => {
      bb.update(x);
      return [sma.update(x), bb.stdDev, wma.update(x)];
    });
    for (const i of [2, 3, 4]) for (const v of got[i]!) expect(v).toBeNaN();
    const fresh = new SMA(3);
    const freshBb = new BollingerBands(3, 2);
    const freshWma = new WMA(3);
    for (const x of [4.4, 5.5, 6.6]) {
      fresh.update(x);
      freshBb.update(x);
      freshWma.update(x);
    }
    expect(got[6]).toEqual([fresh.value, freshBb.stdDev, freshWma.value]);
  });
});
