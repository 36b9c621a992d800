import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { BUILT, freePort, type HydraProcess, spawnHydra } from "../test-support/spawn-hydra.js";

if (!BUILT) console.warn("skipping the hydra run end-to-end tests: dist/ is not built (make test builds it)");

let procs: HydraProcess[] = [];
afterEach(async () => {
  for (const p of procs) await p.stop("SIGKILL");
  procs = [];
});

const tmpDb = (): string => path.join(mkdtempSync(path.join(tmpdir(), "hydra-run-e2e-")), "hydra.db");
/** a cycle every market minute at 600× real time: ten cycles a second of wall time */
const RUN = ["run", "--paper", "--speed", "600", "--cycle", "1m"];

function hydra(args: string[], env: Record<string, string> = {}): HydraProcess {
  const p = spawnHydra(args, { env: { KILL_SWITCH: "false", ...env } });
  procs.push(p);
  return p;
}

function query<T>(db: string, sql: string, ...params: unknown[]): T[] {
  const d = new Database(db, { readonly: true });
  try {
    return d.prepare(sql).all(...params) as T[];
  } finally {
    d.close();
  }
}

const SENT = "outcome IN ('sent', 'vote:sent')";

describe.skipIf(!BUILT)("hydra run (as typed, without --duration, stopped with Ctrl-C)", () => {
  it("KILL_SWITCH=true hydra run --paper --speed 600 sends no order", async () => {
    const db = tmpDb();
    const run = hydra([...RUN, "--db", db], { KILL_SWITCH: "true" });
    await run.waitFor(/cycle 60:/, 60_000);
    expect(await run.stop("SIGINT")).toBe(0);
    const out = run.output();
    expect(out.match(/trading halted/g)).toHaveLength(1);
    expect(out.match(/denied TRADING_HALTED/g)).toHaveLength(1);
    expect(out).toMatch(/denials this run: TRADING_HALTED ×\d+/);
    expect(query(db, `SELECT * FROM hydra_decisions WHERE ${SENT}`)).toEqual([]);
    expect(query(db, "SELECT * FROM hydra_trades")).toEqual([]);
    const halted = query<{ n: number }>(
      db,
      "SELECT COUNT(*) AS n FROM hydra_decisions WHERE outcome = 'denied:TRADING_HALTED'",
    );
    expect(halted[0]!.n).toBeGreaterThan(0);
  });

  it("hydra kill-switch on during a run: no order after it, the log says so once", async () => {
    const db = tmpDb();
    const run = hydra([...RUN, "--db", db]);
    // trading first: some cycle sends orders
    await run.waitFor(/cycle \d+: [1-9]\d* order\(s\)/, 60_000);
    // the run is listed among the processes that honour the switch
    const status = hydra(["kill-switch", "status", "--db", db, "--json"]);
    expect(await status.exited()).toBe(0);
    const listed = JSON.parse(status.stdout()) as {
      processes: Array<{ pid: number; name: string; alive: boolean }>;
    };
    expect(listed.processes).toContainEqual(
      expect.objectContaining({ pid: run.proc.pid, name: "hydra run", alive: true }),
    );
    const on = hydra(["kill-switch", "on", "--db", db, "--reason", "e2e test"]);
    expect(await on.exited()).toBe(0);
    const switchedWall = new Date().toISOString();
    await run.waitFor(/trading halted/, 5_000);
    // a few seconds more of cycles under the switch
    const cycle = Math.max(...[...run.output().matchAll(/cycle (\d+):/g)].map((m) => Number(m[1])));
    await run.waitFor(new RegExp(`cycle ${cycle + 30}:`), 30_000);
    expect(await run.stop("SIGINT")).toBe(0);
    expect(run.output().match(/trading halted/g)).toHaveLength(1);
    // without --json: the table and one closing line, no JSON
    expect(run.stdout()).toMatch(/tournament:\n#\s+engine/);
    expect(run.stdout()).toMatch(
      /stopped after \d+ cycle\(s\) \(\d+ in all\); state saved in .*hydra\.db \(run 1\)\n$/,
    );
    expect(run.stdout()).not.toMatch(/^\{/m);
    // within a second of the switch nothing new goes out (polls every 500 ms of wall time)
    const late = new Date(Date.parse(switchedWall) + 1000).toISOString();
    expect(query(db, `SELECT * FROM hydra_decisions WHERE ${SENT} AND recorded_wall > ?`, late)).toEqual([]);
    const after = query<{ outcome: string }>(
      db,
      "SELECT DISTINCT outcome FROM hydra_decisions WHERE recorded_wall > ? AND outcome LIKE 'denied:%'",
      late,
    );
    expect(after.map((a) => a.outcome)).toEqual(["denied:TRADING_HALTED"]);
    expect(
      query(db, `SELECT * FROM hydra_decisions WHERE ${SENT} AND recorded_wall < ?`, switchedWall).length,
    ).toBeGreaterThan(0);
  });

  it("two consecutive runs on one database: the second resumes the first's equity, cycles and lessons", async () => {
    const db = tmpDb();
    // a day of market in about 15 s: enough closed trades for lessons
    const FAST = ["run", "--paper", "--speed", "6000", "--cycle", "10m", "--db", db, "--json"];
    const first = hydra(FAST);
    await first.waitFor(/cycle 144:/, 60_000);
    expect(await first.stop("SIGINT")).toBe(0);
    const a = JSON.parse(first.stdout()) as {
      runId: number;
      cycles: number;
      equity: Record<string, number>;
      lessons: number;
      openPositions: number;
      marketTime: string;
      resumedFrom: null;
    };
    expect(a.resumedFrom).toBeNull();
    expect(a.lessons).toBeGreaterThan(0);
    const second = hydra(FAST);
    await second.waitFor(
      new RegExp(`resumed run ${a.runId}: ${a.cycles} cycles, ${a.lessons} lessons`),
      30_000,
    );
    await second.waitFor(new RegExp(`cycle ${a.cycles + 5}:`), 30_000);
    expect(await second.stop("SIGINT")).toBe(0);
    const b = JSON.parse(second.stdout()) as { runId: number; cycles: number; resumedFrom: unknown };
    expect(b.resumedFrom).toEqual({
      runId: a.runId,
      cycles: a.cycles,
      equity: a.equity,
      openPositions: a.openPositions,
      lessons: a.lessons,
      marketTime: a.marketTime,
      wallTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(b.runId).toBe(a.runId + 1);
    expect(b.cycles).toBeGreaterThan(a.cycles);
    // both runs' trades side by side, no id collides
    const ids = query<{ n: number; ids: number }>(
      db,
      "SELECT COUNT(*) AS n, COUNT(DISTINCT trade_id) AS ids FROM hydra_trades",
    );
    expect(ids[0]!.ids).toBe(ids[0]!.n);
  });

  it("KILL_SWITCH=true hydra demo: the HYDRA half sends no order either", async () => {
    const db = tmpDb();
    const port = await freePort();
    const demo = hydra(
      ["demo", "--speed", "600", "--metrics-port", String(port), "--api-port", "0", "--db", db],
      {
        KILL_SWITCH: "true",
      },
    );
    await demo.waitFor(/\[hydra\] .*cycle 20:/, 60_000);
    expect(await demo.stop("SIGINT")).toBe(0);
    expect(demo.output()).toMatch(/\[hydra\] .*trading halted/);
    expect(query(db, `SELECT * FROM hydra_decisions WHERE ${SENT}`)).toEqual([]);
    expect(query(db, "SELECT * FROM hydra_trades")).toEqual([]);
  });

  it("killed with SIGKILL, a run resumes from its last checkpoint (written after every cycle)", async () => {
    const db = tmpDb();
    const first = hydra([...RUN, "--db", db]);
    await first.waitFor(/cycle 50:/, 60_000);
    first.proc.kill("SIGKILL");
    await first.exited();
    const logged = Math.max(...[...first.output().matchAll(/cycle (\d+):/g)].map((m) => Number(m[1])));
    const second = hydra([...RUN, "--db", db, "--json"]);
    const [, cycles] = (await second.waitFor(/resumed run 1: (\d+) cycles/, 30_000)) as unknown as [
      string,
      string,
    ];
    // every cycle the first run logged was saved before its line was printed
    expect(Number(cycles)).toBeGreaterThanOrEqual(logged);
    expect(await second.stop("SIGINT")).toBe(0);
    expect((JSON.parse(second.stdout()) as { resumedFrom: { cycles: number } }).resumedFrom.cycles).toBe(
      Number(cycles),
    );
  });
});
