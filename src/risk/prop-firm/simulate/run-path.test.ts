import { describe, expect, it } from "vitest";
import { Prng } from "../../../core/prng.js";
import { roundCents } from "../../../core/rounding.js";
import { DAY_MS, DayBoundary } from "../../../core/time.js";
import { ChallengeEvaluator } from "../challenge-evaluator.js";
import { type PropFirmProgram, propFirmProgram } from "../program.js";
import { type PathEnd, runPath } from "./run-path.js";

const INITIAL = 100_000;
const T0 = Date.UTC(2024, 0, 1);

/**
 * The same days through ChallengeEvaluator, one snapshot a trade (equity = balance); once the target is
 * met with only trading days missing, one minimal position a day, as the simulator assumes.
 */
function evaluatorOutcome(program: PropFirmProgram, days: number[][]): { end: PathEnd; days: number } {
  const e = new ChallengeEvaluator(program, INITIAL, new DayBoundary("UTC", 0));
  let balance = INITIAL;
  const verdict = (d: number) => {
    const v = e.verdict;
    if (v.status === "passed") return { end: "passed" as const, days: d + 1 };
    if (v.status === "failed") return { end: v.rule!, days: d + 1 };
    return null;
  };
  for (let d = 0; d < days.length; d++) {
    const t = T0 + d * DAY_MS;
    if (days[d]!.length === 0) e.push({ t, balance, equity: balance, opened: 0 });
    for (const [i, r] of days[d]!.entries()) {
      balance = roundCents(balance + r * INITIAL);
      e.push({ t: t + (i + 1) * 60_000, balance, equity: balance, opened: 1 });
      const done = verdict(d);
      if (done !== null) return done;
      const share = program.bestDayMaxShare;
      const bestOk = share === null || e.bestDayProfit <= roundCents(share * (balance - INITIAL));
      if (balance >= e.target && bestOk) {
        for (let k = d + 1; ; k++) {
          e.push({ t: T0 + k * DAY_MS, balance, equity: balance, opened: 1 });
          const coasted = verdict(k);
          if (coasted !== null) return coasted;
        }
      }
    }
  }
  return { end: "not-finished", days: days.length };
}

function fixedDays(days: number[][]) {
  let i = 0;
  return { startPath: () => {}, nextDay: () => days[i++] ?? null };
}

describe("the simulator's rules are ChallengeEvaluator's", () => {
  it("agrees with the evaluator on 600 random day sequences of both programs", () => {
    const prng = new Prng(17);
    const programs = [
      propFirmProgram("ftmo-2step"),
      propFirmProgram("ftmo-2step", "verification"),
      propFirmProgram("ftmo-1step"),
    ];
    const ends = new Set<string>();
    for (let n = 0; n < 600; n++) {
      const program = programs[n % 3]!;
      const days = Array.from({ length: 30 }, () =>
        Array.from(
          { length: Math.floor(prng.next() * 4) },
          () => Math.round(prng.normal() * 150 + 20) / 10_000,
        ),
      );
      const sizing = { initial: INITIAL, scale: 1, compound: false, maxDays: Number.POSITIVE_INFINITY };
      const sim = runPath([program], sizing, fixedDays(days));
      const ref = evaluatorOutcome(program, days);
      expect({ end: sim.end, days: sim.days }, JSON.stringify(days)).toEqual(ref);
      ends.add(`${program.name} ${ref.end}`);
    }
    // every outcome occurred, so each rule was exercised
    expect([...ends].sort()).toEqual([
      "ftmo-1step max-daily-loss",
      "ftmo-1step max-loss",
      "ftmo-1step not-finished",
      "ftmo-1step passed",
      "ftmo-2step max-daily-loss",
      "ftmo-2step max-loss",
      "ftmo-2step not-finished",
      "ftmo-2step passed",
    ]);
  });
});
