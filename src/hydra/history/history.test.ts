import { describe, expect, it } from "vitest";
import {
  anonymise,
  deanonymise,
  FICTIONAL_EPOCH_MS,
  toRealPrice,
  toRealSymbol,
  toRealTime,
} from "./anonymise.js";
import { meanCi95, t95 } from "./confidence.js";
import { cutoffGuard, engineCutoff, KNOWLEDGE_CUTOFFS, SEEN_PERIOD } from "./knowledge-cutoff.js";
import { randomWalkBars } from "./test-bars.js";

const START = Date.UTC(2024, 2, 6, 13, 35); // a Wednesday

describe("cutoffGuard", () => {
  it("refuses history that starts before the cutoff, unless anonymised", () => {
    const cutoff = Date.UTC(2025, 0, 1);
    const v = cutoffGuard(cutoff, START);
    expect(v).toEqual({ ok: false, reason: SEEN_PERIOD, cutoffMs: cutoff, historyStartMs: START });
    expect(cutoffGuard(cutoff, START, true)).toEqual({ ok: true });
    expect(cutoffGuard(Date.UTC(2023, 0, 1), START)).toEqual({ ok: true });
  });

  it("finds an engine's cutoff by override, by model, or not at all for offline engines", () => {
    expect(engineCutoff({ id: "claude", kind: "llm" })).toBe(KNOWLEDGE_CUTOFFS["claude-sonnet-4-6"]);
    expect(engineCutoff({ id: "claude", kind: "llm" }, { claude: 5 })).toBe(5);
    expect(engineCutoff({ id: "x", kind: "llm" }, {}, { x: "grok-4" })).toBe(KNOWLEDGE_CUTOFFS["grok-4"]);
    expect(engineCutoff({ id: "mystery", kind: "llm" })).toBe(Number.POSITIVE_INFINITY);
    expect(engineCutoff({ id: "offline-momentum", kind: "offline" })).toBeUndefined();
  });
});

describe("anonymise", () => {
  const btc = randomWalkBars("BTC-USD", { n: 300, startMs: START, price: 65_000, seed: 1 });
  const eth = randomWalkBars("ETH-USD", { n: 300, startMs: START, price: 3_500, seed: 2 });

  it("is deterministic from the seed", () => {
    expect(anonymise([btc, eth], 42)).toEqual(anonymise([btc, eth], 42));
    expect(anonymise([btc, eth], 42).map).not.toEqual(anonymise([btc, eth], 43).map);
  });

  it("renames, hides the level and keeps weekday and time of day", () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const { series, map } = anonymise([btc, eth], seed);
      expect(series.map((s) => s.symbol)).toEqual(["ASSET-A", "ASSET-B"]);
      [btc, eth].forEach((orig, k) => {
        const a = series[k]!;
        for (let i = 0; i < orig.length; i++) {
          for (const f of ["open", "high", "low", "close"] as const) {
            const ratio = a[f][i]! / orig[f][i]!;
            expect(ratio < 0.8 || ratio > 1.2).toBe(true);
          }
          const t0 = new Date(orig.time[i]!);
          const t1 = new Date(a.time[i]!);
          expect(t1.getUTCDay()).toBe(t0.getUTCDay());
          expect(t1.getUTCHours() * 60 + t1.getUTCMinutes()).toBe(t0.getUTCHours() * 60 + t0.getUTCMinutes());
        }
      });
      expect(series[0]!.time[0]!).toBeGreaterThanOrEqual(FICTIONAL_EPOCH_MS);
      expect(series[0]!.time[0]!).toBeLessThan(FICTIONAL_EPOCH_MS + 7 * 86_400_000);
      expect(toRealSymbol(map, "ASSET-B")).toBe("ETH-USD");
      expect(toRealTime(map, series[0]!.time[5]!)).toBe(btc.time[5]);
      expect(toRealPrice(map, "ASSET-A", series[0]!.close[7]!)).toBeCloseTo(btc.close[7]!, 6);
    }
  });

  it("is reversible", () => {
    const { series, map } = anonymise([btc, eth], 9);
    const back = deanonymise(series, map);
    expect(back.map((s) => s.symbol)).toEqual(["BTC-USD", "ETH-USD"]);
    expect(Array.from(back[0]!.time)).toEqual(Array.from(btc.time));
    for (let i = 0; i < btc.length; i++) {
      expect(back[0]!.close[i]! / btc.close[i]!).toBeCloseTo(1, 12);
      expect(back[1]!.low[i]! / eth.low[i]!).toBeCloseTo(1, 12);
    }
  });
});

describe("meanCi95", () => {
  it("uses Student's t for small samples", () => {
    expect(t95(1)).toBe(12.706);
    expect(t95(1000)).toBe(1.96);
    const ci = meanCi95([1, 2, 3, 4, 5]);
    expect(ci.mean).toBe(3);
    expect(ci.halfWidth).toBeCloseTo((2.776 * Math.sqrt(2.5)) / Math.sqrt(5), 10);
    expect(Number.isNaN(meanCi95([1]).halfWidth)).toBe(true);
  });
});
