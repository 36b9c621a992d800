import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { countOutcome, endsAs, writeReliability } from "./test-support/reliability-out.js";

const SCRIPT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../scripts/reliability-table.mjs",
);

let dir: string;
let before: string | undefined;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "hydra-reliability-"));
  before = process.env.HYDRA_RELIABILITY_OUT;
  process.env.HYDRA_RELIABILITY_OUT = dir;
});
afterEach(() => {
  if (before === undefined) delete process.env.HYDRA_RELIABILITY_OUT;
  else process.env.HYDRA_RELIABILITY_OUT = before;
  rmSync(dir, { recursive: true, force: true });
});

const table = (): string[] =>
  execFileSync(process.execPath, [SCRIPT, dir], { encoding: "utf8" }).trim().split("\n");
const row = (lines: string[], suite: string): string => lines.find((l) => l.startsWith(`| ${suite}`)) ?? "";

describe("make reliability's table (scripts/reliability-table.mjs)", () => {
  it("counts each suite's cases by how they ended, and sums orders lost and duplicated over the order suites", async () => {
    countOutcome("bad-input-flags", "exit 2 naming the field");
    countOutcome("bad-input-flags", "exit 2 naming the field");
    await expect(
      endsAs("bad-input-flags", "exit 2 naming the field", async () => {
        throw new Error("exit 0");
      }),
    ).rejects.toThrow("exit 0");
    await endsAs("bad-input-api", "4xx naming the field, kept serving", async () => {});
    writeReliability("crash-campaign", { kills: 20, survived: 20, ordersLost: 1, ordersDuplicated: 0 });
    writeReliability("hydra-run-crash-campaign", {
      kills: 20,
      survived: 19,
      ordersLost: 0,
      ordersDuplicated: 0,
    });
    writeReliability("bridge-faults", {
      schedules: 150,
      faultsInjected: { drop: 40, delay: 30 },
      ordersSent: 900,
      duplicates: 2,
      lost: 0,
    });
    writeReliability("secrets", { planted: 12, places: 80, leaks: 0 });
    const lines = table();
    expect(lines[0]).toBe("| suite | tried | how it ended |");
    expect(row(lines, "bad input: command-line flags")).toBe(
      "| bad input: command-line flags | 3 cases | 2 exit 2 naming the field, 1 failed |",
    );
    expect(row(lines, "bad input: requests")).toContain("| 1 cases | 1 4xx naming the field, kept serving |");
    expect(row(lines, "bad input: the environment")).toContain("| not run |");
    expect(row(lines, "crash campaign (seeded kills of hydra ftmo")).toContain(
      "| 20 kills | 20 restarts matched their checkpoint; orders lost 1, duplicated 0 |",
    );
    expect(row(lines, "crash campaign (seeded kills of hydra run)")).toContain(
      "| 20 kills | 19 restarts resumed a checkpoint; orders lost 0, duplicated 0 |",
    );
    expect(row(lines, "bridge fault schedules")).toContain(
      "| 150 schedules | 70 faults injected (40 drop, 30 delay); 900 orders sent, lost 0, duplicated 2 |",
    );
    expect(row(lines, "storage faults")).toContain("| not run |");
    expect(row(lines, "secrets")).toContain("| 12 planted values in 80 places | 0 leaks |");
    expect(row(lines, "orders lost and duplicated")).toContain(
      "| 3 of 3 order suites | lost 1, duplicated 2 |",
    );
  });

  it("says not run for every suite when nothing was written, and writes nothing without HYDRA_RELIABILITY_OUT", () => {
    delete process.env.HYDRA_RELIABILITY_OUT;
    writeReliability("secrets", { planted: 1, places: 1, leaks: 0 });
    const lines = table();
    expect(lines.slice(2).every((l) => l.includes("| not run |"))).toBe(true);
    expect(lines).toHaveLength(2 + 6 + 6);
  });
});
