import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { Prng } from "../../core/prng.js";
import type { SavedHydraRun } from "../../hydra/orchestrator/hydra-state.js";
import { writeReliability } from "../test-support/reliability-out.js";
import { BUILT, type HydraProcess, spawnHydra } from "../test-support/spawn-hydra.js";

if (!BUILT) console.warn("skipping the hydra run crash campaign: dist/ is not built (make test builds it)");

/** kills per campaign: a CI-sized share in make test; HYDRA_CRASH_KILLS=20 for the issue's campaign */
const KILLS = Number(process.env.HYDRA_CRASH_KILLS ?? 4);
const SEED = Number(process.env.HYDRA_CRASH_SEED ?? 7);
/** the market span both runs trade: enough cycles that the last kill comes before the end */
const CYCLES = 30 + 10 * KILLS;

const dir = mkdtempSync(path.join(tmpdir(), "hydra-run-crash-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `hydra run` as typed: a fixed market (seed and start), a cycle every 5 market minutes at 2400× */
const run = (db: string): HydraProcess =>
  spawnHydra(
    [
      "run",
      "--paper",
      "--seed",
      "3",
      "--start",
      "2024-03-05T20:00:00Z",
      "--speed",
      "2400",
      "--cycle",
      "5m",
      "--assets",
      "BTC-USD",
      "ETH-USD",
      "--cycles",
      String(CYCLES),
      "--json",
      "--db",
      db,
    ],
    { env: { KILL_SWITCH: "" } },
  );

function read<T>(db: string, f: (d: Database.Database) => T): T {
  const d = new Database(db, { readonly: true });
  try {
    return f(d);
  } finally {
    d.close();
  }
}

const savedState = (db: string): SavedHydraRun | null =>
  read(db, (d) => {
    const row = d.prepare("SELECT state FROM hydra_state WHERE id = 1").get() as
      | { state: string }
      | undefined;
    return row === undefined ? null : (JSON.parse(row.state) as SavedHydraRun);
  });

/** what the books are: each desk's cash, equity, open positions (ids aside) and every closed trade */
function books(db: string) {
  const saved = savedState(db)!;
  return {
    cycles: saved.state.cycles,
    marketTime: saved.state.lastMarketMs,
    desks: saved.state.desks.map((d) => ({
      id: d.id,
      balance: d.balance,
      equity: d.equity,
      positions: d.positions.map(({ id: _id, tag: _tag, ...p }) => p),
      days: d.days,
      maxDrawdown: d.maxDrawdown,
    })),
    lessons: saved.state.lessons,
    evolution: saved.state.evolution,
    trades: read(db, (d) =>
      d
        .prepare(
          "SELECT engine, asset, direction, volume, entry_price, exit_price, open_time, timestamp, pnl, exit_reason FROM hydra_trades ORDER BY engine, timestamp, open_time, asset",
        )
        .all(),
    ),
    decisions: read(db, (d) =>
      d
        .prepare(
          "SELECT market_time, engine, decision, outcome FROM hydra_decisions ORDER BY market_time, engine",
        )
        .all(),
    ),
  };
}

/** the line a resumed run starts with, as the saved state says it must read */
function resumedLine(s: SavedHydraRun): string {
  const open = s.state.desks.reduce((n, d) => n + d.positions.length, 0);
  const equity = s.state.desks.map((d) => `${d.id} ${d.equity.toFixed(2)}`).join(", ");
  return `resumed run ${s.runId}: ${s.state.cycles} cycles, ${s.state.lessons.length} lessons, ${open} open position(s), market time ${new Date(s.state.lastMarketMs).toISOString()} (saved ${new Date(s.savedWallMs).toISOString()} wall); equity ${equity}`;
}

describe.skipIf(!BUILT)(`hydra run killed ${KILLS} times at seeded moments (seed ${SEED})`, () => {
  it(`restarts each time on the state saved before the kill, and ends its ${CYCLES} cycles with the books of an uninterrupted run`, async () => {
    // the uninterrupted run, beside the campaign (its wall pace does not change its books)
    const wholeDb = path.join(mkdtempSync(path.join(dir, "whole-")), "hydra.db");
    const whole = run(wholeDb);
    const wholeDone = whole.exited();

    const db = path.join(mkdtempSync(path.join(dir, "crash-")), "hydra.db");
    const log = path.join(path.dirname(db), "logs", "run.log");
    const rng = new Prng(SEED);
    const moments: string[] = [];
    let resumes = 0;
    let forgotten = 0;
    let before: SavedHydraRun | null = null;
    try {
      for (let k = 0; k < KILLS; k++) {
        const p = run(db);
        try {
          await p.waitFor(/^HYDRA independent \(paper, run \d+\)/m, 30_000);
          // the state it resumes is the one saved before the last kill, to the cent
          if (before !== null) {
            await p.waitFor(/^resumed run \d+: .*$/m, 30_000);
            expect(p.output()).toContain(resumedLine(before));
            resumes++;
          }
          if (rng.next() < 0.5) {
            // a seeded wall moment between 0.1 and 1.5 s after the start
            const ms = Math.round(100 + rng.next() * 1400);
            moments.push(`${ms} ms`);
            await new Promise((r) => setTimeout(r, ms));
          } else {
            // just after a cycle that sent orders (printed after its checkpoint), with those orders in
            // flight until their symbol's next tick: the moment a checkpoint could lose them
            const m = await p.waitFor(/cycle (\d+): [1-9]\d* order\(s\)/, 60_000);
            const ms = Math.round(rng.next() * 100);
            moments.push(`cycle ${m[1]} + ${ms} ms`);
            await new Promise((r) => setTimeout(r, ms));
          }
          expect(p.output(), `run ${k + 1} ended before its kill`).not.toMatch(/"cyclesThisRun"/);
        } finally {
          await p.stop("SIGKILL", 5000);
        }
        forgotten += (p.output().match(/removed from the journal/g) ?? []).length;
        // after each kill: the database is sound, every log line whole, no trade booked twice
        expect(
          read(db, (d) => d.pragma("integrity_check", { simple: true })),
          `kill ${k + 1}`,
        ).toBe("ok");
        if (existsSync(log))
          for (const [i, l] of readFileSync(log, "utf8").split("\n").filter(Boolean).entries())
            expect(() => JSON.parse(l), `${log}:${i + 1} after kill ${k + 1}`).not.toThrow();
        const twice = read(db, (d) =>
          d
            .prepare(
              "SELECT engine, asset, open_time, timestamp, COUNT(*) AS n FROM hydra_trades GROUP BY engine, asset, open_time, timestamp HAVING n > 1",
            )
            .all(),
        );
        expect(twice, `kill ${k + 1}`).toEqual([]);
        before = savedState(db) ?? before;
      }
      // the last start runs to the end of the span and stops by itself
      const last = run(db);
      let summary: { cycles: number; resumedFrom: { cycles: number; equity: Record<string, number> } | null };
      try {
        expect(await last.exited(), last.output().slice(-3000)).toBe(0);
        summary = JSON.parse(last.stdout().trim().split("\n").at(-1)!);
      } finally {
        await last.stop("SIGKILL", 5000);
      }
      if (before !== null) expect(last.output()).toContain(resumedLine(before));
      expect(summary.cycles).toBe(CYCLES);
      expect(summary.resumedFrom).not.toBeNull();
      expect(await wholeDone, whole.output().slice(-3000)).toBe(0);
      const want = books(wholeDb);
      const got = books(db);
      const runs = read(
        db,
        (d) => (d.prepare("SELECT COUNT(*) AS n FROM hydra_runs").get() as { n: number }).n,
      );
      console.log(
        `hydra run crash campaign: ${KILLS} kills at ${moments.join(", ")} (after start); ${runs} runs, ${resumes} resumed a checkpoint, ${forgotten} forgot trades journalled past one; ${got.trades.length} trades, ${got.decisions.length} decisions, ${got.desks.reduce((n, d) => n + d.positions.length, 0)} open positions at cycle ${got.cycles} (uninterrupted: ${want.trades.length}, ${want.decisions.length})`,
      );
      // for make reliability's table: trades of the uninterrupted run missing after the kills (lost), and
      // trades beyond its (booked twice)
      const missing = (a: readonly unknown[], b: readonly unknown[]): number => {
        const left = b.map((x) => JSON.stringify(x));
        return a.filter((x) => {
          const i = left.indexOf(JSON.stringify(x));
          if (i >= 0) left.splice(i, 1);
          return i < 0;
        }).length;
      };
      writeReliability("hydra-run-crash-campaign", {
        kills: KILLS,
        survived: resumes,
        ordersLost: missing(want.trades, got.trades),
        ordersDuplicated: missing(got.trades, want.trades),
      });
      // something happened to get wrong, and the kills fell after checkpoints
      expect(want.trades.length).toBeGreaterThan(0);
      expect(want.desks.every((d) => d.days.length >= 2)).toBe(true); // the span crosses a trading day
      expect(resumes).toBeGreaterThan(0);
      // the books of the uninterrupted run: cash to the cent, positions, every trade and decision
      expect(got.cycles).toBe(want.cycles);
      expect(got.marketTime).toBe(want.marketTime);
      expect(got.decisions).toEqual(want.decisions);
      expect(got.trades).toEqual(want.trades);
      expect(got.desks).toEqual(want.desks);
      expect(got.lessons).toEqual(want.lessons);
      expect(got.evolution).toEqual(want.evolution);
    } finally {
      await whole.stop("SIGKILL", 5000);
    }
  }, 300_000);
});

describe.skipIf(!BUILT)("hydra run --start and --cycles: bad input", () => {
  it("is refused with exit 2 and the flag named: --cycles 0, --start with a live feed", async () => {
    const db = path.join(mkdtempSync(path.join(dir, "bad-")), "hydra.db");
    const cases: Array<[string[], RegExp]> = [
      [["--cycles", "0"], /--cycles/],
      [
        ["--start", "2024-03-05T20:00:00Z", "--feed", "coinbase"],
        /--start sets the synthetic market's start/,
      ],
    ];
    for (const [flags, said] of cases) {
      const p = spawnHydra(["run", "--db", db, ...flags]);
      const code = await p.exited();
      expect(code, `${flags.join(" ")}: ${p.output()}`).toBe(2);
      expect(p.output()).toMatch(said);
      expect(p.output()).not.toMatch(/\n\s+at /);
    }
  });
});
