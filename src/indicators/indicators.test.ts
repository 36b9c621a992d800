/** Hand-computed values for every indicator; no data files needed. */
import { describe, expect, it } from "vitest";
import { HydraError } from "../core/errors.js";
import { ATR, BollingerBands, CrossOver, EMA, MACD, RSI, SMA, SMMA, Stochastic, WMA } from "./index.js";
import type { Indicator } from "./types.js";

function feed(ind: Indicator, xs: number[]): number[] {
  return xs.map((x) => ind.update(x));
}

/** NaN-aware comparison to 9 decimals */
function expectSeries(got: number[], want: number[]): void {
  expect(got).toHaveLength(want.length);
  got.forEach((g, i) => {
    const w = want[i]!;
    if (Number.isNaN(w)) expect(g, `index ${i}`).toBeNaN();
    else expect(g, `index ${i}`).toBeCloseTo(w, 9);
  });
}

const N = Number.NaN;

describe("SMA", () => {
  it("averages the last `period` values", () => {
    expectSeries(feed(new SMA(3), [1, 2, 3, 4, 5]), [N, N, 2, 3, 4]);
    expectSeries(feed(new SMA(1), [7, 8]), [7, 8]);
  });
  it("is ready at the period-th update", () => {
    const s = new SMA(3);
    s.update(1);
    s.update(2);
    expect(s.ready).toBe(false);
    s.update(3);
    expect(s.ready).toBe(true);
    expect(s.minPeriod).toBe(3);
  });
  it("rejects bad periods with CONFIG_INVALID", () => {
    for (const p of [0, -1, 2.5, Number.NaN]) {
      expect(() => new SMA(p)).toThrow(HydraError);
    }
  });
});

describe("EMA / SMMA", () => {
  it("EMA is seeded with the SMA, then alpha = 2/(n+1)", () => {
    // seed (1+2+3)/3 = 2; alpha 0.5: 2·0.5 + 4·0.5 = 3; 3·0.5 + 5·0.5 = 4
    expectSeries(feed(new EMA(3), [1, 2, 3, 4, 5]), [N, N, 2, 3, 4]);
  });
  it("SMMA uses alpha = 1/n", () => {
    // seed (2+4)/2 = 3; 3·0.5 + 7·0.5 = 5
    expectSeries(feed(new SMMA(2), [2, 4, 7]), [N, 3, 5]);
  });
});

describe("WMA", () => {
  it("weights 1..n with the newest heaviest", () => {
    expectSeries(feed(new WMA(3), [1, 2, 3, 4, 5]), [N, N, 14 / 6, 20 / 6, 26 / 6]);
    expectSeries(feed(new WMA(2), [4, 1, 10]), [N, 2, 7]);
  });
});

describe("RSI", () => {
  it("is Wilder-smoothed and ready at period + 1", () => {
    // moves +1 +1 −1 +2; up/down SMMA(2): (1,0) → 100; (0.5,0.5) → 50; (1.25,0.25) → 100 − 100/6
    expectSeries(feed(new RSI(2), [1, 2, 3, 2, 4]), [N, N, 100, 50, 100 - 100 / 6]);
    expect(new RSI(14).minPeriod).toBe(15);
  });
  it("is 50 for a flat series and 0 when it only falls", () => {
    expectSeries(feed(new RSI(2), [5, 5, 5, 5]), [N, N, 50, 50]);
    expectSeries(feed(new RSI(2), [5, 4, 3]), [N, N, 0]);
  });
});

describe("ATR", () => {
  it("needs the previous close: first true range at bar 2, ready at period + 1", () => {
    const atr = new ATR(2);
    const out = [
      atr.updateBar(10, 8, 9), // no TR
      atr.updateBar(11, 9, 10), // TR 2
      atr.updateBar(12, 9, 11), // TR 3 → ATR (2+3)/2
      atr.updateBar(10, 7, 8), // gap below the previous close: TR = 11 − 7 = 4 → 2.5·0.5 + 4·0.5
    ];
    expectSeries(out, [N, N, 2.5, 3.25]);
    expect(atr.trueRange).toBe(4);
    expect(atr.minPeriod).toBe(3);
  });
});

describe("BollingerBands", () => {
  it("uses the population standard deviation", () => {
    const bb = new BollingerBands(8, 2);
    feed(bb, [2, 4, 4, 4, 5, 5, 7, 9]); // mean 5, σ 2
    expect(bb.ready).toBe(true);
    expect(bb.middle).toBeCloseTo(5, 12);
    expect(bb.stdDev).toBeCloseTo(2, 12);
    expect(bb.upper).toBeCloseTo(9, 12);
    expect(bb.lower).toBeCloseTo(1, 12);
    bb.update(1); // window 4 4 4 5 5 7 9 1: mean 39/8, Σx² = 229
    const mean = 39 / 8;
    expect(bb.middle).toBeCloseTo(mean, 12);
    expect(bb.stdDev).toBeCloseTo(Math.sqrt(229 / 8 - mean * mean), 12);
  });
  it("has zero width on a constant series", () => {
    const bb = new BollingerBands(3, 2);
    feed(bb, [4, 4, 4, 4, 4]);
    expect([bb.lower, bb.middle, bb.upper]).toEqual([4, 4, 4]);
  });
});

describe("MACD", () => {
  it("combines SMA-seeded EMAs and is ready at slow + signal − 1", () => {
    // fast EMA2: 2, 2, 14/3, 38/9; slow EMA3: 2, 4, 4 → macd 0, 2/3, 2/9; signal EMA2 seed 1/3, then 7/27
    const m = new MACD(2, 3, 2);
    expect(m.minPeriod).toBe(4);
    expectSeries(feed(m, [1, 3, 2, 6]), [N, N, N, 2 / 3]);
    expect(m.signal).toBeCloseTo(1 / 3, 12);
    expect(m.histogram).toBeCloseTo(1 / 3, 12);
    m.update(4);
    expect(m.macd).toBeCloseTo(2 / 9, 12);
    expect(m.signal).toBeCloseTo(7 / 27, 12);
    expect(m.histogram).toBeCloseTo(-1 / 27, 12);
    expect(new MACD().minPeriod).toBe(34);
  });
});

describe("Stochastic", () => {
  it("smooths fast %K into %K and %D", () => {
    const s = new Stochastic(3, 2, 2);
    expect(s.minPeriod).toBe(5);
    const out = [
      s.updateBar(10, 8, 9),
      s.updateBar(11, 9, 10),
      s.updateBar(12, 10, 11), // fast %K 100·(11−8)/(12−8) = 75
      s.updateBar(12, 6, 7), // 100·(7−6)/6; %K (75 + 16.67)/2
      s.updateBar(9, 7, 8), // 100·(8−6)/6; %K 25; %D (45.83 + 25)/2
    ];
    expectSeries(out, [N, N, N, N, 25]);
    expect(s.k).toBeCloseTo(25, 12);
    expect(s.d).toBeCloseTo((275 / 6 + 25) / 2, 12);
    expect(new Stochastic().minPeriod).toBe(18);
  });
  it("gives 0 when the range is empty", () => {
    const s = new Stochastic(2, 1, 1);
    s.updateBar(5, 5, 5);
    expect(s.updateBar(5, 5, 5)).toBe(0);
  });
});

describe("CrossOver", () => {
  it("crosses once through an equal bar and remembers the last non-equal side", () => {
    const c = new CrossOver();
    const a = [-1, 0, 1, 1, 0, -1, 0, 0, 1, 2];
    expectSeries(
      a.map((x) => c.update(x, 0)),
      [N, 0, 1, 0, 0, -1, 0, 0, 1, 0],
    );
  });
  it("does not cross when the first seen bar is equal", () => {
    const c = new CrossOver();
    expectSeries([c.update(0, 0), c.update(1, 0), c.update(-1, 0)], [N, 0, -1]);
  });
  it("skips bars where an input is NaN (an indicator not ready yet)", () => {
    const c = new CrossOver();
    expect(c.update(1, N)).toBeNaN();
    expect(c.ready).toBe(false);
    expect(c.update(1, 2)).toBeNaN(); // establishes the side
    expect(c.update(3, 2)).toBe(1);
    expect(c.ready).toBe(true);
  });
});

describe("reset", () => {
  it("gives the same outputs as a fresh instance", () => {
    const xs = [5, 3, 8, 8, 2, 9, 4, 7, 1, 6, 6, 3];
    const makers: (() => Indicator)[] = [
      () => new SMA(3),
      () => new EMA(3),
      () => new WMA(4),
      () => new RSI(3),
      () => new BollingerBands(4, 2),
      () => new MACD(2, 4, 3),
    ];
    for (const make of makers) {
      const used = make();
      feed(used, [100, 200, 50, 75, 300, 1]);
      used.reset();
      expect(used.ready).toBe(false);
      expect(used.value).toBeNaN();
      expect(feed(used, xs)).toEqual(feed(make(), xs));
    }
    const bars = xs.map((x, i) => [x + 2, x - 1 - (i % 3), x] as const);
    const barMakers = [() => new ATR(3), () => new Stochastic(3, 2, 2)];
    for (const make of barMakers) {
      const used = make();
      for (const [h, l, c] of bars.slice(0, 5)) used.updateBar(h * 3, l, c);
      used.reset();
      const fresh = make();
      for (const [h, l, c] of bars) expect(used.updateBar(h, l, c)).toEqual(fresh.updateBar(h, l, c));
    }
  });
});
