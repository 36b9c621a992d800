import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { captureIo } from "../io.js";
import { registerChallenge } from "./challenge.js";

/** The CLI command lives in src/cli; its test sits here with the rules it drives. */
function history(lines: object[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), "hydra-challenge-"));
  const file = path.join(dir, "h.jsonl");
  writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join("\n")}\n`);
  return file;
}

async function check(args: string[]) {
  const io = captureIo();
  const program = new Command().exitOverride();
  registerChallenge(program, io);
  await program.parseAsync(["challenge", "check", ...args], { from: "user" });
  return io;
}

// Day 1 closes +4000 and holds a -5500 floating loss over Prague midnight (23:00Z in March).
const RESET_BREACH = [
  { t: "2024-03-11T09:00:00Z", balance: 104_000, equity: 104_000, opened: 1 },
  { t: "2024-03-11T20:00:00Z", balance: 104_000, equity: 98_500, opened: 1 },
  { t: "2024-03-11T22:59:00Z", balance: 104_000, equity: 98_500 },
  { t: "2024-03-11T23:00:00Z", balance: 104_000, equity: 98_500 },
  { t: "2024-03-12T09:00:00Z", balance: 104_000, equity: 104_000 },
];

describe("hydra challenge check", () => {
  it("--json prints the verdict, the failure time and the per-day records", async () => {
    const file = history(RESET_BREACH);
    const io = await check(["--program", "ftmo-2step", "--initial", "100000", "--input", file, "--json"]);
    const out = JSON.parse(io.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({
      status: "failed",
      rule: "max-daily-loss",
      time: "2024-03-11T23:00:00.000Z",
      floor: 99_000,
      tradingDays: 1,
    });
    expect(out.days).toEqual([
      {
        day: "2024-03-11",
        start: "2024-03-10T23:00:00.000Z",
        startBalance: 100_000,
        dailyFloor: 95_000,
        maxLossFloor: 90_000,
        lowestEquity: 98_500,
        tradingDay: true,
        endBalance: 104_000,
      },
      {
        day: "2024-03-12",
        start: "2024-03-11T23:00:00.000Z",
        startBalance: 104_000,
        dailyFloor: 99_000,
        maxLossFloor: 90_000,
        lowestEquity: 98_500,
        tradingDay: false,
        endBalance: 104_000,
      },
    ]);
  });

  it("prints a readable table by default", async () => {
    const file = history(RESET_BREACH);
    const io = await check([
      "--program",
      "ftmo-2step",
      "--phase",
      "challenge",
      "--initial",
      "100000",
      "--input",
      file,
    ]);
    expect(io.stdout).toContain("2024-03-12");
    expect(io.stdout).toContain("99000.00");
    expect(io.stdout).toMatch(/verdict: FAILED at 2024-03-11T23:00:00.000Z \(max-daily-loss/);
  });

  it("reports an active challenge with null rule and time", async () => {
    const file = history([{ t: "2024-03-11T09:00:00Z", balance: 100_500, equity: 100_400, opened: 1 }]);
    const io = await check(["--program", "ftmo-1step", "--initial", "100000", "--input", file, "--json"]);
    expect(JSON.parse(io.stdout)).toMatchObject({ status: "active", rule: null, time: null, tradingDays: 1 });
  });

  it("rejects an unknown program, a missing phase and a bad initial balance", async () => {
    const file = history(RESET_BREACH);
    const base = ["--initial", "100000", "--input", file];
    await expect(check(["--program", "ftmo-9", ...base])).rejects.toMatchObject({ code: "CLI_USAGE" });
    await expect(
      check(["--program", "ftmo-1step", "--phase", "verification", ...base]),
    ).rejects.toMatchObject({
      code: "CONFIG_INVALID",
    });
    await expect(
      check(["--program", "ftmo-2step", "--initial", "-5", "--input", file]),
    ).rejects.toMatchObject({ code: "CLI_USAGE" });
  });

  it("a missing required option is a commander error (exitOverride is inherited), not a process exit", async () => {
    await expect(check(["--program", "ftmo-2step", "--initial", "100000"])).rejects.toMatchObject({
      code: "commander.missingMandatoryOptionValue",
    });
  });
});
