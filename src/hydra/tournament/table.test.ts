import { describe, expect, it } from "vitest";
import type { EngineAsk } from "./engine-ask.js";
import type { EngineResult } from "./rank.js";
import { renderTournamentTable } from "./render-table.js";
import { tournamentTable } from "./table.js";
import { curve, marksOf } from "./test-support/marks.js";

const result = (engineId: string, realizedPnl: number, llmCostUsd = 0): EngineResult => ({
  engineId,
  label: engineId,
  realizedPnl,
  trades: 4,
  wins: 2,
  sharpe: null,
  maxDrawdownPct: 1,
  llmCostUsd,
});

const ask = (engineId: string, cycle: number, cause: string | null, latencyMs = 100): EngineAsk => ({
  cycle,
  time: cycle * 300_000,
  engineId,
  cause,
  decisions: cause === null ? 1 : 0,
  inputTokens: 0,
  outputTokens: 0,
  costUsd: 0,
  latencyMs,
});

/** n daily returns repeating `pattern` */
const returns = (n: number, pattern: readonly number[]): number[] =>
  Array.from({ length: n }, (_, i) => pattern[i % pattern.length]!);
/** prices that never move: buy-and-hold's daily returns are all 0, an engine's difference is its return */
const flat = (n: number) => ({ "BTC-USD": Array(n + 1).fill(100), "ETH-USD": Array(n + 1).fill(50) });
const desk = (id: string, rs: readonly number[], prices = flat(rs.length)) =>
  marksOf(id, curve(25_000, rs), prices);

describe("the tournament table on hand-built records", () => {
  it("asked, answered, failed by cause, mean latency, LLM cost per answer and P&L net of it", () => {
    // claude: 8 cycles, 6 answers, a timeout (30 s) and an invalid answer; $1.50 of LLM cost
    const asks = [
      ...[1, 2, 3, 4, 5, 6].map((c) => ask("claude", c, null)),
      ask("claude", 7, "timeout", 30_000),
      ask("claude", 8, "invalid", 200),
      ask("grok", 1, "budget", 0),
    ];
    const t = tournamentTable([result("claude", 500, 1.5), result("grok", -20, 0.4)], { asks, marks: [] });
    expect(t.rows[0]).toMatchObject({
      engineId: "claude",
      asked: 8,
      answered: 6,
      failed: 2,
      failedByCause: { timeout: 1, invalid: 1 },
      avgLatencyMs: 3850, // (6 × 100 + 30,000 + 200) / 8
      costPerDecisionUsd: 0.25, // 1.50 / 6
      llmCostUsd: 1.5,
      netPnl: 498.5, // 500 − 1.50
    });
    // nothing answered: no cost per answer; the cost still comes off the P&L
    expect(t.rows[1]).toMatchObject({ asked: 1, answered: 0, costPerDecisionUsd: null, netPnl: -20.4 });
    const text = renderTournamentTable(t);
    expect(text).toContain("failed: claude invalid 1, timeout 1; grok budget 1");
    const [head, claude] = text.split("\n");
    expect(head).toMatch(
      /^#\s+engine\s+trades\s+win%\s+asked\s+answered\s+failed\s+avg ms\s+\$\/decision\s+LLM \$\s+P&L\s+net P&L\s+return%\s+B&H%\s+vs B&H \(95% CI\)\s+sharpe\s+maxDD%\s+weight$/,
    );
    expect(claude).toMatch(
      /claude\s+4\s+50\.0\s+8\s+6\s+2\s+3850\.0\s+0\.2500\s+1\.50\s+500\.00\s+498\.50\s+-/,
    );
  });

  it("Sharpe from the daily returns only from 20 of them: 19 say so, 20 alternating +2 %/0 give √(19/20)·√252", () => {
    const facts = {
      asks: [],
      marks: [...desk("a", returns(20, [0.02, 0])), ...desk("b", returns(19, [0.02, 0]))],
    };
    const t = tournamentTable([result("a", 1), result("b", 0)], facts);
    expect(t.rows[0]).toMatchObject({ engineId: "a", sharpe: 15.4726, sharpeDays: 20 });
    expect(t.rows[1]).toMatchObject({ engineId: "b", sharpe: null, sharpeDays: 19 });
    const text = renderTournamentTable(t);
    expect(text).toMatch(/\ba .* 15\.47 /);
    expect(text).toMatch(/\bb .* n\/a \(19 of 20 days\) /);
    // configurable: with 19 needed, b has a number too
    expect(tournamentTable([result("b", 0)], facts, { minSharpeDays: 19 }).rows[0]!.sharpe).not.toBeNull();
  });

  it("returns against buy-and-hold: an engine always ahead is distinguishable, one at ±1 % a day is not", () => {
    // a: +1.5 %, +0.5 %, … (every daily difference > 0); b: +1 %, −1 %, …; prices flat: buy-and-hold 0
    const t = tournamentTable([result("a", 2), result("b", 1)], {
      asks: [],
      marks: [...desk("a", returns(12, [0.015, 0.005])), ...desk("b", returns(12, [0.01, -0.01]))],
    });
    const [a, b, bh] = t.rows;
    expect(a!.returnPct).toBeCloseTo((1.015 ** 6 * 1.005 ** 6 - 1) * 100, 4);
    expect(a!.buyHoldPct).toBe(0);
    // any resample's mean of 1.5 % and 0.5 % lies in [0.5 %, 1.5 %]
    const ai = a!.vsBuyHold!.interval!;
    expect(ai.mean).toBeCloseTo(0.01, 12);
    expect(ai.low).toBeGreaterThanOrEqual(0.005);
    expect(ai.high).toBeLessThanOrEqual(0.015);
    // ±1 %: the 2.5 % quantile is 3 of 12 up-days drawn (see bootstrap.test.ts), −0.5 %
    expect(b!.vsBuyHold!.interval).toMatchObject({
      low: expect.closeTo(-0.005, 12),
      high: expect.closeTo(0.005, 12),
    });
    expect(b!.returnPct).toBeCloseTo((1.01 ** 6 * 0.99 ** 6 - 1) * 100, 4);
    expect(bh).toMatchObject({ engineId: "buy-and-hold", returnPct: 0, realizedPnl: 0 });
    // a − b: +0.5 %, +1.5 %, …: a is ahead of b too
    expect(t.statement).toBe(
      `Distinguishable from buy-and-hold (95 % bootstrap interval of the mean daily difference excludes 0, 12 days): a above it (+1.000 %/day [${pct(ai.low)}, ${pct(ai.high)}]). Distinguishable from each other: a above b (${fmt(t.comparisons[2]!.interval!)}). Every other interval contains 0; by chance alone about 5 % of such intervals exclude 0 (3 comparisons here).`,
    );
    expect(renderTournamentTable(t).split("\n").at(-1)).toBe(t.statement);
  });

  it("says that no engine is distinguishable when every interval contains 0", () => {
    // a: +1 %, −1 %; b the mirror image: each one's mean daily difference is 0 against buy-and-hold and the other
    const t = tournamentTable([result("a", 2), result("b", 1)], {
      asks: [],
      marks: [...desk("a", returns(12, [0.01, -0.01])), ...desk("b", returns(12, [-0.01, 0.01]))],
    });
    expect(t.statement).toBe(
      "No engine's return is distinguishable from buy-and-hold or from the others (95 % bootstrap intervals of the mean daily difference all contain 0, 12 days).",
    );
  });

  it("with too few days says so instead of computing; the threshold is configurable", () => {
    const marks = [...desk("a", returns(5, [0.015, 0.005])), ...desk("b", returns(5, [0.01, -0.01]))];
    const t = tournamentTable([result("a", 2), result("b", 1)], { asks: [], marks });
    expect(t.rows[0]!.vsBuyHold).toMatchObject({ days: 5, needed: 10, interval: null });
    expect(t.statement).toBe(
      "Too few days to tell any engine from buy-and-hold or from the others: 5 daily returns, a bootstrap interval needs 10.",
    );
    expect(renderTournamentTable(t)).toContain("n/a (5 of 10 days)");
    const five = tournamentTable(
      [result("a", 2), result("b", 1)],
      { asks: [], marks },
      { minBootstrapDays: 5 },
    );
    expect(five.rows[0]!.vsBuyHold!.interval).not.toBeNull();
    expect(five.statement).toMatch(/^Distinguishable from buy-and-hold .*5 days\): a above it/);
  });

  it("an engine with too few days (bred late) is named; buy-and-hold P&L is the first desk's cash × its return", () => {
    // BTC +10 % over 12 days, ETH flat: buy-and-hold +5 %, every engine here is at 0
    const prices = {
      "BTC-USD": Array.from({ length: 13 }, (_, i) => 100 + (10 * i) / 12),
      "ETH-USD": Array(13).fill(50),
    };
    const late = marksOf("c", [25_000, 25_000, 25_000, 25_000], {
      "BTC-USD": prices["BTC-USD"].slice(9),
      "ETH-USD": prices["ETH-USD"].slice(9),
    }).map((m, i) => ({ ...m, day: `2024-01-${String(9 + Math.max(i, 1)).padStart(2, "0")}` }));
    const t = tournamentTable([result("a", 0), result("c", 0)], {
      asks: [],
      marks: [...marksOf("a", Array(13).fill(25_000), prices), ...late],
    });
    expect(t.rows.at(-1)).toMatchObject({ engineId: "buy-and-hold", returnPct: 5, realizedPnl: 1250 });
    expect(t.rows[1]).toMatchObject({ engineId: "c", returnPct: 0 });
    // c bought at BTC 107.5 (day 9) and ETH 50: ((110 / 107.5 + 50 / 50) / 2 − 1) × 100
    expect(t.rows[1]!.buyHoldPct).toBeCloseTo(((110 / 107.5 + 1) / 2 - 1) * 100, 4);
    expect(t.statement).toMatch(
      /^Distinguishable from buy-and-hold .*: a below it .* Too few days to compare c \(3 of 10\)\.$/,
    );
  });
});

const pct = (x: number): string => `${x >= 0 ? "+" : ""}${(x * 100).toFixed(3)}`;
const fmt = (i: { mean: number; low: number; high: number }): string =>
  `${pct(i.mean)} %/day [${pct(i.low)}, ${pct(i.high)}]`;
