import { describe, expect, it } from "vitest";
import { resolveInstrument } from "../../model/default-instruments.js";
import { strategyDefinition, strategyNames } from "../../strategies/registry.js";
import { asBars, sliceBars } from "./bar-series.js";
import type { CheckTarget } from "./check-target.js";
import { lookaheadCheck } from "./lookahead-check.js";
import { recursionCheck } from "./recursion-check.js";
import { peekingStrategy, runningTotalStrategy, waveBars } from "./test-support/biased-strategies.js";

const spec = resolveInstrument("XAUUSD", {});
const bars = waveBars("XAUUSD", 600);

function target(strategy: CheckTarget["strategy"]): CheckTarget {
  return { label: "t", bars, spec, strategy };
}
const smaCross = target(() => strategyDefinition("sma-cross").create("XAUUSD", "M1", { volume: "0.01" }));

describe("the lookahead check", () => {
  it("catches a strategy that reads the next bar: its signals and its indicator change with the data cut", () => {
    const r = lookaheadCheck(
      target((seen) => peekingStrategy("XAUUSD", seen)),
      { maxSignals: 20 },
    );
    expect(r.signalBars).toBeGreaterThan(5);
    expect(r.passed).toBe(false);
    expect(r.findings.some((f) => f.kind === "signal" && f.cut === "(none)")).toBe(true);
    expect(r.findings.some((f) => f.kind === "indicator" && f.name === "nextClose" && f.cut === "NaN")).toBe(
      true,
    );
  });

  it("passes a strategy that sees only the past (sma-cross), every signal bar re-run", () => {
    const r = lookaheadCheck(smaCross);
    expect(r.signalBars).toBeGreaterThan(5);
    expect(r.checked).toBe(r.signalBars);
    expect(r.findings).toEqual([]);
    expect(r.passed).toBe(true);
  });

  it("--max-signals spreads the re-runs over the signal bars", () => {
    const r = lookaheadCheck(
      target((seen) => peekingStrategy("XAUUSD", seen)),
      { maxSignals: 3 },
    );
    expect(r.checked).toBe(3);
  });
});

describe("the recursion check", () => {
  it("catches an indicator that never settles (a running total)", () => {
    const r = recursionCheck(
      target((seen) => runningTotalStrategy("XAUUSD", seen)),
      { startups: [100, 300] },
    );
    expect(r.passed).toBe(false);
    expect(r.findings.map((f) => f.name)).toEqual(["total (warm-up 100 bars)", "total (warm-up 300 bars)"]);
  });

  it("passes an SMA past its length and reports the difference of a too-short warm-up", () => {
    expect(recursionCheck(smaCross, { startups: [50, 300] }).passed).toBe(true);
    const short = recursionCheck(smaCross, { startups: [5] });
    expect(short.passed).toBe(false);
    expect(short.startups[0]!.worst).toBe("sma");
  });
});

describe("the check's bars", () => {
  it("folds ticks into bars of the timeframe and slices rows", () => {
    const t0 = Date.UTC(2024, 0, 2);
    const ticks = {
      kind: "ticks" as const,
      symbol: "XAUUSD",
      length: 4,
      time: Float64Array.from([t0, t0 + 30_000, t0 + 60_000, t0 + 130_000]),
      bid: Float64Array.from([1, 3, 2, 5]),
      ask: Float64Array.from([1.5, 3.5, 2.5, 5.5]),
    };
    const b = asBars(ticks, "M1");
    expect([...b.time]).toEqual([t0, t0 + 60_000, t0 + 120_000]);
    expect([...b.high]).toEqual([3, 2, 5]);
    expect([...b.close]).toEqual([3, 2, 5]);
    expect([...b.spread]).toEqual([0.5, 0.5, 0.5]);
    expect([...sliceBars(b, 1, 3).close]).toEqual([2, 5]);
  });
});

describe("every built-in strategy reports its indicators", () => {
  it.each(strategyNames())("%s", (name) => {
    const s = strategyDefinition(name).create("XAUUSD", "M1", {});
    const names = Object.keys(s.indicators?.() ?? {});
    expect(names.length).toBeGreaterThan(0);
    // a fresh strategy has seen no bar: its values are not yet known or its starting ones, never a throw
    expect(
      recursionCheck(
        { label: name, bars: sliceBars(bars, 0, 120), spec, strategy: () => s },
        { startups: [] },
      ).passed,
    ).toBe(true);
  });
});
