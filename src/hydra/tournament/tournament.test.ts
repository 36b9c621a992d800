import { describe, expect, it } from "vitest";
import type { EngineDecision } from "../engine.js";
import {
  consensus,
  type EngineResult,
  rankEngines,
  renderTournamentTable,
  tournamentTable,
  weightMap,
} from "./index.js";

const row = (
  engineId: string,
  realizedPnl: number,
  trades = 10,
  extra: Partial<EngineResult> = {},
): EngineResult => ({
  engineId,
  label: engineId,
  realizedPnl,
  trades,
  wins: Math.floor(trades / 2),
  sharpe: 1,
  maxDrawdownPct: 2,
  llmCostUsd: 0,
  ...extra,
});

const weights = (rows: EngineResult[]) =>
  rankEngines(rows).map((r) => [r.engineId, r.rank, Number(r.weight.toFixed(6))]);

describe("rankEngines", () => {
  it("ranks by realized P&L with weights 40/30/20/10", () => {
    expect(weights([row("c", 50), row("a", 300), row("d", -20), row("b", 100)])).toEqual([
      ["a", 1, 0.4],
      ["b", 2, 0.3],
      ["c", 3, 0.2],
      ["d", 4, 0.1],
    ]);
  });

  it("gives 0 from the fifth engine on", () => {
    const r = rankEngines([row("a", 5), row("b", 4), row("c", 3), row("d", 2), row("e", 1), row("f", 0)]);
    expect(r.map((x) => x.weight)).toEqual([0.4, 0.3, 0.2, 0.1, 0, 0]);
  });

  it("renormalises with fewer than four engines", () => {
    expect(weights([row("a", 10), row("b", 5)])).toEqual([
      ["a", 1, Number((4 / 7).toFixed(6))],
      ["b", 2, Number((3 / 7).toFixed(6))],
    ]);
    expect(weights([row("solo", -5)])).toEqual([["solo", 1, 1]]);
    expect(rankEngines([])).toEqual([]);
    // four engines tied share the whole allocation in exact quarters (no 0.24999999999999997)
    expect(rankEngines([row("a", 0), row("b", 0), row("c", 0), row("d", 0)]).map((r) => r.weight)).toEqual([
      0.25, 0.25, 0.25, 0.25,
    ]);
  });

  it("breaks a P&L tie by fewer trades; a full tie shares rank and weight", () => {
    expect(weights([row("busy", 100, 20), row("lean", 100, 5), row("x", 0), row("y", -1)])).toEqual([
      ["lean", 1, 0.4],
      ["busy", 2, 0.3],
      ["x", 3, 0.2],
      ["y", 4, 0.1],
    ]);
    expect(weights([row("b", 100), row("a", 100), row("c", 50), row("d", 0)])).toEqual([
      ["a", 1, 0.35],
      ["b", 1, 0.35],
      ["c", 3, 0.2],
      ["d", 4, 0.1],
    ]);
    // a tie straddling the fourth place shares 10% + 0%
    expect(weights([row("a", 4), row("b", 3), row("c", 2), row("d", 1), row("e", 1)]).slice(3)).toEqual([
      ["d", 4, 0.05],
      ["e", 4, 0.05],
    ]);
  });
});

describe("tournamentTable", () => {
  it("shows trades, win rate, LLM cost and P&L net of it in rank order, then buy and hold", () => {
    const day = (desk: string, d: string, equity: number, btc: number, eth: number) => ({
      desk,
      point: "day" as const,
      day: d,
      time: Date.parse(`${d}T23:00:00Z`),
      equity,
      prices: { "BTC-USD": btc, "ETH-USD": eth },
    });
    const marks = ["claude", "offline-momentum"].flatMap((desk) => [
      { ...day(desk, "2024-01-01", 25_000, 50_000, 2_000), point: "start" as const },
      day(desk, "2024-01-01", 25_000, 50_000, 2_000),
      day(desk, "2024-01-02", 25_000, 55_000, 1_900),
    ]);
    const t = tournamentTable(
      [
        row("claude", 500, 8, { wins: 6, llmCostUsd: 12.345, sharpe: 1.8, maxDrawdownPct: 3.5 }),
        row("offline-momentum", 200, 0, { wins: 0, sharpe: null }),
      ],
      { asks: [], marks },
    );
    expect(t.rows[0]).toMatchObject({
      rank: 1,
      engineId: "claude",
      trades: 8,
      winRatePct: 75,
      maxDrawdownPct: 3.5,
      llmCostUsd: 12.35,
      realizedPnl: 500,
      netPnl: 487.66,
    });
    expect(t.rows[1]).toMatchObject({ rank: 2, winRatePct: null, netPnl: 200 });
    // 12,500 × +10% + 12,500 × −5% = 1,250 − 625
    expect(t.rows[2]).toMatchObject({
      rank: null,
      engineId: "buy-and-hold",
      realizedPnl: 625,
      netPnl: 625,
      returnPct: 2.5,
      weight: null,
    });
    const text = renderTournamentTable(t);
    expect(text).toContain("Buy and hold (benchmark: BTC-USD, ETH-USD, equal split)");
    // two daily returns: the Sharpe cell says how many days there are and how many it needs
    expect(text).toContain("n/a (2 of 20 days)");
    expect(text.split("\n").at(-1)).toBe(
      "Too few days to tell any engine from buy-and-hold or from the others: 2 daily returns, a bootstrap interval needs 10.",
    );
  });
});

const d = (
  asset: string,
  action: EngineDecision["action"],
  direction: EngineDecision["direction"],
  entry: number,
  stopLoss: number,
  takeProfit: number,
): EngineDecision => ({
  action,
  asset,
  direction,
  entry,
  stopLoss,
  takeProfit,
  confidence: 0.5,
  rationale: "",
});

describe("consensus", () => {
  const ranked = rankEngines([row("A", 400), row("B", 300), row("C", 200), row("D", 100)]);
  const w = weightMap(ranked);

  it("3 of 4 long beat the #1-ranked short: 60% long, levels weight-averaged", () => {
    const [o] = consensus(
      [
        { engineId: "A", decision: d("BTC", "open", "short", 100, 110, 80) },
        { engineId: "B", decision: d("BTC", "open", "long", 100, 90, 120) },
        { engineId: "C", decision: d("BTC", "open", "long", 102, 95, 130) },
        { engineId: "D", decision: d("BTC", "open", "long", 104, 92, 110) },
      ],
      w,
    );
    expect(o!.option).toBe("open-long");
    expect(o!.share).toBeCloseTo(0.6, 12);
    expect(o!.supporters).toEqual(["B", "C", "D"]);
    // (0.3·100 + 0.2·102 + 0.1·104) / 0.6
    expect(o!.decision!.entry).toBeCloseTo(101.3333333, 6);
    expect(o!.decision!.stopLoss).toBeCloseTo((0.3 * 90 + 0.2 * 95 + 0.1 * 92) / 0.6, 9);
    expect(o!.decision!.takeProfit).toBeCloseTo((0.3 * 120 + 0.2 * 130 + 0.1 * 110) / 0.6, 9);
    expect(o!.decision).toMatchObject({ action: "open", direction: "long", asset: "BTC" });
  });

  it("no decision at or below the threshold; abstentions count against", () => {
    const votes = [
      { engineId: "A", decision: d("ETH", "open", "long", 10, 9, 12) },
      { engineId: "D", decision: d("ETH", "open", "long", 10, 9, 12) },
    ];
    const [o] = consensus(votes, w);
    expect(o).toMatchObject({ option: "open-long", decision: null });
    expect(o!.share).toBeCloseTo(0.5, 12);
    expect(consensus(votes, w, 0.45)[0]!.decision).not.toBeNull();
  });

  it("a winning hold or a tie acts on nothing", () => {
    const hold = consensus(
      [
        { engineId: "A", decision: d("SOL", "hold", "long", 10, 9, 12) },
        { engineId: "B", decision: d("SOL", "hold", "long", 10, 9, 12) },
      ],
      w,
    )[0]!;
    expect(hold).toMatchObject({ option: "hold", decision: null });
    const tie = consensus(
      [
        { engineId: "B", decision: d("SOL", "open", "long", 10, 9, 12) },
        { engineId: "C", decision: d("SOL", "open", "short", 10, 11, 8) },
        { engineId: "D", decision: d("SOL", "open", "short", 10, 11, 8) },
      ],
      w,
    )[0]!;
    expect(tie).toMatchObject({ option: null, decision: null });
  });

  it("counts one vote per engine per asset and accepts a plain record of weights", () => {
    const out = consensus(
      [
        { engineId: "A", decision: d("BTC", "close", "long", 100, 90, 120) },
        { engineId: "A", decision: d("BTC", "open", "short", 100, 110, 80) },
        { engineId: "B", decision: d("BTC", "close", "long", 100, 90, 120) },
      ],
      { A: 0.4, B: 0.3, C: 0.2, D: 0.1 },
    );
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ option: "close-long", supporters: ["A", "B"] });
    expect(out[0]!.share).toBeCloseTo(0.7, 12);
    expect(out[0]!.decision).toMatchObject({ action: "close", direction: "long" });
  });
});
