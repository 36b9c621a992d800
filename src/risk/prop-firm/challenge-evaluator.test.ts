import { describe, expect, it } from "vitest";
import { type AccountSnapshot, ChallengeEvaluator } from "./challenge-evaluator.js";
import { propFirmProgram } from "./program.js";

/** Prague wall time in March 2024 before the 31st (CET = UTC+1). */
const cet = (local: string): number => Date.parse(`${local}+01:00`);
const snap = (local: string, balance: number, equity: number, opened = 0): AccountSnapshot => ({
  t: cet(local),
  balance,
  equity,
  opened,
});

function run(ev: ChallengeEvaluator, snaps: AccountSnapshot[]) {
  for (const s of snaps) ev.push(s);
  return ev.verdict;
}

const twoStep = () => new ChallengeEvaluator(propFirmProgram("ftmo-2step", "challenge"), 100_000);
const oneStep = () => new ChallengeEvaluator(propFirmProgram("ftmo-1step"), 100_000);

describe("ChallengeEvaluator: max daily loss (FTMO, on equity, floor from the day's start balance)", () => {
  it("fails on a floating loss that takes equity below the daily floor", () => {
    const ev = twoStep();
    expect(ev.push(snap("2024-03-11T10:00:00", 100_000, 96_000, 1)).status).toBe("active");
    expect(ev.push(snap("2024-03-11T11:00:00", 100_000, 95_000)).status).toBe("active"); // at the floor: ok
    const v = ev.push(snap("2024-03-11T11:30:00", 100_000, 94_999.99));
    expect(v).toEqual({
      status: "failed",
      rule: "max-daily-loss",
      time: cet("2024-03-11T11:30:00"),
      equity: 94_999.99,
      floor: 95_000,
    });
  });

  it("closed profit during the day gives more room above the fixed floor", () => {
    const ev = twoStep();
    const v = run(ev, [
      snap("2024-03-11T09:00:00", 104_000, 104_000, 1), // +4000 closed
      snap("2024-03-11T12:00:00", 104_000, 95_500, 1), // floating -8500: more than 5% of initial, still ok
    ]);
    expect(v.status).toBe("active");
    expect(ev.days[0]!.dailyFloor).toBe(95_000);
    expect(ev.push(snap("2024-03-11T13:00:00", 104_000, 94_999)).rule).toBe("max-daily-loss");
  });

  it("a floating loss within the limit at 23:59 breaches at the Prague midnight reset after a profitable day", () => {
    const ev = twoStep();
    const before = run(ev, [
      snap("2024-03-11T10:00:00", 104_000, 104_000, 1), // closed +4000
      snap("2024-03-11T20:00:00", 104_000, 98_500, 1), // floating -5500
      snap("2024-03-11T23:59:00", 104_000, 98_500), // floor 95000: ok
    ]);
    expect(before.status).toBe("active");
    const v = ev.push(snap("2024-03-12T00:00:00", 104_000, 98_500));
    expect(v).toMatchObject({ status: "failed", rule: "max-daily-loss", floor: 99_000, equity: 98_500 });
    expect(v.time).toBe(Date.parse("2024-03-11T23:00:00Z"));
    expect(ev.days.map((d) => [d.dayKey, d.startBalance, d.dailyFloor])).toEqual([
      ["2024-03-11", 100_000, 95_000],
      ["2024-03-12", 104_000, 99_000],
    ]);
  });

  it("a closed loss lowers the next day's floor (balance, not equity, sets it)", () => {
    const ev = twoStep();
    run(ev, [
      snap("2024-03-11T10:00:00", 97_000, 95_100, 1), // closed -3000, floating -1900
      snap("2024-03-12T01:00:00", 97_000, 93_000), // new floor 92000
    ]);
    expect(ev.verdict.status).toBe("active");
    expect(ev.days[1]).toMatchObject({ startBalance: 97_000, dailyFloor: 92_000, lowestEquity: 93_000 });
  });
});

describe("ChallengeEvaluator: max loss", () => {
  it("2-step: static at 90% of the initial balance, never moved by profits", () => {
    const ev = twoStep();
    run(ev, [
      snap("2024-03-11T10:00:00", 96_000, 96_000, 1),
      snap("2024-03-12T10:00:00", 92_000, 92_000, 1),
      snap("2024-03-13T10:00:00", 92_000, 90_000),
    ]);
    expect(ev.verdict.status).toBe("active");
    const v = ev.push(snap("2024-03-13T11:00:00", 92_000, 89_999.99));
    expect(v).toMatchObject({ status: "failed", rule: "max-loss", floor: 90_000 });
    expect(ev.days.map((d) => d.maxLossFloor)).toEqual([90_000, 90_000, 90_000]);
  });

  it("1-step: trails the highest end-of-day balance, never falls, ignores intraday highs", () => {
    const ev = oneStep();
    run(ev, [
      snap("2024-03-11T10:00:00", 106_000, 106_000, 1), // intraday high balance
      snap("2024-03-11T20:00:00", 104_000, 104_000, 1), // end of day 1: 104000 (FTMO's example)
      snap("2024-03-12T20:00:00", 103_000, 103_000, 1), // end of day 2: 103000
      snap("2024-03-13T20:00:00", 100_100, 100_100, 1), // day 3 floor still 94000
      snap("2024-03-14T20:00:00", 97_200, 97_200, 1),
      snap("2024-03-15T20:00:00", 94_300, 94_300, 1),
      snap("2024-03-16T10:00:00", 94_300, 94_000),
    ]);
    expect(ev.days.map((d) => d.maxLossFloor)).toEqual([90_000, 94_000, 94_000, 94_000, 94_000, 94_000]);
    expect(ev.days.map((d) => d.dailyFloor)).toEqual([97_000, 101_000, 100_000, 97_100, 94_200, 91_300]);
    expect(ev.verdict.status).toBe("active");
    const v = ev.push(snap("2024-03-16T11:00:00", 94_300, 93_999));
    expect(v).toMatchObject({ status: "failed", rule: "max-loss", floor: 94_000, equity: 93_999 });
  });
});

describe("ChallengeEvaluator: passing", () => {
  it("2-step needs 4 trading days (a position opened in the Prague day) and balance and equity at target", () => {
    const ev = twoStep();
    run(ev, [
      snap("2024-03-11T10:00:00", 110_000, 110_000, 1),
      snap("2024-03-12T10:00:00", 110_000, 110_000, 0), // no position opened: not a trading day
      snap("2024-03-13T10:00:00", 110_000, 110_000, 2),
      snap("2024-03-14T10:00:00", 110_000, 110_000, 1),
    ]);
    expect(ev.verdict.status).toBe("active");
    expect(ev.tradingDays).toBe(3);
    ev.push(snap("2024-03-15T10:00:00", 110_000, 109_000, 1)); // 4th day, equity below target
    expect(ev.verdict.status).toBe("active");
    const v = ev.push(snap("2024-03-15T11:00:00", 110_000, 110_000));
    expect(v).toEqual({
      status: "passed",
      rule: null,
      time: cet("2024-03-15T11:00:00"),
      equity: null,
      floor: null,
    });
    // final: later snapshots do not change it
    expect(ev.push(snap("2024-03-15T12:00:00", 80_000, 80_000)).status).toBe("passed");
  });

  it("verification phase targets 5%", () => {
    const ev = new ChallengeEvaluator(propFirmProgram("ftmo-2step", "verification"), 100_000);
    const days = ["11", "12", "13", "14"].map((d) => snap(`2024-03-${d}T10:00:00`, 105_000, 105_000, 1));
    expect(run(ev, days).status).toBe("passed");
  });

  it("1-step best-day rule blocks a pass (without failing) until the best day is <= 50% of the profit", () => {
    const ev = oneStep();
    run(ev, [
      snap("2024-03-11T10:00:00", 107_000, 107_000, 1), // best day +7000
      snap("2024-03-12T10:00:00", 110_500, 110_500, 1), // total 10500 >= target, 7000 > 5250
    ]);
    expect(ev.verdict.status).toBe("active");
    expect(ev.bestDayProfit).toBe(7_000);
    const v = ev.push(snap("2024-03-13T10:00:00", 114_000, 114_000, 1)); // total 14000: 7000 <= 7000
    expect(v.status).toBe("passed");
  });

  it("a failure is final", () => {
    const ev = twoStep();
    ev.push(snap("2024-03-11T10:00:00", 100_000, 94_000, 1));
    expect(ev.push(snap("2024-03-12T10:00:00", 111_000, 111_000, 1)).status).toBe("failed");
    expect(ev.days).toHaveLength(1);
  });

  it("rejects snapshots that go back in time", () => {
    const ev = twoStep();
    ev.push(snap("2024-03-11T10:00:00", 100_000, 100_000));
    expect(() => ev.push(snap("2024-03-11T09:00:00", 100_000, 100_000))).toThrow(
      expect.objectContaining({ code: "DATA_ORDER" }),
    );
  });
});

describe("ChallengeEvaluator: day boundary is Prague midnight", () => {
  it("in the US/Europe DST mismatch (2024-03-11..29) the reset is at 23:00Z, not 22:00Z or 04:00Z", () => {
    const ev = twoStep();
    const z = (iso: string, balance: number, equity: number, opened = 0) => ({
      t: Date.parse(iso),
      balance,
      equity,
      opened,
    });
    run(ev, [
      z("2024-03-19T09:00:00Z", 104_000, 104_000, 1),
      z("2024-03-19T21:00:00Z", 104_000, 98_500, 1),
      z("2024-03-19T22:00:00Z", 104_000, 98_500), // would be midnight in CEST: still 2024-03-19 in Prague
      z("2024-03-19T22:59:59Z", 104_000, 98_500),
    ]);
    expect(ev.verdict.status).toBe("active");
    expect(ev.days.map((d) => d.dayKey)).toEqual(["2024-03-19"]);
    const v = ev.push(z("2024-03-19T23:00:00Z", 104_000, 98_500));
    expect(v).toMatchObject({
      status: "failed",
      rule: "max-daily-loss",
      time: Date.parse("2024-03-19T23:00:00Z"),
    });
    expect(ev.days[1]).toMatchObject({ dayKey: "2024-03-20", startMs: Date.parse("2024-03-19T23:00:00Z") });
  });

  it("after Prague's own change (2024-03-31) midnight is 22:00Z", () => {
    const ev = twoStep();
    ev.push({ t: Date.parse("2024-04-01T21:59:00Z"), balance: 100_000, equity: 100_000 });
    ev.push({ t: Date.parse("2024-04-01T22:00:00Z"), balance: 100_000, equity: 100_000 });
    expect(ev.days.map((d) => d.dayKey)).toEqual(["2024-04-01", "2024-04-02"]);
  });
});

describe("ChallengeEvaluator: restored from a checkpoint", () => {
  it("keeps the initial balance, today's floor and the trading days, not the balance at the restart", () => {
    const ev = twoStep();
    run(ev, [
      snap("2024-03-11T10:00:00", 100_000, 100_000, 1),
      snap("2024-03-11T20:00:00", 103_000, 103_000),
      snap("2024-03-12T10:00:00", 103_000, 103_000, 1),
      snap("2024-03-12T12:00:00", 101_000, 101_000),
    ]);
    const saved = JSON.parse(JSON.stringify(ev.snapshot()));
    const back = ChallengeEvaluator.restore(propFirmProgram("ftmo-2step", "challenge"), saved);
    expect(back.floors).toEqual(ev.floors);
    expect(back.floors.daily).toBe(98_000); // 103,000 − 5% of the initial 100,000 (not of 101,000)
    expect(back.tradingDays).toBe(2);
    // the same day: the floor does not move; below it fails as it would have
    expect(back.push(snap("2024-03-12T13:00:00", 101_000, 98_000)).status).toBe("active");
    expect(back.push(snap("2024-03-12T13:30:00", 101_000, 97_999.99)).rule).toBe("max-daily-loss");
  });

  it("a failed challenge stays failed", () => {
    const ev = twoStep();
    run(ev, [snap("2024-03-11T10:00:00", 100_000, 94_000, 1)]);
    const back = ChallengeEvaluator.restore(propFirmProgram("ftmo-2step", "challenge"), ev.snapshot());
    expect(back.verdict.status).toBe("failed");
    expect(back.push(snap("2024-03-14T10:00:00", 200_000, 200_000, 1)).status).toBe("failed");
  });

  it("refuses a checkpoint of another program", () => {
    const ev = twoStep();
    expect(() => ChallengeEvaluator.restore(propFirmProgram("ftmo-1step"), ev.snapshot())).toThrow(
      /ftmo-2step challenge, not ftmo-1step/,
    );
  });
});
