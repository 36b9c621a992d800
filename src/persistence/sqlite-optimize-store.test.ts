import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { SqliteOptimizeStore } from "./sqlite-optimize-store.js";

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});
const dbFile = (): string => {
  const d = mkdtempSync(path.join(tmpdir(), "hydra-opt-"));
  dirs.push(d);
  return path.join(d, "hydra.db");
};

describe("the optimisation store (a real SQLite file)", () => {
  it("keeps finished backtests across reopening, one row per trial and segment", () => {
    const file = dbFile();
    const a = new SqliteOptimizeStore(file);
    a.startRun("r1", '{"x":1}', 6);
    const row = {
      trial: 0,
      segment: "full",
      params: '{"p":1}',
      trades: 3,
      netProfit: 12.5,
      days: ["2024-01-02"],
      returns: [0.0125],
    };
    a.saveUnit("r1", row);
    a.saveUnit("r1", row);
    a.close();
    const b = new SqliteOptimizeStore(file);
    b.startRun("r1", '{"x":1}', 6);
    expect(b.units("r1")).toEqual([row]);
    expect(b.units("r2")).toEqual([]);
    expect(() => b.startRun("r1", '{"x":2}', 6)).toThrow(/another configuration/);
    b.close();
  });
});
