import { describe, expect, it } from "vitest";
import { type Clock, TestClock } from "../core/clock.js";
import { isHydraError } from "../core/errors.js";
import { type NodeStoreBackend, nodeStoreConnections } from "../core/test-support/contract-connections.js";
import type { DecisionRecord, ScoreRow } from "../hydra/mother/hydra-journal.js";
import type { DeskMark } from "../hydra/tournament/daily-series.js";
import type { EngineAsk } from "../hydra/tournament/engine-ask.js";
import type { ClosedTrade } from "../model/position.js";
import { leaderboard, recentTrades } from "../runtime/hydra-stats.js";
import type { HydraJournalStore } from "./hydra-journal-store.js";
import type { RowReader } from "./sqlite-tournament-log.js";

/** `connect`: node `nodeId`'s journal with `wall` as the clock of its recorded_wall columns */
export interface HydraJournalBackend extends NodeStoreBackend<HydraJournalStore, [wall: Clock]> {
  /** node `nodeId`'s rows under the SQLite table names, as the operator queries read them */
  reader(nodeId: string): RowReader;
}

const DAY = Date.UTC(2024, 0, 10);
const MIN = 60_000;
const HOUR = 3_600_000;

/** a trade of `engine` closed `closeMin` minutes into the day; prices and P&L with many digits */
const trade = (i: number, closeMin: number, netPnl: number): ClosedTrade => ({
  positionId: `P${i}`,
  source: "desk",
  symbol: i % 2 === 0 ? "ETH-USD" : "BTC-USD",
  side: i % 2 === 0 ? "sell" : "buy",
  volume: 0.013 + i / 1000,
  openTime: DAY + (closeMin - 7) * MIN + 123,
  openPrice: 43_210.123456789 + i,
  closeTime: DAY + closeMin * MIN + 456,
  closePrice: 43_299.987654321 - i,
  grossPnl: netPnl + 0.0731,
  commission: 0.0731,
  netPnl,
  exitReason: i % 2 === 0 ? "sl" : "signal",
});

/** how a journal gives a trade back: its id carries the run, the engine and the close; source: the engine */
const readBack = (runId: number, engine: string, t: ClosedTrade): ClosedTrade => ({
  ...t,
  positionId: `R${runId}:${engine}:${t.positionId}:${t.closeTime}`,
  source: engine,
});

const decision = (engineId: string, cycle: number, over: Partial<DecisionRecord> = {}): DecisionRecord => ({
  cycle,
  time: DAY + cycle * 15 * MIN,
  engineId,
  templateVersion: "v3",
  promptHash: "abc123",
  decision: null,
  cause: null,
  detail: "",
  usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 },
  latencyMs: 100 * cycle,
  outcome: "hold",
  ...over,
});

const ask = (engineId: string, cycle: number, cause: string | null, costUsd = 0): EngineAsk => ({
  cycle,
  time: DAY + cycle * 5 * MIN,
  engineId,
  cause,
  decisions: 0,
  inputTokens: 100,
  outputTokens: 10,
  costUsd,
  latencyMs: 50.25,
});

const mark = (desk: string, point: "start" | "day", day: string, equity: number): DeskMark => ({
  desk,
  point,
  day,
  time: Date.parse(`${day}T10:00:00.123Z`),
  equity,
  prices: { "BTC-USD": 43_210.57, "ETH-USD": 2_345.0625 },
});

const score = (engineId: string, rank: number, totalPoints: number, sharpe: number | null): ScoreRow => ({
  engineId,
  label: `${engineId} (v1)`,
  rank,
  weight: 0.3333333333333333,
  totalPoints,
  realizedPnl: totalPoints * 1.5,
  trades: 7,
  wins: 4,
  sharpe,
  maxDrawdownPct: 2.625125,
  llmCostUsd: 0.0123,
  netOfCost: totalPoints * 1.5 - 0.0123,
});

function storageError(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return isHydraError(e) ? e.code : e;
  }
  return "no error";
}

/** The behaviour every HYDRA journal must have (SQLite, PostgreSQL); each backend's test file calls it. */
export function hydraJournalContract(name: string, makeBackend: () => HydraJournalBackend): void {
  describe(`HydraJournal contract: ${name}`, () => {
    const { connect, backend } = nodeStoreConnections(makeBackend);
    const reader = (nodeId: string): RowReader => backend().reader(nodeId);
    const open = (nodeId = "node-a", wall: Clock = new TestClock(DAY + 12 * HOUR)) => connect(nodeId, wall);

    it("keeps each closed trade with every field, gives them back by engine oldest first (until a market time), ids carrying the run", () => {
      const wall = new TestClock(DAY + 12 * HOUR);
      const j = open("node-a", wall);
      expect(j.trades()).toEqual(new Map());
      j.setRun(3);
      const [t1, t2, t3] = [trade(1, 90, 12.345678901234), trade(2, 30, -3.3), trade(3, 60, 0)];
      j.recordTrade("alpha", t1, 25_000);
      wall.advance(1_500);
      j.recordTrade("beta", t2, 25_000);
      j.recordTrade("alpha", t3, 10_000);
      expect(j.trades()).toEqual(
        new Map([
          ["beta", [readBack(3, "beta", t2)]],
          ["alpha", [readBack(3, "alpha", t3), readBack(3, "alpha", t1)]],
        ]),
      );
      expect(j.trades(t3.closeTime)).toEqual(
        new Map([
          ["beta", [readBack(3, "beta", t2)]],
          ["alpha", [readBack(3, "alpha", t3)]],
        ]),
      );
      expect(j.trades(t2.closeTime - 1)).toEqual(new Map());
      // the columns as the operator queries read them
      const rows = reader("node-a")
        .prepare(
          `SELECT id, trade_id, run_id, timestamp, engine, asset, direction, status, outcome, pnl, pnl_percent, volume,
                  entry_price, exit_price, open_time, exit_reason, gross_pnl, commission, recorded_wall
           FROM hydra_trades ORDER BY id`,
        )
        .all();
      expect(rows[0]).toEqual({
        id: 1,
        trade_id: `R3:alpha:P1:${t1.closeTime}`,
        run_id: 3,
        timestamp: "2024-01-10T01:30:00.456Z",
        engine: "alpha",
        asset: "BTC-USD",
        direction: "long",
        status: "CLOSED",
        outcome: "win",
        pnl: 12.345678901234,
        pnl_percent: 0.0494,
        volume: t1.volume,
        entry_price: t1.openPrice,
        exit_price: t1.closePrice,
        open_time: "2024-01-10T01:23:00.123Z",
        exit_reason: "signal",
        gross_pnl: 12.345678901234 + 0.0731,
        commission: 0.0731,
        recorded_wall: "2024-01-10T12:00:00.000Z",
      });
      expect(rows.map((r) => (r as Record<string, unknown>).direction)).toEqual(["long", "short", "long"]);
      expect(rows.map((r) => (r as Record<string, unknown>).outcome)).toEqual(["win", "loss", "loss"]);
      expect((rows[1] as Record<string, unknown>).recorded_wall).toBe("2024-01-10T12:00:01.500Z");
      expect(recentTrades(reader("node-a"), 2).map((r) => [r.engine, r.timestamp])).toEqual([
        ["alpha", "2024-01-10T01:30:00.456Z"],
        ["alpha", "2024-01-10T01:00:00.456Z"],
      ]);
    });

    it("refuses a trade recorded twice in one run (STORAGE) and goes on recording the next", () => {
      const j = open();
      j.setRun(1);
      j.recordTrade("alpha", trade(1, 30, 1), 25_000);
      expect(storageError(() => j.recordTrade("alpha", trade(1, 30, 1), 25_000))).toBe("STORAGE");
      j.recordTrade("alpha", trade(2, 40, 2), 25_000);
      // the same position closed in another run is another trade
      j.setRun(2);
      j.recordTrade("alpha", trade(1, 30, 1), 25_000);
      expect(
        j
          .trades()
          .get("alpha")!
          .map((t) => t.positionId),
      ).toEqual([
        `R1:alpha:P1:${trade(1, 30, 1).closeTime}`,
        `R2:alpha:P1:${trade(1, 30, 1).closeTime}`,
        `R1:alpha:P2:${trade(2, 40, 2).closeTime}`,
      ]);
    });

    it("keeps each decision record with every field (the decision as JSON, or the cause of none)", () => {
      const wall = new TestClock(DAY + 12 * HOUR);
      const j = open("node-a", wall);
      j.setRun(2);
      const d = {
        action: "open" as const,
        asset: "BTC-USD",
        direction: "long" as const,
        entry: 43_210.5,
        stopLoss: 42_900.25,
        takeProfit: 44_000.125,
        confidence: 0.7,
        rationale: 'breakout; "quoted" ünïcode',
      };
      j.recordDecision(
        decision("alpha", 1, {
          decision: d,
          usage: { inputTokens: 1234, outputTokens: 56, costUsd: 0.00123 },
          latencyMs: 812.5,
          outcome: "denied:RISK_LIMIT",
        }),
      );
      wall.advance(250);
      j.recordDecision(
        decision("beta", 1, { cause: "timeout", detail: "no answer in 30 s", outcome: "no-decision" }),
      );
      const rows = reader("node-a")
        .prepare(
          `SELECT id, run_id, cycle, market_time, recorded_wall, engine, template, prompt_hash, decision, cause, detail,
                  input_tokens, output_tokens, cost_usd, latency_ms, outcome FROM hydra_decisions ORDER BY id`,
        )
        .all() as Array<Record<string, unknown>>;
      expect(
        rows.map((r) => ({ ...r, decision: r.decision === null ? null : JSON.parse(String(r.decision)) })),
      ).toEqual([
        {
          id: 1,
          run_id: 2,
          cycle: 1,
          market_time: "2024-01-10T00:15:00.000Z",
          recorded_wall: "2024-01-10T12:00:00.000Z",
          engine: "alpha",
          template: "v3",
          prompt_hash: "abc123",
          decision: d,
          cause: null,
          detail: "",
          input_tokens: 1234,
          output_tokens: 56,
          cost_usd: 0.00123,
          latency_ms: 812.5,
          outcome: "denied:RISK_LIMIT",
        },
        {
          id: 2,
          run_id: 2,
          cycle: 1,
          market_time: "2024-01-10T00:15:00.000Z",
          recorded_wall: "2024-01-10T12:00:00.250Z",
          engine: "beta",
          template: "v3",
          prompt_hash: "abc123",
          decision: null,
          cause: "timeout",
          detail: "no answer in 30 s",
          input_tokens: 0,
          output_tokens: 0,
          cost_usd: 0,
          latency_ms: 100,
          outcome: "no-decision",
        },
      ]);
    });

    it("keeps the current standing once per engine (the last saved) and every saved standing in the history", () => {
      const j = open();
      j.setRun(1);
      j.saveScores(DAY + HOUR, [score("alpha", 1, 40.5, null), score("beta", 2, 12.25, 0.5)]);
      j.setRun(2);
      j.saveScores(DAY + 2 * HOUR, [score("beta", 1, 50.125, 1.2345678), score("alpha", 2, 41, -0.25)]);
      const r = reader("node-a");
      expect(leaderboard(r)).toEqual([
        {
          engine: "beta",
          label: "beta (v1)",
          rank: 1,
          weight: 0.3333333333333333,
          total_points: 50.125,
          realized_pnl: 50.125 * 1.5,
          trades: 7,
          wins: 4,
          sharpe: 1.2345678,
          max_drawdown_pct: 2.625125,
          llm_cost_usd: 0.0123,
          net_of_cost: 50.125 * 1.5 - 0.0123,
          timestamp: "2024-01-10T02:00:00.000Z",
        },
        expect.objectContaining({ engine: "alpha", rank: 2, total_points: 41, sharpe: -0.25 }),
      ]);
      expect(
        r
          .prepare(
            "SELECT id, run_id, timestamp, engine, rank, total_points, sharpe FROM tournament_history ORDER BY id",
          )
          .all(),
      ).toEqual([
        {
          id: 1,
          run_id: 1,
          timestamp: "2024-01-10T01:00:00.000Z",
          engine: "alpha",
          rank: 1,
          total_points: 40.5,
          sharpe: null,
        },
        {
          id: 2,
          run_id: 1,
          timestamp: "2024-01-10T01:00:00.000Z",
          engine: "beta",
          rank: 2,
          total_points: 12.25,
          sharpe: 0.5,
        },
        {
          id: 3,
          run_id: 2,
          timestamp: "2024-01-10T02:00:00.000Z",
          engine: "beta",
          rank: 1,
          total_points: 50.125,
          sharpe: 1.2345678,
        },
        {
          id: 4,
          run_id: 2,
          timestamp: "2024-01-10T02:00:00.000Z",
          engine: "alpha",
          rank: 2,
          total_points: 41,
          sharpe: -0.25,
        },
      ]);
    });

    it("keeps asks and marks (a mark replaces its desk's same point and day) and reads them back", () => {
      const j = open();
      j.setRun(1);
      j.recordAsks([ask("a", 1, null, 0.0042), ask("b", 1, "timeout")]);
      j.recordAsks([ask("a", 2, null)]);
      j.recordMarks([mark("a", "start", "2024-01-10", 25_000), mark("a", "day", "2024-01-10", 25_100.5)]);
      j.recordMarks([mark("a", "day", "2024-01-10", 25_200.25), mark("a-2", "day", "2024-01-09", 24_000)]);
      j.recordMarks([mark("a", "day", "2024-01-11", 25_300), mark("B", "start", "2024-01-10", 1)]);
      expect(j.asks().map((a) => [a.engineId, a.cycle, a.cause])).toEqual([
        ["a", 1, null],
        ["b", 1, "timeout"],
        ["a", 2, null],
      ]);
      expect(j.asks()[0]).toEqual(ask("a", 1, null, 0.0042));
      expect(j.asks(DAY + 5 * MIN).map((a) => a.cycle)).toEqual([1, 1]);
      expect(j.asks(DAY + 5 * MIN - 1)).toEqual([]);
      // by desk (byte order: upper case first), start before day, then by day
      expect(j.marks()).toEqual([
        mark("B", "start", "2024-01-10", 1),
        mark("a", "start", "2024-01-10", 25_000),
        mark("a", "day", "2024-01-10", 25_200.25),
        mark("a", "day", "2024-01-11", 25_300),
        mark("a-2", "day", "2024-01-09", 24_000),
      ]);
    });

    it("a run recorded before hydra_asks gives its asks from its decision records: each cycle and engine once", () => {
      const j = open();
      j.setRun(1);
      // cycle 1: two decisions of one answer; cycle 2: a timeout; the consensus desk is no engine
      j.recordDecision(decision("a", 1, { outcome: "sent" }));
      j.recordDecision(decision("a", 1, { outcome: "hold" }));
      j.recordDecision(decision("a", 2, { cause: "timeout", outcome: "no-decision" }));
      j.recordDecision(decision("consensus", 1));
      // run 2 has asks of its own: its decision records are not read as asks
      j.setRun(2);
      j.recordAsks([{ ...ask("a", 9, null), time: DAY + 3 * HOUR }]);
      j.recordDecision(decision("a", 12, { outcome: "sent" }));
      expect(j.asks().map((a) => [a.engineId, a.cycle, a.cause, a.decisions, a.latencyMs])).toEqual([
        ["a", 1, null, 0, 100],
        ["a", 2, "timeout", 0, 200],
        ["a", 9, null, 0, 50.25],
      ]);
    });

    it("counts today's LLM spend (UTC, wall time) per engine, so a restart does not reset the daily budgets", () => {
      const wall = new TestClock(Date.UTC(2024, 0, 10, 23, 0));
      const j = open("node-a", wall);
      expect(j.spentToday(wall.now())).toEqual([]);
      let cycle = 0;
      const spend = (engineId: string, costUsd: number) =>
        decision(engineId, ++cycle, { usage: { inputTokens: 100, outputTokens: 20, costUsd } });
      j.recordDecision(spend("claude", 0.25));
      j.recordDecision(spend("claude", 0.5));
      wall.advance(2 * HOUR); // the next UTC day
      j.recordDecision(spend("claude", 1));
      j.recordDecision(spend("grok", 0.125));
      j.recordDecision(spend("free", 0));
      expect(j.spentToday(wall.now())).toEqual([
        { engine: "claude", tokens: 120, usd: 1 },
        { engine: "grok", tokens: 120, usd: 0.125 },
      ]);
      expect(j.spentToday(Date.UTC(2024, 0, 10, 12))).toEqual([{ engine: "claude", tokens: 240, usd: 0.75 }]);
    });

    it("counts an answer's spend once however many decisions it held; once asks are recorded, they are the spend", () => {
      const wall = new TestClock(Date.UTC(2024, 0, 10, 12));
      const j = open("node-a", wall);
      const usage = { inputTokens: 100, outputTokens: 20, costUsd: 0.5 };
      j.recordDecision(decision("claude", 1, { usage, outcome: "sent" }));
      j.recordDecision(decision("claude", 1, { usage, outcome: "hold" }));
      j.recordDecision(decision("claude", 2, { usage, outcome: "sent" }));
      expect(j.spentToday(wall.now())).toEqual([{ engine: "claude", tokens: 240, usd: 1 }]);
      j.setRun(1);
      j.recordAsks([ask("claude", 1, null, 0.25), ask("claude", 2, null, 0.25)]);
      j.recordDecision(decision("claude", 1, { usage: { ...usage, costUsd: 0.25 } }));
      expect(j.spentToday(wall.now())).toEqual([{ engine: "claude", tokens: 240 + 220, usd: 1.5 }]);
    });

    it("forgets what a killed run journalled after its checkpoint (trades, decisions, asks, standings' history) and says how many trades", () => {
      const j = open();
      j.setRun(1);
      const before = trade(1, 60, 5);
      const after = [trade(2, 121, -1), trade(3, 180, 2)];
      for (const t of [before, ...after]) j.recordTrade("alpha", t, 25_000);
      for (const c of [4, 12]) j.recordDecision(decision("alpha", c)); // market 01:00 and 03:00
      j.recordAsks([ask("alpha", 12, null), ask("alpha", 36, null)]); // 01:00 and 03:00
      j.saveScores(DAY + HOUR, [score("alpha", 1, 5, null)]);
      j.saveScores(DAY + 3 * HOUR, [score("alpha", 1, 6, null)]);
      j.recordMarks([mark("alpha", "day", "2024-01-10", 25_006)]);
      expect(j.forgetAfter(DAY + 2 * HOUR)).toBe(2);
      expect(j.trades()).toEqual(new Map([["alpha", [readBack(1, "alpha", before)]]]));
      expect(j.asks().map((a) => a.cycle)).toEqual([12]);
      const r = reader("node-a");
      const count = (table: string) =>
        Number((r.prepare(`SELECT COUNT(*) AS n FROM ${table}`).all()[0] as { n: unknown }).n);
      expect([count("hydra_decisions"), count("tournament_history"), count("tournament_scores")]).toEqual([
        1, 1, 1,
      ]);
      expect(j.marks()).toHaveLength(1);
      expect(j.forgetAfter(DAY + 2 * HOUR)).toBe(0);
      // the resumed run goes on: its records after the checkpoint are new ones
      j.setRun(2);
      j.recordTrade("alpha", after[0]!, 25_000);
      expect(
        j
          .trades()
          .get("alpha")!
          .map((t) => t.positionId),
      ).toEqual([`R1:alpha:P1:${before.closeTime}`, `R2:alpha:P2:${after[0]!.closeTime}`]);
    });

    it("reopened (a restarted node), it reads what was recorded and numbers the next records after it", () => {
      const a = open();
      a.setRun(1);
      a.recordTrade("alpha", trade(1, 30, 1), 25_000);
      a.recordTrade("beta", trade(2, 40, -1), 25_000);
      a.recordDecision(decision("alpha", 1));
      a.recordAsks([ask("alpha", 1, null)]);
      a.saveScores(DAY + HOUR, [score("alpha", 1, 1, null)]);
      a.recordMarks([mark("alpha", "start", "2024-01-10", 25_000)]);
      a.close();
      const b = open();
      expect([...b.trades().keys()]).toEqual(["alpha", "beta"]);
      expect(b.asks()).toEqual([ask("alpha", 1, null)]);
      expect(b.marks()).toEqual([mark("alpha", "start", "2024-01-10", 25_000)]);
      b.setRun(2);
      b.recordTrade("alpha", trade(3, 50, 2), 25_000);
      b.recordDecision(decision("alpha", 2));
      b.recordAsks([ask("alpha", 2, null)]);
      b.saveScores(DAY + 2 * HOUR, [score("alpha", 1, 3, null)]);
      const r = reader("node-a");
      const ids = (table: string) =>
        r
          .prepare(`SELECT id, run_id FROM ${table} ORDER BY id`)
          .all()
          .map((x) => Object.values(x as object));
      expect(ids("hydra_trades")).toEqual([
        [1, 1],
        [2, 1],
        [3, 2],
      ]);
      expect(ids("hydra_decisions")).toEqual([
        [1, 1],
        [2, 2],
      ]);
      expect(ids("hydra_asks")).toEqual([
        [1, 1],
        [2, 2],
      ]);
      expect(ids("tournament_history")).toEqual([
        [1, 1],
        [2, 2],
      ]);
      expect(leaderboard(r).map((x) => x.total_points)).toEqual([3]);
    });

    it("keeps two nodes' journals apart: each reads, forgets and counts only its own", () => {
      const wall = new TestClock(DAY + 12 * HOUR);
      const a = open("node-a", wall);
      const b = open("node-b", wall);
      a.setRun(1);
      b.setRun(1);
      // the same trade on both (same run, position and close): no collision
      a.recordTrade("alpha", trade(1, 30, 1), 25_000);
      b.recordTrade("alpha", trade(1, 30, 1), 25_000);
      a.recordTrade("alpha", trade(2, 150, 2), 25_000);
      a.recordAsks([ask("alpha", 1, null, 0.5)]);
      b.recordAsks([ask("alpha", 1, "timeout", 0.25), ask("alpha", 2, null)]);
      a.recordMarks([mark("alpha", "day", "2024-01-10", 25_001)]);
      b.recordMarks([mark("alpha", "day", "2024-01-10", 24_999)]);
      a.saveScores(DAY + HOUR, [score("alpha", 1, 1, null)]);
      b.saveScores(DAY + HOUR, [score("alpha", 1, -1, null)]);
      expect(a.trades().get("alpha")).toHaveLength(2);
      expect(b.trades().get("alpha")).toEqual([readBack(1, "alpha", trade(1, 30, 1))]);
      expect(a.asks().map((x) => x.cause)).toEqual([null]);
      expect(b.asks().map((x) => x.cause)).toEqual(["timeout", null]);
      expect(a.marks()).toEqual([mark("alpha", "day", "2024-01-10", 25_001)]);
      expect(b.marks()).toEqual([mark("alpha", "day", "2024-01-10", 24_999)]);
      expect(a.spentToday(wall.now())).toEqual([{ engine: "alpha", tokens: 110, usd: 0.5 }]);
      expect(b.spentToday(wall.now())).toEqual([{ engine: "alpha", tokens: 110, usd: 0.25 }]);
      expect(leaderboard(reader("node-a")).map((x) => x.total_points)).toEqual([1]);
      expect(leaderboard(reader("node-b")).map((x) => x.total_points)).toEqual([-1]);
      expect(recentTrades(reader("node-b"), 10)).toHaveLength(1);
      expect(b.forgetAfter(DAY)).toBe(1);
      expect(a.trades().get("alpha")).toHaveLength(2);
      expect(a.asks()).toHaveLength(1);
    });

    it("once closed, every call fails as STORAGE", () => {
      const j = open();
      j.close();
      const calls: Array<() => unknown> = [
        () => j.recordTrade("alpha", trade(1, 30, 1), 25_000),
        () => j.recordDecision(decision("alpha", 1)),
        () => j.saveScores(DAY, [score("alpha", 1, 1, null)]),
        () => j.recordAsks([ask("alpha", 1, null)]),
        () => j.recordMarks([mark("alpha", "day", "2024-01-10", 1)]),
        () => j.trades(),
        () => j.asks(),
        () => j.marks(),
        () => j.spentToday(DAY),
        () => j.forgetAfter(DAY),
      ];
      expect(calls.map(storageError)).toEqual(calls.map(() => "STORAGE"));
    });
  });
}
