import { describe, expect, it } from "vitest";
import { isHydraError } from "../core/errors.js";
import { type NodeStoreBackend, nodeStoreConnections } from "../core/test-support/contract-connections.js";
import type { HydraState, SavedHydraRun } from "../hydra/orchestrator/hydra-state.js";
import type { HydraStateStoreHandle } from "./hydra-journal-store.js";
import type { RowReader } from "./sqlite-tournament-log.js";

export interface HydraStateBackend extends NodeStoreBackend<HydraStateStoreHandle> {
  /** node `nodeId`'s rows under the SQLite table names, as the operator queries read them */
  reader(nodeId: string): RowReader;
}

const WALL = Date.UTC(2024, 0, 10, 12);

/** a saved run with every kind of field: desks with positions and days, evolution, lessons, costs */
function savedRun(runId: number, cycles: number, over: Partial<HydraState> = {}): SavedHydraRun {
  return {
    runId,
    savedWallMs: WALL + cycles * 1_000,
    market: {
      seed: 7,
      originMs: Date.UTC(2024, 0, 1),
      assets: ["BTC-USD", "ETH-USD"],
      feed: "synthetic",
      nextCycleMs: Date.UTC(2024, 0, 2, 3, 15),
    },
    engines: ["alpha", "beta"],
    state: {
      version: 1,
      mode: "independent",
      cycles,
      lastMarketMs: Date.UTC(2024, 0, 2, 3) + cycles,
      desks: [
        {
          id: "alpha",
          initialCash: 25_000,
          balance: 25_012.34,
          equity: 25_020.123456789,
          positions: [
            {
              id: "P1",
              source: "alpha",
              symbol: "BTC-USD",
              side: "buy",
              volume: 0.013,
              openPrice: 43_210.5,
              openTime: Date.UTC(2024, 0, 2),
              sl: 42_000.25,
              tp: 45_000,
              commission: 0.07,
              tag: "t",
            },
          ],
          days: [
            {
              day: "2024-01-01",
              startTime: Date.UTC(2024, 0, 1),
              startBalance: 25_000,
              startEquity: 25_000,
              endBalance: 25_012.34,
              endEquity: 25_015,
              minEquity: 24_990.5,
              maxEquity: 25_030,
              realizedPnl: 12.34,
              opened: 3,
              closed: 2,
            },
          ] as HydraState["desks"][number]["days"],
          maxDrawdown: 9.5,
          maxDrawdownPct: 0.038,
          highWaterMark: 25_030,
        },
      ],
      evolution: {
        live: [],
        dead: [],
        lastRun: { elimination: 1, kill: 2, breeding: 3, weights: 4 },
        weights: [
          ["alpha", 0.6],
          ["beta", 0.4],
        ],
      },
      lessons: [
        { engineId: "alpha", text: "stops too tight in high volatility", version: "0123456789ab", sample: 5 },
        { engineId: "beta", text: "shorts lose in uptrends", version: "ba9876543210", sample: 3 },
      ],
      costs: [
        ["alpha", 0.0123],
        ["beta", 0],
      ],
      ...over,
    },
  };
}

function errorOf(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}

/** The behaviour every HydraStateStore must have (SQLite, PostgreSQL); each backend's test file calls it. */
export function hydraStateContract(name: string, makeBackend: () => HydraStateBackend): void {
  describe(`HydraStateStore contract: ${name}`, () => {
    const { connect, backend } = nodeStoreConnections(makeBackend);
    const reader = (nodeId: string): RowReader => backend().reader(nodeId);

    it("holds no run at first; each run begun gets the next id", () => {
      const s = connect("node-a");
      expect(s.load()).toBeNull();
      expect(s.beginRun(WALL)).toBe(1);
      expect(s.beginRun(WALL + 1_000)).toBe(2);
      expect(s.load()).toBeNull();
      expect(
        reader("node-a")
          .prepare("SELECT run_id, started_wall, saved_wall FROM hydra_runs ORDER BY run_id")
          .all(),
      ).toEqual([
        { run_id: 1, started_wall: "2024-01-10T12:00:00.000Z", saved_wall: null },
        { run_id: 2, started_wall: "2024-01-10T12:00:01.000Z", saved_wall: null },
      ]);
    });

    it("gives back the last saved run exactly, with its checkpoint and lessons readable with SQL", () => {
      const s = connect("node-a");
      const runId = s.beginRun(WALL);
      s.save(savedRun(runId, 10));
      const last = savedRun(runId, 12, {
        lessons: [{ engineId: "beta", text: "shorts lose in uptrends", version: "ba9876543210", sample: 4 }],
      });
      s.save(last);
      expect(s.load()).toEqual(last);
      const r = reader("node-a");
      expect(r.prepare("SELECT run_id, saved_wall, last_market_time, cycles FROM hydra_state").all()).toEqual(
        [
          {
            run_id: 1,
            saved_wall: "2024-01-10T12:00:12.000Z",
            last_market_time: "2024-01-02T03:00:00.012Z",
            cycles: 12,
          },
        ],
      );
      expect(r.prepare("SELECT run_id, saved_wall FROM hydra_runs").all()).toEqual([
        { run_id: 1, saved_wall: "2024-01-10T12:00:12.000Z" },
      ]);
      expect(
        r
          .prepare(
            "SELECT engine, version, text, sample, position, run_id, saved_wall FROM hydra_lessons ORDER BY position",
          )
          .all(),
      ).toEqual([
        {
          engine: "beta",
          version: "ba9876543210",
          text: "shorts lose in uptrends",
          sample: 4,
          position: 0,
          run_id: 1,
          saved_wall: "2024-01-10T12:00:12.000Z",
        },
      ]);
    });

    it("reopened (a restarted node), it loads the last saved run and numbers the next run after every earlier one", () => {
      const a = connect("node-a");
      a.beginRun(WALL);
      const second = a.beginRun(WALL + 1);
      a.save(savedRun(second, 5));
      a.close();
      const b = connect("node-a");
      expect(b.load()).toEqual(savedRun(second, 5));
      expect(b.beginRun(WALL + 2)).toBe(3);
    });

    it("keeps two nodes' states and run ids apart", () => {
      const a = connect("node-a");
      const b = connect("node-b");
      expect(a.beginRun(WALL)).toBe(1);
      expect(a.beginRun(WALL)).toBe(2);
      expect(b.beginRun(WALL)).toBe(1);
      a.save(savedRun(2, 20));
      expect(b.load()).toBeNull();
      b.save(savedRun(1, 3, { mode: "consensus", lessons: [] }));
      expect(a.load()).toEqual(savedRun(2, 20));
      expect(b.load()).toEqual(savedRun(1, 3, { mode: "consensus", lessons: [] }));
      expect(reader("node-a").prepare("SELECT COUNT(*) AS n FROM hydra_lessons").all()).toEqual([{ n: 2 }]);
      expect(reader("node-b").prepare("SELECT COUNT(*) AS n FROM hydra_lessons").all()).toEqual([{ n: 0 }]);
    });

    it("refuses a saved state of another version (STORAGE, saying which it reads)", () => {
      const s = connect("node-a");
      s.save(savedRun(1, 1, { version: 2 as unknown as 1 }));
      const err = errorOf(() => s.load());
      expect(isHydraError(err) && err.code).toBe("STORAGE");
      expect((err as Error).message).toMatch(/has version 2; this HYDRA reads version 1/);
    });

    it("once closed, every call fails as STORAGE", () => {
      const s = connect("node-a");
      s.close();
      const calls = [() => s.load(), () => s.beginRun(WALL), () => s.save(savedRun(1, 1))];
      expect(
        calls.map((f) => {
          const e = errorOf(f);
          return isHydraError(e) ? e.code : e;
        }),
      ).toEqual(["STORAGE", "STORAGE", "STORAGE"]);
    });
  });
}
