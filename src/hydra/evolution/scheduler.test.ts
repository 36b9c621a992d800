import { describe, expect, it } from "vitest";
import { TestClock } from "../../core/clock.js";
import { EvolutionScheduler, type Strategy, type StrategyStats } from "./index.js";

const H = 3_600_000;
const rules = (id: string, params: Record<string, number> = { fast: 9, slow: 21 }): Strategy => ({
  id,
  parentIds: [],
  kind: "rules",
  base: "offline-momentum",
  params,
  createdAt: 0,
  active: true,
});
const engine = (id: string, promptAddendum: string): Strategy => ({
  id,
  parentIds: [],
  kind: "engine",
  base: id,
  promptAddendum,
  createdAt: 0,
  active: true,
});
const st = (
  strategyId: string,
  realizedPnl: number,
  trades: number,
  wins = 0,
  sharpe: number | null = null,
): StrategyStats => ({
  strategyId,
  realizedPnl,
  trades,
  wins,
  sharpe,
});

const only = (cycle: string) => ({
  intervalMs: {
    elimination: cycle === "elimination" ? 24 * H : 1e15,
    kill: cycle === "kill" ? 24 * H : 1e15,
    breeding: cycle === "breeding" ? 96 * H : 1e15,
    weights: cycle === "weights" ? 24 * H : 1e15,
  },
  phaseMs: {},
});

describe("EvolutionScheduler", () => {
  it("runs elimination, kill and breeding at distinct instants and keeps two strategies able to breed", () => {
    const clock = new TestClock(1_000);
    const s = new EvolutionScheduler(clock, [rules("a"), rules("b"), rules("c"), rules("d")]);
    const stats = [st("a", 30, 10), st("b", -10, 10), st("c", 20, 10), st("d", 10, 10)];
    clock.advance(24 * H - 1);
    expect(s.due()).toEqual([]);
    expect(s.run(stats)).toEqual([]);
    clock.advance(1);
    // day 1: elimination and weights; the kill comes 12 h later, never at the same instant
    expect(s.due()).toEqual(["elimination", "weights"]);
    const day1 = s.run(stats);
    expect(day1.filter((e) => e.cycle !== "weights").map((e) => [e.cycle, e.action, e.strategyId])).toEqual([
      ["elimination", "eliminated", "b"],
    ]);
    expect(day1.every((e) => e.time === 1_000 + 24 * H)).toBe(true);
    clock.advance(12 * H);
    expect(s.due()).toEqual(["kill"]);
    // the kill removes the worst eliminated strategy, never an active one
    expect(s.run(stats).map((e) => [e.cycle, e.action, e.strategyId])).toEqual([["kill", "killed", "b"]]);
    clock.advance(12 * H);
    expect(s.run(stats).find((e) => e.cycle === "elimination")).toMatchObject({ strategyId: "d" });
    clock.advance(24 * H);
    // two active remain: elimination stops there, so breeding (day 4) still has a pair
    expect(s.run(stats).find((e) => e.cycle === "elimination")).toMatchObject({
      action: "skipped",
      reason: "2 active; the tournament keeps at least 2",
    });
    expect(s.active().map((x) => x.id)).toEqual(["a", "c"]);
    clock.advance(24 * H);
    expect(s.due()).toContain("breeding");
  });

  it("a snapshot restores strategies, kills, cycle times and weights", () => {
    const clock = new TestClock(0);
    const s = new EvolutionScheduler(clock, [rules("a"), rules("b"), rules("c")]);
    clock.advance(36 * H);
    s.run([st("a", 30, 10), st("b", -10, 10), st("c", 20, 10)]);
    const copy = new EvolutionScheduler(clock, [rules("a"), rules("b"), rules("c")]);
    copy.restore(JSON.parse(JSON.stringify(s.snapshot())));
    expect(copy.snapshot()).toEqual(s.snapshot());
    expect(copy.killed().map((x) => x.id)).toEqual(["b"]);
    expect(copy.due()).toEqual([]);
  });

  it("elimination judges only strategies with ≥ 3 trades and deactivates the lowest-ranked", () => {
    const clock = new TestClock(0);
    const s = new EvolutionScheduler(
      clock,
      [rules("a"), rules("b"), rules("c"), rules("new")],
      only("elimination"),
    );
    clock.advance(24 * H);
    // "new" has the worst P&L but only 2 trades: not judged
    const ev = s.run([st("a", 50, 3), st("b", 20, 4), st("c", -5, 3), st("new", -100, 2)]);
    expect(ev).toEqual([
      expect.objectContaining({ cycle: "elimination", action: "eliminated", strategyId: "c" }),
    ]);
    expect(s.active().map((x) => x.id)).toEqual(["a", "b", "new"]);
    expect(s.strategies()).toHaveLength(4);
  });

  it("elimination is skipped with fewer than two judged strategies or a full tie", () => {
    const clock = new TestClock(0);
    const s = new EvolutionScheduler(clock, [rules("a"), rules("b"), rules("c")], only("elimination"));
    clock.advance(24 * H);
    expect(s.run([st("a", 50, 3), st("b", -50, 2), st("c", -60, 1)])[0]).toMatchObject({
      action: "skipped",
      strategyId: null,
    });
    clock.advance(24 * H);
    expect(s.run([st("a", 5, 3), st("b", 5, 3), st("c", 5, 3)])[0]).toMatchObject({ action: "skipped" });
  });

  it("kill removes the worst eliminated strategy with ≥ 5 closed trades, never an active one", () => {
    const clock = new TestClock(0);
    const out = (id: string): Strategy => ({ ...rules(id), active: false });
    const s = new EvolutionScheduler(clock, [rules("a"), out("b"), out("c"), out("d")], only("kill"));
    clock.advance(24 * H);
    // a is the worst but active; d has too few trades
    expect(s.run([st("a", -99, 9), st("b", -30, 6), st("c", -10, 5), st("d", -90, 4)])).toEqual([
      expect.objectContaining({ cycle: "kill", action: "killed", strategyId: "b" }),
    ]);
    expect(s.strategies().map((x) => x.id)).toEqual(["a", "c", "d"]);
    expect(s.killed().map((x) => x.id)).toEqual(["b"]);
    clock.advance(24 * H);
    expect(s.run([st("a", 10, 5), st("d", -90, 4)])[0]).toMatchObject({ action: "skipped" });
  });

  it("breeds only qualified parents (100 trades, 60% wins, Sharpe 1.5), only every 4 days, once per pair", () => {
    const clock = new TestClock(0);
    const s = new EvolutionScheduler(
      clock,
      [
        rules("a", { fast: 8, slow: 20, stopAtr: 2 }),
        rules("b", { fast: 11, slow: 30, targetAtr: 3 }),
        rules("c"),
        rules("d"),
      ],
      only("breeding"),
    );
    const stats = [
      st("a", 900, 120, 80, 2.0),
      st("b", 800, 100, 60, 1.5),
      st("c", 1000, 99, 90, 3), // too few trades
      st("d", 700, 150, 89, 2), // 59.3% wins
    ];
    clock.advance(95 * H);
    expect(s.run(stats)).toEqual([]);
    clock.advance(1 * H);
    const [ev] = s.run(stats);
    expect(ev).toMatchObject({ cycle: "breeding", action: "bred", reason: "offspring of a and b" });
    const child = s.strategies().find((x) => x.id === ev!.strategyId)!;
    expect(child).toMatchObject({
      parentIds: ["a", "b"],
      kind: "rules",
      base: "offline-momentum",
      active: true,
      createdAt: 96 * H,
      params: { fast: 10, slow: 25, stopAtr: 2, targetAtr: 3 },
    });
    expect(child.id).toMatch(/^offline-momentum-bred-[0-9a-f]{8}$/);
    clock.advance(96 * H);
    expect(s.run(stats)[0]).toMatchObject({
      action: "skipped",
      reason: "no new pair of the same kind among the qualified parents",
    });
  });

  it("breeding skips a Sharpe below 1.5 and combines engine prompts", () => {
    const clock = new TestClock(0);
    const s = new EvolutionScheduler(
      clock,
      [
        engine("claude", "Trade with the trend.\nRisk 1%."),
        engine("grok", "Risk 1%.\nAvoid news hours."),
        engine("gemini", "x"),
      ],
      only("breeding"),
    );
    clock.advance(96 * H);
    const ev = s.run([
      st("claude", 500, 100, 60, 1.6),
      st("grok", 400, 100, 70, 1.5),
      st("gemini", 900, 200, 150, 1.49),
    ]);
    const child = s.strategies().find((x) => x.id === ev[0]!.strategyId)!;
    expect(child.parentIds).toEqual(["claude", "grok"]);
    expect(child.promptAddendum).toBe("Trade with the trend.\nRisk 1%.\nAvoid news hours.");
    expect(child.kind).toBe("engine");
  });

  it("the weight cycle recomputes the rank weights over the active strategies", () => {
    const clock = new TestClock(0);
    const s = new EvolutionScheduler(
      clock,
      [rules("a"), rules("b"), rules("c"), rules("d")],
      only("weights"),
    );
    clock.advance(24 * H);
    const ev = s.run([st("a", 1, 1), st("b", 4, 1), st("c", 3, 1), st("d", 2, 1)]);
    expect(ev.map((e) => [e.strategyId, e.reason])).toEqual([
      ["b", "rank 1, weight 40.0%"],
      ["c", "rank 2, weight 30.0%"],
      ["d", "rank 3, weight 20.0%"],
      ["a", "rank 4, weight 10.0%"],
    ]);
    expect(s.weights().get("b")).toBe(0.4);
  });
});
