import { readdirSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

/**
 * Two groups, one after the other. Tests of pure code (no process, socket, server, worker or wall-clock
 * wait) run on every core; the others — end-to-end tests that spawn `hydra`, real ZeroMQ, HTTP servers,
 * browsers — run one file at a time after them, as a user's machine runs one command at a time, so their
 * wall-clock waits are not squeezed by other files. A file is put in the second group by what it uses
 * (the fault schedules run on real ZeroMQ sockets through bridge-fault-schedules-run).
 */
const USES_THE_WORLD =
  /zeromq|child_process|spawnHydra|SimBridge|BridgeClient|startWireServer|createServer|node:http\b|node:net\b|worker_threads|FakeTelegram|smtp|playwright|new Worker\(|\.listen\(|setTimeout\(r|bridge-fault-schedules-run/;

function testFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...testFiles(p));
    else if (e.name.endsWith(".test.ts")) out.push(p);
  }
  return out;
}

const all = ["src", "bench"].flatMap((d) => testFiles(d));
const io = all.filter((f) => f.includes(".e2e.") || USES_THE_WORLD.test(readFileSync(f, "utf8")));
const pure = all.filter((f) => !io.includes(f));

export default defineConfig({
  test: {
    sequence: { shuffle: true },
    testTimeout: 60_000,
    pool: "forks",
    projects: [
      {
        extends: true,
        test: {
          name: "pure",
          include: pure,
          maxWorkers: availableParallelism(),
          sequence: { groupOrder: 0 },
        },
      },
      { extends: true, test: { name: "io", include: io, maxWorkers: 1, sequence: { groupOrder: 1 } } },
    ],
  },
});
