import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { captureIo } from "../cli/io.js";
import { runCli } from "../cli/main.js";
import { TestClock } from "../core/clock.js";
import { offlineEngines } from "../hydra/offline/index.js";
import { SqliteHydraJournal } from "../persistence/sqlite-hydra-journal.js";
import { SqliteHydraState } from "../persistence/sqlite-hydra-state.js";
import { hydraMode, runHydra } from "./hydra-run.js";
import { engineStats, leaderboard } from "./hydra-stats.js";

describe("hydra run", () => {
  it("runs the offline engines in a tournament, records decisions, trades and scores, and the stats read them", async () => {
    const db = path.join(mkdtempSync(path.join(tmpdir(), "hydra-run-")), "hydra.db");
    const journal = SqliteHydraJournal.open(db);
    const wall = new TestClock(Date.UTC(2024, 0, 10, 0, 0, 0));
    const r = await runHydra({
      engines: offlineEngines(),
      assets: ["BTC-USD", "ETH-USD", "SOL-USD"],
      mode: "independent",
      cycleMs: 5 * 60_000,
      cash: 25_000,
      seed: 3,
      speed: 60,
      durationMs: (12 * 60 * 60_000) / 60, // twelve market hours
      timeoutMs: 1000,
      journal,
      wallClock: wall,
      sleep: async (ms) => wall.advance(ms),
      log: () => {},
    });
    expect(r.cycles).toBeGreaterThanOrEqual(143); // every 5 market minutes over 12 hours (the last may fall at the end)
    expect(r.scores.map((s) => s.weight)).toEqual([0.4, 0.3, 0.2, 0.1]);
    // the table shows a buy-and-hold benchmark row beside the engines
    expect(r.table.map((t) => t.engineId).at(-1)).toBe("buy-and-hold");
    expect(r.table).toHaveLength(5);
    const decisions = journal.db
      .prepare("SELECT COUNT(*) AS n, COUNT(DISTINCT prompt_hash) AS hashes FROM hydra_decisions")
      .get() as { n: number; hashes: number };
    expect(decisions.n).toBeGreaterThan(0);
    expect(decisions.hashes).toBeGreaterThan(1);
    expect(leaderboard(journal.db)).toHaveLength(4);
    const trades = engineStats(journal.db).reduce((x, e) => x + e.trades, 0);
    expect(trades).toBe(r.scores.reduce((x, s) => x + s.trades, 0));
    journal.close();
    const io = captureIo();
    expect(await runCli(["stats", "leaderboard", "--db", db, "--json"], io)).toBe(0);
    const board = JSON.parse(io.stdout) as Array<{ engine: string; rank: number }>;
    expect(board.map((b) => b.rank)).toEqual([1, 2, 3, 4]);
  });

  it("runs the evolution cycles on the market clock, the weight cycle logged", async () => {
    const wall = new TestClock(Date.UTC(2024, 0, 10, 0, 0, 0));
    const prompts: string[] = [];
    const lines: string[] = [];
    const engines = offlineEngines().map((e) => ({
      ...e,
      id: e.id,
      label: e.label,
      kind: e.kind,
      decide: (input: Parameters<typeof e.decide>[0], signal: AbortSignal) => {
        prompts.push(input.prompt);
        return e.decide(input, signal);
      },
    }));
    const r = await runHydra({
      engines,
      assets: ["BTC-USD", "ETH-USD"],
      mode: "independent",
      cycleMs: 15 * 60_000,
      cash: 25_000,
      seed: 11,
      speed: 600,
      durationMs: (26 * 60 * 60_000) / 600, // a market day and two hours
      timeoutMs: 1000,
      wallClock: wall,
      sleep: async (ms) => wall.advance(ms),
      log: (l) => lines.push(l),
    });
    // day 1: the elimination and the weight-adjustment cycle (logged); the kill comes 12 h later
    expect(lines.some((l) => / \(market\) evolution elimination: /.test(l))).toBe(true);
    expect(lines.some((l) => / \(market\) evolution weights: \S+ rank 1, weight \d/.test(l))).toBe(true);
    expect(lines.some((l) => / evolution kill: /.test(l))).toBe(false);
    expect(r.active.length).toBeGreaterThan(0);
    expect(prompts.length).toBeGreaterThan(100);
  });

  it("turbo batch: engines propose candidates, a quick tournament picks each engine's best, its desk trades it", async () => {
    const wall = new TestClock(Date.UTC(2024, 0, 10, 0, 0, 0));
    const lines: string[] = [];
    const r = await runHydra({
      engines: offlineEngines(),
      assets: ["BTC-USD", "ETH-USD"],
      mode: "turbo",
      cycleMs: 60 * 60_000,
      cash: 25_000,
      seed: 5,
      speed: 600,
      durationMs: (24 * 60 * 60_000) / 600,
      timeoutMs: 1000,
      wallClock: wall,
      sleep: async (ms) => wall.advance(ms),
      log: (l) => lines.push(l),
    });
    const turbo = lines.filter((l) => l.includes(" turbo: "));
    expect(turbo.length).toBeGreaterThan(10);
    expect(turbo.some((l) => / trades .*test P&L/.test(l))).toBe(true);
    expect(r.scores.reduce((x, s) => x + s.trades, 0)).toBeGreaterThan(0);
  });

  it("consensus: engines ranked by their own votes' shadow desks, so weights move and the consensus desk trades", async () => {
    const db = path.join(mkdtempSync(path.join(tmpdir(), "hydra-consensus-")), "hydra.db");
    const journal = SqliteHydraJournal.open(db);
    const wall = new TestClock(Date.UTC(2024, 0, 10, 0, 0, 0));
    const lines: string[] = [];
    const r = await runHydra({
      engines: offlineEngines(),
      assets: ["BTC-USD", "ETH-USD", "SOL-USD"],
      mode: "consensus",
      cycleMs: 5 * 60_000,
      cash: 25_000,
      seed: 3,
      speed: 600,
      durationMs: (48 * 60 * 60_000) / 600,
      timeoutMs: 1000,
      journal,
      wallClock: wall,
      sleep: async (ms) => wall.advance(ms),
      log: (l) => lines.push(l),
    });
    const sent = journal.db
      .prepare("SELECT COUNT(*) AS n FROM hydra_decisions WHERE engine = 'consensus' AND outcome = 'sent'")
      .get() as { n: number };
    const filled = journal.db
      .prepare("SELECT COUNT(*) AS n FROM hydra_trades WHERE engine = 'consensus'")
      .get() as { n: number };
    const weights = journal.db
      .prepare("SELECT COUNT(DISTINCT weight) AS n FROM tournament_history")
      .get() as { n: number };
    journal.close();
    expect(sent.n).toBeGreaterThan(0);
    // and the consensus desk's positions fill and close
    expect(filled.n).toBeGreaterThan(0);
    // not tied at 25% for ever: the standings move with each engine's shadow P&L
    expect(weights.n).toBeGreaterThan(1);
    expect(r.scores.map((s) => s.weight)).not.toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(Object.keys(r.equity)).toContain("consensus");
    // orders the venue refused are said once per code, then counted
    expect(
      lines.filter((l) => / rejected by the venue: NO_MONEY \(further NO_MONEY are counted/.test(l)),
    ).toHaveLength(1);
    expect(lines.at(-1)).toMatch(/^denials this run: .*NO_MONEY ×\d+/);
  });

  it("breeding adds an offspring that is asked and trades on its own desk, and survives a restart", async () => {
    const db = path.join(mkdtempSync(path.join(tmpdir(), "hydra-breed-")), "hydra.db");
    const H = 3_600_000;
    // a breeding bar a day and a half can reach (SPEC's is 100 trades, 60 % wins, Sharpe 1.5 every 4 days)
    const evolution = {
      intervalMs: { elimination: 24 * H, kill: 24 * H, breeding: 24 * H, weights: 24 * H },
      breeding: { minTrades: 1, minWinRate: 0, minSharpe: Number.NEGATIVE_INFINITY },
      phaseMs: { kill: 12 * H, breeding: 6 * H },
    };
    const run = async (hours: number) => {
      const journal = SqliteHydraJournal.open(db);
      const store = SqliteHydraState.open(db);
      const wall = new TestClock(Date.UTC(2024, 0, 10, 0, 0, 0));
      const lines: string[] = [];
      const r = await runHydra({
        engines: offlineEngines(),
        assets: ["BTC-USD", "ETH-USD"],
        mode: "independent",
        cycleMs: 15 * 60_000,
        cash: 25_000,
        seed: 11,
        speed: 600,
        durationMs: (hours * H) / 600,
        timeoutMs: 1000,
        journal,
        store,
        evolution,
        wallClock: wall,
        sleep: async (ms) => wall.advance(ms),
        log: (l) => lines.push(l),
      });
      const asked = journal.db.prepare("SELECT DISTINCT engine FROM hydra_decisions").all() as Array<{
        engine: string;
      }>;
      journal.close();
      store.close();
      return { r, lines, asked: asked.map((a) => a.engine) };
    };
    const first = await run(40);
    const bred = first.lines.find((l) => / \(market\) evolution breeding: bred /.test(l));
    expect(bred).toBeDefined();
    const child = bred!.match(/bred (\S+)/)![1]!;
    // day 1 eliminated one engine; the offspring brings the active population back up
    expect(first.lines.some((l) => / evolution elimination: eliminated /.test(l))).toBe(true);
    expect(first.r.active).toContain(child);
    expect(first.r.scores.map((s) => s.engineId)).toContain(child);
    expect(Object.keys(first.r.equity)).toContain(child);
    expect(first.asked).toContain(child);
    const second = await run(2);
    expect(second.r.scores.map((s) => s.engineId)).toContain(child);
    expect(second.r.active).toContain(child);
  });

  it("reads the modes from the environment", () => {
    expect(hydraMode({})).toBe("independent");
    expect(hydraMode({ USE_INDEPENDENT_TRADING: "false" })).toBe("consensus");
    expect(hydraMode({ USE_TURBO_BATCH: "true" })).toBe("turbo");
    expect(() => hydraMode({ USE_INDEPENDENT_TRADING: "maybe" })).toThrow(
      /USE_INDEPENDENT_TRADING must be true or false/,
    );
  });
});
