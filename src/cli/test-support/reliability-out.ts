import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach } from "vitest";

/**
 * The reliability suites' summaries for `make reliability`'s table (scripts/reliability-table.mjs):
 * when HYDRA_RELIABILITY_OUT names a folder, each suite writes `<name>.json` there; when it is unset
 * (make test), nothing is written.
 */
export function writeReliability(name: string, summary: Record<string, unknown>): void {
  const dir = process.env.HYDRA_RELIABILITY_OUT;
  if (dir === undefined || dir === "") return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify(summary, null, 2)}\n`);
}

/** Outcomes counted per suite in this test file (a test file runs in one process). */
const tallies = new Map<string, Record<string, number>>();

/** Counts one case of a suite as ending in `outcome`; `<name>.json` is {cases, ended: {outcome: n}}. */
export function countOutcome(name: string, outcome: string): void {
  const ended = tallies.get(name) ?? {};
  ended[outcome] = (ended[outcome] ?? 0) + 1;
  tallies.set(name, ended);
  writeReliability(name, { cases: Object.values(ended).reduce((a, b) => a + b, 0), ended });
}

/**
 * Runs a case's checks and counts how it ended: `outcome` when every check held, `failed`
 * otherwise (the failure is rethrown, so the test fails as before).
 */
export async function endsAs<T>(name: string, outcome: string, checks: () => Promise<T>): Promise<T> {
  try {
    const r = await checks();
    countOutcome(name, outcome);
    return r;
  } catch (e) {
    countOutcome(name, "failed");
    throw e;
  }
}

/**
 * Counts the tests of the enclosing describe block as they end: `<name>.json` is {tests, passed,
 * failed, skipped, names: {test: state}} (a skipped test says so: a fault the machine cannot make).
 */
export function tallyTests(name: string): void {
  const states: Record<string, string> = {};
  const write = (): void => {
    const values = Object.values(states);
    const n = (s: string) => values.filter((v) => v === s).length;
    writeReliability(name, {
      tests: values.length,
      passed: n("pass"),
      failed: n("fail"),
      skipped: n("skip"),
      names: states,
    });
  };
  afterEach((ctx) => {
    states[ctx.task.name] = ctx.task.result?.state === "pass" ? "pass" : "fail";
    // the block's skipped tests (a fault the machine cannot make) are known from any test that ran
    for (const t of ctx.task.suite?.tasks ?? [])
      if (t.mode === "skip" || t.mode === "todo") states[t.name] = "skip";
    write();
  });
}
