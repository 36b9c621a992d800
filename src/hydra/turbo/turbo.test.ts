import { describe, expect, it } from "vitest";
import { ATR } from "../../indicators/atr.js";
import type { OpenIntent } from "../../model/intent.js";
import { input, snapshot } from "../offline/test-support/fixtures.js";
import { type Candidate, parseCandidateBatch } from "./candidate-schema.js";
import { RuleStrategy } from "./rule-strategy.js";
import { m5Bars, m5Series, recordingCtx } from "./test-support.js";
import { distinctPicks } from "./turbo-cycle.js";
import { offlineBatchEngine } from "./turbo-engine.js";
import { runTurboTournament } from "./turbo-tournament.js";

const S = "BTC-USD";
const cand = (family: Candidate["family"], params: Candidate["params"], name = family): Candidate => ({
  name,
  asset: S,
  family,
  params,
});
const range = (n: number, from: number, step: number): number[] =>
  Array.from({ length: n }, (_, i) => from + i * step);

function run(c: Candidate, closes: number[], side: "buy" | "sell" | null = null) {
  const s = new RuleStrategy(c);
  const { ctx, intents } = recordingCtx(S, side);
  const atr = new ATR(14);
  const at: Array<{ i: number; atr: number; close: number }> = [];
  m5Bars(S, closes).forEach((b, i) => {
    const a = atr.updateBar(b.high, b.low, b.close);
    const before = intents.length;
    s.onBar(b, ctx);
    if (intents.length > before) at.push({ i, atr: a, close: b.close });
  });
  return { intents, at };
}

describe("candidate schema", () => {
  it("accepts a good batch", () => {
    const r = parseCandidateBatch({
      candidates: [
        cand("ema-cross", { fast: 5, slow: 20, stopAtr: 1.5, targetAtr: 3 }),
        cand("rsi-reversion", { rsiPeriod: 14, low: 30, high: 70, stopAtr: 2, targetAtr: 2 }),
        cand("breakout", { channel: 20, stopAtr: 1, targetAtr: 2 }),
      ],
    });
    expect(r.ok).toBe(true);
  });
  it("names the bad field", () => {
    const bad = parseCandidateBatch({
      candidates: [cand("breakout", { channel: 20, stopAtr: 99, targetAtr: 2 })],
    });
    expect(bad).toMatchObject({ ok: false, field: "candidates.0.params.stopAtr" });
    const missing = parseCandidateBatch({
      candidates: [cand("ema-cross", { fast: 5, stopAtr: 1, targetAtr: 2 })],
    });
    expect(missing).toMatchObject({ ok: false, field: "candidates.0.params.slow" });
    const many = parseCandidateBatch({
      candidates: Array.from({ length: 6 }, () => cand("breakout", { channel: 5, stopAtr: 1, targetAtr: 2 })),
    });
    expect(many).toMatchObject({ ok: false, field: "candidates" });
  });
});

describe("RuleStrategy", () => {
  it("ema-cross: a clear cross up opens a long with the ATR stop and target", () => {
    const { intents, at } = run(cand("ema-cross", { fast: 3, slow: 6, stopAtr: 1.5, targetAtr: 3 }), [
      ...range(20, 100, -1),
      ...range(10, 82, 2),
    ]);
    const o = intents[0] as OpenIntent;
    expect(o).toMatchObject({ kind: "open", side: "buy", volume: 0 });
    const { atr, close } = at[0]!;
    expect(at[0]!.i).toBeGreaterThanOrEqual(20);
    expect(o.sl).toBeCloseTo(close - 1.5 * atr, 9);
    expect(o.tp).toBeCloseTo(close + 3 * atr, 9);
  });
  it("ema-cross: a long closes on the opposite cross", () => {
    const { intents } = run(
      cand("ema-cross", { fast: 3, slow: 6, stopAtr: 1.5, targetAtr: 3 }),
      [...range(20, 80, 1), ...range(10, 98, -2)],
      "buy",
    );
    expect(intents[0]).toMatchObject({ kind: "close", symbol: S });
  });
  it("rsi-reversion: overbought → short, oversold → long, a long closes at RSI 50", () => {
    const p = { rsiPeriod: 5, low: 30, high: 70, stopAtr: 1, targetAtr: 2 };
    expect(run(cand("rsi-reversion", p), range(20, 100, 1)).intents[0]).toMatchObject({ side: "sell" });
    expect(run(cand("rsi-reversion", p), range(20, 100, -1)).intents[0]).toMatchObject({ side: "buy" });
    expect(run(cand("rsi-reversion", p), range(20, 100, 1), "buy").intents[0]).toMatchObject({
      kind: "close",
    });
  });
  it("breakout: a close above the channel opens a long, below it a short", () => {
    const flat = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 100 : 101));
    const p = { channel: 5, stopAtr: 1, targetAtr: 2 };
    const up = run(cand("breakout", p), [...flat, 105]);
    expect(up.intents).toHaveLength(1);
    expect(up.intents[0]).toMatchObject({ side: "buy" });
    expect(run(cand("breakout", p), [...flat, 95]).intents[0]).toMatchObject({ side: "sell" });
  });
});

describe("turbo tournament", () => {
  // a steady uptrend with small pullbacks
  const trend = Array.from({ length: 300 }, (_, i) => 60_000 + i * 20 + (i % 3 === 0 ? -15 : 0));
  const history = new Map([[S, m5Series(S, trend, 10)]]);
  const entries = [
    {
      engineId: "b",
      candidate: cand("rsi-reversion", { rsiPeriod: 5, low: 30, high: 70, stopAtr: 1.5, targetAtr: 3 }),
    },
    { engineId: "a", candidate: cand("breakout", { channel: 5, stopAtr: 1.5, targetAtr: 3 }) },
  ];
  it("ranks a profitable candidate above a losing one, deterministically", () => {
    const r = runTurboTournament(entries, history, 25_000);
    expect(r.ranked.map((x) => x.candidate.family)).toEqual(["breakout", "rsi-reversion"]);
    expect(r.ranked[0]!.netPnl).toBeGreaterThan(0);
    expect(r.ranked[1]!.netPnl).toBeLessThan(0);
    expect(r.ranked[0]!.trades).toBeGreaterThan(0);
    expect(r.top.map((x) => x.engineId)).toEqual(["a"]);
    expect(runTurboTournament(entries, history, 25_000)).toEqual(r);
  });
  it("reports a candidate without history as an error, not a crash", () => {
    const r = runTurboTournament(
      [{ engineId: "x", candidate: { ...entries[1]!.candidate, asset: "XAUUSD" } }],
      history,
      25_000,
    );
    expect(r.ranked[0]!.error).toMatch(/no history/);
    expect(r.top).toEqual([]);
  });
});

describe("offline batch engine", () => {
  it("proposes three schema-valid candidates, deterministically", async () => {
    const inp = input([snapshot(range(30, 100, 1))]);
    const e = offlineBatchEngine("offline-momentum");
    const a = await e.proposeBatch(inp, new AbortController().signal);
    const b = await e.proposeBatch(inp, new AbortController().signal);
    expect(a).toEqual(b);
    if (!a.ok) throw new Error(a.detail);
    expect(a.candidates).toHaveLength(3);
    expect(a.candidates.every((c) => c.family === "ema-cross" && c.asset === S)).toBe(true);
    const r = await offlineBatchEngine("offline-reversion").proposeBatch(inp, new AbortController().signal);
    expect(r.ok && r.candidates[0]!.family).toBe("rsi-reversion");
  });
});

describe("distinct turbo picks", () => {
  it("two offline engines of one family trade different candidates, not the same one", async () => {
    const snap = snapshot(range(120, 100, 0.3));
    const entries = [];
    for (const id of ["offline-reversion", "offline-contrarian"]) {
      const b = await offlineBatchEngine(id).proposeBatch(input([snap]), new AbortController().signal);
      if (b.ok) for (const candidate of b.candidates) entries.push({ engineId: id, candidate });
    }
    // both propose the same three rsi-reversion rules on the same asset (only the names differ)
    expect(new Set(entries.map((e) => JSON.stringify(e.candidate.params))).size).toBe(3);
    const { ranked } = runTurboTournament(
      entries,
      new Map([[S, m5Series(S, range(120, 100, 0.3))]]),
      25_000,
      {
        topK: Number.POSITIVE_INFINITY,
        requireProfit: false,
      },
    );
    const picks = distinctPicks(ranked);
    expect(picks.map((p) => p.engineId).sort()).toEqual(["offline-contrarian", "offline-reversion"]);
    expect(JSON.stringify(picks[0]!.candidate.params)).not.toBe(JSON.stringify(picks[1]!.candidate.params));
  });
});
