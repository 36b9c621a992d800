import { describe, expect, it } from "vitest";
import { Prng } from "../core/prng.js";
import type { Engine, EngineAnswer, EngineDecision, EngineInput } from "../hydra/engine.js";
import { NO_USAGE } from "../hydra/engine.js";
import { SEEN_PERIOD } from "../hydra/history/knowledge-cutoff.js";
import { randomWalkBars } from "../hydra/history/test-bars.js";
import { InMemoryLlmCallStore } from "../hydra/llm/call-recorder.js";
import { offlineEngines } from "../hydra/offline/index.js";
import {
  type EngineBacktestConfig,
  repeatRuns,
  runEngineBacktest,
  seededVariation,
} from "./engine-backtest.js";

const START = Date.UTC(2024, 2, 4); // Monday
const bars = (n: number, seed = 1) => [
  randomWalkBars("BTC-USD", { n, startMs: START, price: 65_000, seed }),
  randomWalkBars("ETH-USD", { n, startMs: START + 60_000, price: 3_500, seed: seed + 100, timeframe: "M1" }),
];

const ok = (decisions: EngineDecision[]): EngineAnswer => ({
  ok: true,
  decisions,
  usage: NO_USAGE,
  latencyMs: 0,
  raw: "",
});

class SpyEngine implements Engine {
  readonly label = "spy";
  readonly kind = "llm" as const;
  readonly seen: Array<{ time: number; lastEnd: number; lastByAsset: number[] }> = [];
  constructor(readonly id = "spy") {}
  async decide(input: EngineInput): Promise<EngineAnswer> {
    const ends = input.assets.map((a) => Math.max(...a.candles.map((c) => c.endTime)));
    this.seen.push({ time: input.time, lastEnd: Math.max(...ends), lastByAsset: ends });
    return ok([]);
  }
}

/** Opens a coin-flip long or short with ±1% stop and target whenever it can. */
class CoinEngine implements Engine {
  readonly label = "coin";
  readonly kind = "offline" as const;
  readonly id = "coin";
  private readonly rng: Prng;
  constructor(seed: number) {
    this.rng = new Prng(seed);
  }
  async decide(input: EngineInput): Promise<EngineAnswer> {
    const a = input.assets[0]!;
    const long = this.rng.next() < 0.5;
    const p = a.price;
    return ok([
      {
        action: "open",
        asset: a.symbol,
        direction: long ? "long" : "short",
        entry: p,
        stopLoss: long ? p * 0.99 : p * 1.01,
        takeProfit: long ? p * 1.01 : p * 0.99,
        confidence: 0.5,
        rationale: "coin flip",
      },
    ]);
  }
}

describe("runEngineBacktest", () => {
  it("never shows an engine a bar that closes after the cycle time", async () => {
    const spy = new SpyEngine();
    const r = await runEngineBacktest({
      engines: [spy],
      series: bars(200),
      cycleEveryBars: 7,
      cash: 25_000,
      cutoffs: { spy: 0 },
      warmupBars: 20,
    });
    expect(r.cycles).toBeGreaterThan(10);
    expect(spy.seen.length).toBe(r.cycles);
    for (const s of spy.seen) {
      expect(s.lastEnd).toBeLessThanOrEqual(s.time);
      // and the snapshot is current: the latest closed bar is the one that closed at the cycle time
      expect(s.lastEnd).toBe(s.time);
    }
    const row = r.rows[0]!;
    expect(row.included && row.calls).toBe(r.cycles);
  });

  it("excludes an engine whose knowledge cutoff is after the history start, unless anonymised", async () => {
    const base: EngineBacktestConfig = {
      engines: [new SpyEngine("claude"), ...offlineEngines()],
      series: bars(120),
      cycleEveryBars: 10,
      cash: 25_000,
    };
    const plain = await runEngineBacktest(base);
    expect(plain.rows[0]).toMatchObject({ engineId: "claude", included: false, reason: SEEN_PERIOD });
    expect(plain.rows.slice(1).every((r) => r.included)).toBe(true);

    const later = await runEngineBacktest({
      ...base,
      cutoffs: { "claude-sonnet-4-6": Date.UTC(2020, 0, 1) },
    });
    expect(later.rows[0]!.included).toBe(true);

    const store = new InMemoryLlmCallStore();
    const anon = await runEngineBacktest({ ...base, anonymise: { seed: 7 }, store });
    const row = anon.rows[0]!;
    expect(row.included).toBe(true);
    expect(row.included && row.calls).toBe(anon.cycles);
    expect(anon.anonymised?.assets.map((a) => a.alias)).toEqual(["ASSET-A", "ASSET-B"]);
    // the engine saw only the disguised names and a fictional epoch
    const spy = base.engines[0] as SpyEngine;
    expect(spy.seen.at(-1)!.time).toBeGreaterThan(Date.UTC(2100, 0, 1));
    expect(store.all().length).toBe(anon.rows.reduce((n, r) => n + (r.included ? r.calls : 0), 0));
    expect(store.all().every((c) => c.time > Date.UTC(2100, 0, 1))).toBe(true);
  });

  it("runs the offline engines end to end through the orchestrator hydra run trades (evolution included)", async () => {
    const lines: string[] = [];
    const r = await runEngineBacktest({
      engines: offlineEngines(),
      series: bars(1500, 3),
      cycleEveryBars: 6,
      cash: 25_000,
      log: (l) => lines.push(l),
    });
    expect(r.bars).toBe(3000);
    expect(r.rows).toHaveLength(4);
    // five market days: the daily evolution cycles run as in hydra run; an eliminated engine is no
    // longer asked, and at least two stay active
    expect(lines.some((l) => / evolution elimination: /.test(l))).toBe(true);
    expect(lines.some((l) => / evolution weights: /.test(l))).toBe(true);
    const calls = r.rows.map((x) => (x.included ? x.calls : 0));
    expect(calls.filter((c) => c === r.cycles).length).toBeGreaterThanOrEqual(2);
    for (const row of r.rows) {
      if (!row.included) throw new Error("offline engines are never excluded");
      expect(row.calls).toBeLessThanOrEqual(r.cycles);
      expect(row.calls).toBeGreaterThan(0);
      expect(Number.isFinite(row.returnPct)).toBe(true);
      expect(row.winRate).toBeGreaterThanOrEqual(0);
      expect(row.winRate).toBeLessThanOrEqual(1);
      expect(row.maxDrawdownPct).toBeGreaterThanOrEqual(0);
    }
    expect(r.rows.reduce((n, x) => n + (x.included ? x.trades : 0), 0)).toBeGreaterThan(0);
  });
});

describe("repeatRuns", () => {
  const base: EngineBacktestConfig = {
    engines: [],
    series: bars(400, 5),
    cycleEveryBars: 4,
    cash: 25_000,
    warmupBars: 20,
  };
  const seedFn = (seed: number): EngineBacktestConfig =>
    seededVariation({ ...base, engines: [new CoinEngine(seed)] }, seed, 60);

  it("reports each engine's mean return with a 95% CI that shrinks with n", async () => {
    const small = await repeatRuns(4, seedFn);
    const large = await repeatRuns(24, seedFn);
    for (const res of [small, large]) {
      const e = res.engines[0]!;
      expect(e.engineId).toBe("coin");
      expect(e.ci.low).toBeLessThanOrEqual(e.ci.mean);
      expect(e.ci.high).toBeGreaterThanOrEqual(e.ci.mean);
      expect(e.ci.sd).toBeGreaterThan(0);
    }
    expect(new Set(large.engines[0]!.returns).size).toBeGreaterThan(20);
    expect(large.engines[0]!.ci.halfWidth).toBeLessThan(small.engines[0]!.ci.halfWidth);
  });
});
