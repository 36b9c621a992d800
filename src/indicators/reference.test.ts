/**
 * Checks every indicator against backtrader's published test values (backtrader_reference.json,
 * `indicator_checkpoints`) on the 255 daily bars of backtrader_2006-day-001.txt, and CrossOver + SMA(15)
 * against the signal bars of its `close_crosses_sma15` strategy case.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ATR, BollingerBands, CrossOver, EMA, MACD, RSI, SMA, Stochastic, WMA } from "./index.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const dataDir = process.env.HYDRA_DATA_DIR ?? path.resolve(repoRoot, "../shared/data");
const refFile = path.join(dataDir, "reference", "backtrader_reference.json");
const csvFile = path.join(dataDir, "reference", "backtrader_2006-day-001.txt");
const missing = [refFile, csvFile].filter((f) => !existsSync(f));
const skip = missing.length > 0;
const why = skip ? ` [SKIPPED: missing ${missing.join(", ")}; set HYDRA_DATA_DIR]` : "";

interface Checkpoint {
  indicator: string;
  minperiod: number;
  /** [last bar, first defined bar (= minperiod), a middle bar] */
  dates: string[];
  /** one inner array per output line, across `dates` */
  values: string[][];
}
interface Reference {
  indicator_checkpoints: { cases: Checkpoint[] };
  strategy_case: {
    expected_signal_bar_closes: { buy_created_at_close: string[]; sell_created_at_close: string[] };
  };
}
interface Bar {
  date: string;
  high: number;
  low: number;
  close: number;
}

function loadBars(): Bar[] {
  const lines = readFileSync(csvFile, "utf8").trim().split(/\r?\n/);
  expect(lines[0]).toBe("Date,Open,High,Low,Close,Volume,OpenInterest");
  return lines.slice(1).map((line) => {
    const f = line.split(",");
    return { date: f[0]!, high: Number(f[2]), low: Number(f[3]), close: Number(f[4]) };
  });
}

/** One streaming indicator fed bar by bar; `lines()` are the output lines in the reference's order. */
interface Subject {
  minPeriod: number;
  readonly ready: boolean;
  step(bar: Bar): number;
  lines(): number[];
}

function closeSubject<T extends { minPeriod: number; ready: boolean; update(x: number): number }>(
  ind: T,
  lines: (ind: T) => number[],
): Subject {
  return {
    minPeriod: ind.minPeriod,
    get ready() {
      return ind.ready;
    },
    step: (b) => ind.update(b.close),
    lines: () => lines(ind),
  };
}

function barSubject<
  T extends { minPeriod: number; ready: boolean; updateBar(h: number, l: number, c: number): number },
>(ind: T, lines: (ind: T) => number[]): Subject {
  return {
    minPeriod: ind.minPeriod,
    get ready() {
      return ind.ready;
    },
    step: (b) => ind.updateBar(b.high, b.low, b.close),
    lines: () => lines(ind),
  };
}

/** keyed by the start of the reference's `indicator` text */
const subjects: [string, () => Subject][] = [
  ["SMA(close,30)", () => closeSubject(new SMA(30), (i) => [i.value])],
  ["EMA(close,30)", () => closeSubject(new EMA(30), (i) => [i.value])],
  ["WMA(close,30)", () => closeSubject(new WMA(30), (i) => [i.value])],
  ["RSI(14)", () => closeSubject(new RSI(14), (i) => [i.value])],
  ["ATR(14)", () => barSubject(new ATR(14), (i) => [i.value])],
  [
    "Bollinger Bands(20, 2.0)",
    () => closeSubject(new BollingerBands(20, 2), (i) => [i.middle, i.upper, i.lower]),
  ],
  ["MACD(12,26,9)", () => closeSubject(new MACD(12, 26, 9), (i) => [i.macd, i.signal, i.histogram])],
  ["Slow Stochastic(14, 3, 3)", () => barSubject(new Stochastic(14, 3, 3), (i) => [i.k, i.d])],
];

const ref: Reference | undefined = skip
  ? undefined
  : (JSON.parse(readFileSync(refFile, "utf8")) as Reference);
const bars: Bar[] = skip ? [] : loadBars();
const cases = ref?.indicator_checkpoints.cases ?? [];

describe(`backtrader reference${why}`, () => {
  it.skipIf(skip)(`has 255 bars and an implementation for every checkpoint case`, () => {
    expect(bars).toHaveLength(255);
    expect(cases.length).toBeGreaterThanOrEqual(8);
    for (const c of cases)
      expect(
        subjects.some(([key]) => c.indicator.startsWith(key)),
        c.indicator,
      ).toBe(true);
  });

  for (const [key, make] of subjects) {
    it.skipIf(skip)(`${key} matches every checkpoint to 6 decimals and is ready exactly at minperiod`, () => {
      const c = cases.find((x) => x.indicator.startsWith(key));
      expect(c, `reference case ${key}`).toBeDefined();
      if (c === undefined) return;
      const subject = make();
      expect(subject.minPeriod).toBe(c.minperiod);
      expect(bars[c.minperiod - 1]?.date).toBe(c.dates[1]); // the reference's "first defined bar"
      const got = new Map<string, string[]>();
      bars.forEach((bar, i) => {
        const out = subject.step(bar);
        const n = i + 1;
        if (n < c.minperiod) {
          expect(subject.ready, `${key} ready at bar ${n}`).toBe(false);
          expect(out, `${key} output at bar ${n}`).toBeNaN();
          for (const v of subject.lines()) expect(v).toBeNaN();
        } else {
          expect(subject.ready, `${key} ready at bar ${n}`).toBe(true);
          expect(Number.isFinite(out)).toBe(true);
        }
        if (c.dates.includes(bar.date))
          got.set(
            bar.date,
            subject.lines().map((v) => v.toFixed(6)),
          );
      });
      c.values.forEach((line, li) => {
        c.dates.forEach((date, di) => {
          expect(got.get(date)?.[li], `${key} line ${li} at ${date}`).toBe(line[di]);
        });
      });
    });
  }

  it.skipIf(skip)(`CrossOver(close, SMA 15) reproduces the close_crosses_sma15 signal bars`, () => {
    const sma = new SMA(15);
    const cross = new CrossOver();
    const buys: string[] = [];
    const sells: string[] = [];
    let long = false;
    for (const bar of bars) {
      const x = cross.update(bar.close, sma.update(bar.close));
      // fills are next-open market orders, so a pending order never outlives a bar: position = last signal
      if (x === 1 && !long) {
        buys.push(bar.close.toFixed(2));
        long = true;
      } else if (x === -1 && long) {
        sells.push(bar.close.toFixed(2));
        long = false;
      }
    }
    const expected = ref?.strategy_case.expected_signal_bar_closes;
    expect(buys).toEqual(expected?.buy_created_at_close);
    expect(sells).toEqual(expected?.sell_created_at_close);
  });
});
