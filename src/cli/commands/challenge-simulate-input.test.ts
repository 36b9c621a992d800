import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { HydraError } from "../../core/errors.js";
import { planSimulation, type SimulateFlags } from "./challenge-simulate-input.js";

const PARAMETRIC: SimulateFlags = {
  program: "ftmo-2step",
  phase: "all",
  winRate: "0.55",
  payoff: "1",
  riskPct: "1",
  tradesPerDay: "1",
  paths: "1000",
  seed: "7",
};

function usageField(flags: Partial<SimulateFlags>): unknown {
  try {
    planSimulation({ ...PARAMETRIC, ...flags } as SimulateFlags);
  } catch (e) {
    if (e instanceof HydraError && e.code === "CLI_USAGE") return e.details.field;
    throw e;
  }
  throw new Error("no usage error");
}

describe("hydra challenge simulate: flags", () => {
  it("plans the parametric run: both 2-step phases, risk as a fraction, the scan from 0.25 % to 2 %", () => {
    const plan = planSimulation({ ...PARAMETRIC, scanRisk: true, workers: "3", fee: "540" });
    expect(plan.phases.map((p) => p.phase)).toEqual(["challenge", "verification"]);
    expect(plan.spec.sizing).toEqual({
      initial: 100_000,
      scale: 0.01,
      compound: false,
      maxDays: Number.POSITIVE_INFINITY,
    });
    expect(plan.spec.source).toEqual({ kind: "parametric", winRate: 0.55, payoff: 1, tradesPerDay: 1 });
    expect(plan.scan?.map((s) => s.riskPct)).toEqual([0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2]);
    expect(plan.scan?.[0]?.spec.sizing.scale).toBe(0.0025);
    expect(plan.scan?.every((s) => s.spec.seed === 7 && s.spec.paths === 1000)).toBe(true);
    expect(plan).toMatchObject({ workers: 3, fee: 540, mode: "parametric" });
    expect(planSimulation({ ...PARAMETRIC, phase: "verification" }).phases.map((p) => p.phase)).toEqual([
      "verification",
    ]);
  });

  it("refuses bad or conflicting flags, naming the flag", () => {
    expect(usageField({ winRate: "1.5" })).toBe("--win-rate");
    expect(usageField({ payoff: undefined })).toBe("--payoff");
    expect(usageField({ riskPct: "-1" })).toBe("--risk-pct");
    expect(usageField({ paths: "0" })).toBe("--paths");
    expect(usageField({ paths: "1e3.5" })).toBe("--paths");
    expect(usageField({ workers: "two" })).toBe("--workers");
    expect(usageField({ workers: "65" })).toBe("--workers");
    expect(usageField({ maxDays: "2.5" })).toBe("--max-days");
    expect(usageField({ program: "ftmo-3step" })).toBe("--program");
    expect(usageField({ program: "ftmo-1step", phase: "verification" })).toBe("--phase");
    expect(usageField({ trades: "x.csv" })).toBe("--trades");
    expect(usageField({ method: "reshuffle" })).toBe("--method");
    expect(usageField({ block: "3" })).toBe("--block");
  });

  it("plans the bootstrap of a daily file with a block length from the data, returns on --initial", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "hydra-simulate-flags-"));
    const daily = path.join(dir, "daily.csv");
    writeFileSync(daily, "day,pnl\n1,1000\n2,-500\n3,0\n");
    const noParametric = { ...PARAMETRIC, winRate: undefined, payoff: undefined, riskPct: undefined };
    const plan = planSimulation({ ...noParametric, daily, initial: "50000" });
    expect(plan.spec.source).toEqual({ kind: "bootstrap", days: [[0.02], [-0.01], []], blockLength: 1 });
    expect(plan.spec.sizing.initial).toBe(50_000);
    expect(usageField({ ...noParametric, daily, scanRisk: true })).toBe("--scan-risk");
    expect(planSimulation({ ...noParametric, daily, block: "3" }).blockLength).toBe(3);
    const zeros = path.join(dir, "zeros.csv");
    writeFileSync(zeros, "day,pnl\n1,0\n2,0\n");
    expect(() => planSimulation({ ...noParametric, daily: zeros })).toThrow(/every P&L is 0/);
    const reshuffle = planSimulation({ ...noParametric, daily, method: "reshuffle" });
    expect(reshuffle.spec.source).toEqual({ kind: "reshuffle", trades: [0.01, -0.005], daySizes: [1, 1, 0] });
  });

  it("takes a backtest's P&L relative to its balance: another --initial scales it", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "hydra-simulate-flags-"));
    const trades = path.join(dir, "bt.json");
    const bt = { initialBalance: 10_000, trades: [{ netPnl: 100, closeTime: "2024-01-01T10:00:00Z" }] };
    writeFileSync(trades, JSON.stringify(bt));
    const noParametric = { ...PARAMETRIC, winRate: undefined, payoff: undefined, riskPct: undefined };
    expect(planSimulation({ ...noParametric, trades }).spec.sizing.initial).toBe(10_000);
    const scaled = planSimulation({ ...noParametric, trades, initial: "20000" });
    expect(scaled.spec.sizing.initial).toBe(20_000);
    expect(scaled.spec.source).toEqual({ kind: "bootstrap", days: [[0.01]], blockLength: 1 });
  });
});
