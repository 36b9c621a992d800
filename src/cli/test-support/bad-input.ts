import path from "node:path";
import { expect } from "vitest";
import { endsAs } from "./reliability-out.js";
import { spawnHydra } from "./spawn-hydra.js";

/** One bad input: the command line (and environment) and what its refusal must name. */
export interface BadCase {
  name: string;
  args: readonly string[];
  env?: Record<string, string | undefined>;
  /** the field, flag, file line or limit the message names */
  names: RegExp;
  /** the exit code (2: bad input) */
  code?: number;
}

/** How long a refused start may take before it counts as a hang (generous: 2 shared cores). */
const HANG_MS = 20_000;

/**
 * Runs `hydra ARGS…` and checks its refusal: exit code 2 (not a hang: SIGKILL after HANG_MS), the
 * message naming the field, no "unexpected error" and no stack-trace line. Returns the wall time taken.
 */
export async function expectRefused(c: BadCase): Promise<number> {
  const started = Date.now();
  const p = spawnHydra(c.args, c.env === undefined ? {} : { env: c.env });
  const timer = setTimeout(() => p.proc.kill("SIGKILL"), HANG_MS);
  const code = await p.exited();
  clearTimeout(timer);
  const ms = Date.now() - started;
  const out = p.output();
  console.log(`bad input: ${c.name}: exit ${code} in ${ms} ms`);
  // make reliability's table: bad-input-flags.e2e.test.ts counts in bad-input-flags.json
  const suite = path.basename(expect.getState().testPath ?? "bad-input", ".e2e.test.ts");
  return endsAs(suite, `exit ${c.code ?? 2} naming the field`, async () => {
    expect(code, `${c.name} (a hang is killed after ${HANG_MS} ms):\n${out}`).toBe(c.code ?? 2);
    expect(out).toMatch(c.names);
    expect(out).not.toContain("unexpected error");
    expect(out).not.toMatch(/\n\s+at /);
    return ms;
  });
}
