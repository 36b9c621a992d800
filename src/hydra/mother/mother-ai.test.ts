import { describe, expect, it } from "vitest";
import { TestClock } from "../../core/clock.js";
import { resolveInstrument } from "../../model/default-instruments.js";
import { InstrumentTable } from "../../model/instrument-table.js";
import { bookFactory } from "../../runtime/node/build-book.js";
import {
  type Engine,
  type EngineAnswer,
  type EngineDecision,
  type EngineInput,
  NO_USAGE,
} from "../engine.js";
import { EngineDesk } from "./engine-desk.js";
import type { DecisionRecord } from "./hydra-journal.js";
import { MarketHistory } from "./market-history.js";
import { MotherAi } from "./mother-ai.js";
import { PROMPT_V2 } from "./prompt-template.js";

const T0 = Date.UTC(2024, 0, 10, 12, 0, 0);

function scripted(
  id: string,
  answer: (input: EngineInput) => EngineAnswer | Promise<EngineAnswer> | "hang" | "throw",
): Engine & { seen: EngineInput[] } {
  const seen: EngineInput[] = [];
  return {
    id,
    label: id,
    kind: "offline",
    seen,
    async decide(input, signal) {
      seen.push(input);
      const a = await answer(input);
      if (a === "throw") throw new Error("provider exploded");
      if (a === "hang")
        return new Promise((_r, reject) =>
          signal.addEventListener("abort", () => reject(new Error("aborted"))),
        );
      return a;
    },
  };
}
const ok = (...decisions: EngineDecision[]): EngineAnswer => ({
  ok: true,
  decisions,
  usage: { inputTokens: 100, outputTokens: 50, costUsd: 0.001 },
  latencyMs: 1,
  raw: "{}",
});
const long = (price: number, extra: Partial<EngineDecision> = {}): EngineDecision => ({
  action: "open",
  asset: "BTC-USD",
  direction: "long",
  entry: price,
  stopLoss: price * 0.98,
  takeProfit: price * 1.04,
  confidence: 0.7,
  rationale: "trend",
  ...extra,
});

function world(mode: "independent" | "consensus", engines: Engine[]) {
  const clock = new TestClock(T0);
  const instruments = new InstrumentTable([resolveInstrument("BTC-USD")]);
  const btc = new MarketHistory("BTC-USD");
  for (let i = 0; i < 30; i++)
    btc.onBar({
      symbol: "BTC-USD",
      timeframe: "M5",
      time: T0 - (30 - i) * 300_000,
      endTime: T0 - (29 - i) * 300_000,
      open: 60_000 + i,
      high: 60_050 + i,
      low: 59_950 + i,
      close: 60_000 + i,
      volume: 1,
      spread: Number.NaN,
    });
  const ids = [...engines.map((e) => e.id), ...(mode === "consensus" ? ["consensus"] : [])];
  const books = bookFactory({ instruments, clock, testClock: clock });
  const desks = new Map(ids.map((id) => [id, new EngineDesk({ engineId: id, cash: 25_000, books })]));
  for (const d of desks.values()) d.kernel.onTick(0, T0, 60_029, 60_030);
  const records: DecisionRecord[] = [];
  const mother = (extra: Partial<ConstructorParameters<typeof MotherAi>[0]> = {}) =>
    new MotherAi({
      engines,
      desks,
      markets: [btc],
      template: PROMPT_V2,
      mode,
      timeoutMs: 100,
      journal: { recordDecision: (r) => records.push(r), recordTrade: () => {}, saveScores: () => {} },
      now: () => clock.now(),
      ...extra,
    });
  return { clock, desks, btc, records, mother };
}

describe("Mother AI", () => {
  it("shows every engine one frozen snapshot, records the prompt hash, and trades each engine's own portfolio", async () => {
    const a = scripted("a", (i) => ok(long(i.assets[0]!.price)));
    const b = scripted("b", () => ok({ ...long(60_029), action: "hold" }));
    const w = world("independent", [a, b]);
    const report = await w.mother().cycle();
    expect(a.seen[0]!.assets).toEqual(b.seen[0]!.assets);
    expect(a.seen[0]!.prompt).toContain("JSON");
    // the tournament as it is: two engines, each told the other's name (not "one of four")
    expect(a.seen[0]!.prompt).toMatch(/one of 2 trading engines.*\(the others?: b\)/s);
    expect(a.seen[0]!.prompt).not.toContain("one of four");
    expect(a.seen[0]!.promptHash).toMatch(/^[0-9a-f]{64}$/);
    expect(report.records.map((r) => [r.engineId, r.outcome])).toEqual([
      ["a", "sent"],
      ["b", "hold"],
    ]);
    w.desks.get("a")!.kernel.onTick(0, T0 + 1000, 60_030, 60_031);
    expect(w.desks.get("a")!.ledger.positions).toHaveLength(1);
    expect(w.desks.get("b")!.ledger.positions).toHaveLength(0);
    // the guardian sized it: 1.5% of 25,000 = 375 at risk to a stop 2% away, at the decision's price
    const p = w.desks.get("a")!.ledger.positions[0]!;
    expect((60_030 - p.sl) * p.volume).toBeLessThanOrEqual(375.01);
    expect((60_030 - p.sl) * p.volume).toBeGreaterThan(370);
  });

  it("records an invalid, late or failed answer as no decision with its cause, never a default", async () => {
    const engines = [
      scripted("invalid", () => ({
        ok: false,
        cause: "invalid",
        detail: "not the schema",
        usage: NO_USAGE,
        latencyMs: 3,
        raw: "lol",
      })),
      scripted("late", () => "hang"),
      scripted("broken", () => "throw"),
    ];
    const w = world("independent", engines);
    const report = await w.mother().cycle();
    expect(report.records.map((r) => [r.engineId, r.cause, r.outcome, r.decision])).toEqual([
      ["invalid", "invalid", "no-decision", null],
      ["late", "timeout", "no-decision", null],
      ["broken", "error", "no-decision", null],
    ]);
    for (const d of w.desks.values()) expect(d.kernel.orders.openOrders()).toHaveLength(0);
  });

  it("puts each engine's lessons into its prompt, and does not ask an engine evolution removed", async () => {
    const a = scripted("a", () => ok());
    const b = scripted("b", () => ok());
    const w = world("independent", [a, b]);
    await w
      .mother({
        lessons: (id) =>
          id === "a" ? ["losing shorts in a high-volatility regime: 4 of 5 lost — avoid"] : [],
        isActive: (id) => id === "a",
      })
      .cycle();
    expect(a.seen[0]!.prompt).toContain(
      "Lessons from your closed trades:\n- losing shorts in a high-volatility regime",
    );
    expect(b.seen).toHaveLength(0);
  });

  it("rejects a decision whose price has moved too far since the snapshot", async () => {
    const w = world("independent", [scripted("a", () => ok(long(55_000)))]);
    const report = await w.mother().cycle();
    expect(report.records[0]!.outcome).toBe("stale");
  });

  it("consensus: the weighted vote trades the consensus desk, each engine's vote its own shadow desk", async () => {
    const engines = [
      scripted("first", (i) =>
        ok(long(i.assets[0]!.price, { direction: "short", stopLoss: 61_000, takeProfit: 58_000 })),
      ),
      scripted("second", (i) => ok(long(i.assets[0]!.price))),
      scripted("third", (i) => ok(long(i.assets[0]!.price))),
      scripted("fourth", (i) => ok(long(i.assets[0]!.price))),
    ];
    const w = world("consensus", engines);
    const weights = new Map([
      ["first", 0.4],
      ["second", 0.3],
      ["third", 0.2],
      ["fourth", 0.1],
    ]);
    const report = await w.mother({ weights: () => weights }).cycle();
    const c = report.records.filter((r) => r.engineId === "consensus");
    expect(c).toHaveLength(1);
    expect(c[0]!.decision).toMatchObject({ direction: "long" });
    expect(c[0]!.decision!.rationale).toContain("60.0% for open-long (second, third, fourth)");
    expect(c[0]!.outcome).toBe("sent");
    // 0.4 on the short side is not more than half: no short on the consensus desk, but the first
    // engine's shadow desk trades its own vote
    expect(report.records.filter((r) => r.outcome === "vote:sent")).toHaveLength(4);
    expect(w.desks.get("consensus")!.book.venue.openOrders()).toHaveLength(1);
  });
});

describe("Mother AI on a live feed: stale prices", () => {
  it("does not ask any engine when every asset is stale, and records a stale-data no-decision per engine", async () => {
    const a = scripted("a", (i) => ok(long(i.assets[0]!.price)));
    const b = scripted("b", (i) => ok(long(i.assets[0]!.price)));
    const w = world("independent", [a, b]);
    const stale = new Map([["BTC-USD", "last price 95 s old (limit 60 s)"]]);
    const report = await w.mother({ staleAssets: () => stale }).cycle();
    expect(a.seen).toHaveLength(0);
    expect(b.seen).toHaveLength(0);
    expect(report.records.map((r) => [r.engineId, r.outcome, r.cause, r.detail])).toEqual([
      ["a", "no-decision", "stale-data", "BTC-USD: last price 95 s old (limit 60 s)"],
      ["b", "no-decision", "stale-data", "BTC-USD: last price 95 s old (limit 60 s)"],
    ]);
    expect(w.records).toHaveLength(2); // journalled, not only reported
    // fresh again: asked as usual
    const again = await w.mother({ staleAssets: () => new Map() }).cycle();
    expect(a.seen).toHaveLength(1);
    expect(again.records.map((r) => r.cause)).toEqual([null, null]);
  });
});
