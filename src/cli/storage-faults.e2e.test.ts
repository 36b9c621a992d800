import { execFileSync } from "node:child_process";
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { startOllamaServer } from "../hydra/llm/test-support/ollama-server.js";
import { btcModel, LOCAL_MODEL, NO_PAID_KEYS } from "./test-support/local-model-e2e.js";
import { tallyTests } from "./test-support/reliability-out.js";
import { BUILT, spawnHydra } from "./test-support/spawn-hydra.js";

if (!BUILT)
  console.warn("skipping the storage-fault end-to-end tests: dist/ is not built (make test builds it)");

const dir = mkdtempSync(path.join(tmpdir(), "hydra-storage-e2e-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// a Friday in the bots' sessions: the simulated market fills orders within seconds at 600×
const FTMO = ["ftmo", "--speed", "600", "--start", "2026-12-04T12:45:00Z"];
const NO_STACK = /^\s+at .+:\d+:\d+\)?$/m;

/** A small filesystem of its own (tmpfs) to fill or make read-only; undefined when it cannot be mounted (not root). */
function smallDisk(name: string, size: string): { dir: string; unmount: () => void } | undefined {
  const d = path.join(dir, name);
  mkdirSync(d, { recursive: true });
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", d], { stdio: "ignore" });
  } catch {
    return undefined;
  }
  return { dir: d, unmount: () => execFileSync("umount", ["-l", d], { stdio: "ignore" }) };
}
const canMount = (() => {
  const probe = smallDisk("probe", "64k");
  probe?.unmount();
  return probe !== undefined;
})();
if (!canMount) console.warn("skipping the disk-full and read-only cases: cannot mount a tmpfs (needs root)");

/** Fills the filesystem of `folder` to the last byte. */
function fill(folder: string): void {
  try {
    execFileSync("dd", ["if=/dev/zero", `of=${path.join(folder, "filler")}`, "bs=4k"], { stdio: "ignore" });
  } catch {
    // dd stops with "no space left": that is the point
  }
}

const lines = (file: string): string[] =>
  readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l !== "");

describe.skipIf(!BUILT)("storage faults, as a node meets them", () => {
  // make reliability's table: storage-faults.json
  tallyTests("storage-faults");
  it.skipIf(!canMount)(
    "disk full while trading: hydra ftmo halts trading and says why; the checkpoint, trade history and database recorded before are intact and it resumes once space is freed",
    async () => {
      const disk = smallDisk("full", "8m")!;
      try {
        const db = path.join(disk.dir, "h.db");
        const node = spawnHydra([...FTMO, "--db", db]);
        try {
          await node.waitFor(/\(market\) fill (buy|sell) .*\(market, /, 30_000);
          fill(disk.dir);
          await node.waitFor(
            /trading state global: ACTIVE → HALTED \(storage failed \(.*(disk is full|no space left).*free the disk/i,
            30_000,
          );
          // halted: new entries are denied, not sent
          await node.waitFor(/denied TRADING_HALTED: trading is halted \(storage failed/, 30_000);
          expect(node.output()).not.toMatch(NO_STACK);
        } finally {
          await node.stop("SIGINT");
        }
        // what was recorded before the disk filled is still there and readable
        const checkpoint = JSON.parse(readFileSync(`${db}.ftmo-checkpoint.json`, "utf8")) as {
          runId: number;
        };
        expect(checkpoint.runId).toBe(1);
        for (const l of lines(`${db}.ftmo-trades.jsonl`)) JSON.parse(l);
        rmSync(path.join(disk.dir, "filler"));
        const d = new Database(db, { readonly: true });
        expect(d.pragma("integrity_check", { simple: true })).toBe("ok");
        d.close();
        // space freed: the node resumes its run
        const again = spawnHydra([...FTMO, "--db", db]);
        try {
          await again.waitFor(/resumed run R1 from its checkpoint/, 30_000);
        } finally {
          await again.stop("SIGINT");
        }
      } finally {
        disk.unmount();
      }
    },
    90_000,
  );

  it.skipIf(!canMount)(
    "disk full under the tournament: hydra run stops (exit 2) naming the database and the remedy, no stack; its database stays sound",
    async () => {
      const disk = smallDisk("full-run", "8m")!;
      try {
        const db = path.join(disk.dir, "h.db");
        const run = spawnHydra([
          "run",
          "--engines",
          "offline",
          "--speed",
          "600",
          "--cycle",
          "1m",
          "--db",
          db,
        ]);
        try {
          await run.waitFor(/cycle 3: /, 30_000);
          fill(disk.dir);
          expect(
            await Promise.race([run.exited(), new Promise((r) => setTimeout(() => r("running"), 30_000))]),
          ).toBe(2);
        } finally {
          await run.stop("SIGKILL");
        }
        expect(run.output()).toMatch(
          new RegExp(`\\(${db}\\): database or disk is full; the disk is full: free space`),
        );
        expect(run.output()).not.toMatch(NO_STACK);
        rmSync(path.join(disk.dir, "filler"));
        const d = new Database(db, { readonly: true });
        expect(d.pragma("integrity_check", { simple: true })).toBe("ok");
        d.close();
      } finally {
        disk.unmount();
      }
    },
    60_000,
  );

  it.skipIf(!canMount)(
    "a read-only database: refused at start naming the file and the remedy (exit 2, no stack)",
    async () => {
      const disk = smallDisk("ro", "16m")!;
      try {
        const db = path.join(disk.dir, "h.db");
        const first = spawnHydra([...FTMO, "--db", db, "--duration", "2s"]);
        expect(await first.exited()).toBe(0);
        // (Linux refuses to remount a filesystem read-only while a file on it is open for writing, so the
        // read-only case is met at start; a write failing while trading is the disk-full case above)
        execFileSync("mount", ["-o", "remount,ro", disk.dir]);
        const refused = spawnHydra([...FTMO, "--db", db]);
        expect(await refused.exited()).toBe(2);
        expect(refused.output()).toContain(`cannot open the database (${db})`);
        expect(refused.output()).toMatch(/the database or its folder is read-only: make both writable/);
        expect(refused.output()).not.toMatch(NO_STACK);
      } finally {
        try {
          execFileSync("mount", ["-o", "remount,rw", disk.dir]);
        } catch {}
        disk.unmount();
      }
    },
    60_000,
  );

  it("a corrupted checkpoint: refused naming the file and what to do (exit 2), never started afresh", async () => {
    const db = path.join(dir, "cp", "h.db");
    const first = spawnHydra([...FTMO, "--db", db, "--duration", "3s"]);
    expect(await first.exited()).toBe(0);
    const file = `${db}.ftmo-checkpoint.json`;
    const torn = readFileSync(file, "utf8").slice(0, 40);
    writeFileSync(file, torn);
    const p = spawnHydra([...FTMO, "--db", db, "--duration", "3s"]);
    expect(await p.exited()).toBe(2);
    expect(p.output()).toContain(`${file}: the checkpoint is not JSON`);
    expect(p.output()).toMatch(/restore it from a backup .*or move it away to start the challenge afresh/);
    expect(p.output()).not.toMatch(NO_STACK);
    expect(readFileSync(file, "utf8")).toBe(torn); // left as it was for the operator
  }, 60_000);

  it("a torn last line of the trade history: skipped with a note, every earlier trade kept, appends continue on a new line", async () => {
    const db = path.join(dir, "torn", "h.db");
    const first = spawnHydra([...FTMO, "--db", db]);
    await first.waitFor(/\(market\) fill (buy|sell) .*\((sl|tp|market), R1\.P\d+\)/, 30_000);
    const log = `${db}.ftmo-trades.jsonl`;
    const until = Date.now() + 30_000;
    while (Date.now() < until && (readFileSync(log, "utf8").match(/\n/g) ?? []).length < 1)
      await new Promise((r) => setTimeout(r, 200));
    expect(await first.stop("SIGINT")).toBe(0);
    const before = lines(log);
    expect(before.length).toBeGreaterThan(0);
    appendFileSync(log, '{"bot":"us30-orb","positionId":"R1.P9","sour'); // a crash mid-write
    const again = spawnHydra([...FTMO, "--db", db]);
    try {
      await again.waitFor(/trade history: .*torn last line \(no newline\), ignored/, 30_000);
      await again.waitFor(/resumed run R1/, 30_000);
    } finally {
      await again.stop("SIGINT");
    }
    const after = readFileSync(log, "utf8").split("\n");
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after[before.length]).toBe('{"bot":"us30-orb","positionId":"R1.P9","sour');
    for (const l of after.slice(before.length + 1).filter((x) => x !== "")) JSON.parse(l);
  }, 90_000);

  it("a torn last line of the LLM call recording: removed with a note, every earlier call kept", async () => {
    const ollama = await startOllamaServer(
      [LOCAL_MODEL],
      btcModel("hold", { stop: 0.01, target: 0.01, action: "hold" }),
    );
    try {
      const db = path.join(dir, "llm", "h.db");
      const record = path.join(dir, "llm", "calls.jsonl");
      const args = ["run", "--engines", "llm", "--assets", "BTC-USD", "--cycle", "1m", "--speed", "120"];
      const env = { ...NO_PAID_KEYS, HYDRA_LOCAL_MODEL: LOCAL_MODEL, HYDRA_LOCAL_MODEL_URL: ollama.origin };
      const first = spawnHydra([...args, "--db", db, "--record", record], { env });
      await first.waitFor(/cycle 2: /, 30_000);
      expect(await first.stop("SIGINT")).toBe(0);
      const before = lines(record);
      expect(before.length).toBeGreaterThan(1);
      appendFileSync(record, '{"engineId":"local-llama3-1-8b","promptHash":"ab'); // a crash mid-write
      const again = spawnHydra([...args, "--db", db, "--record", record], { env });
      try {
        await again.waitFor(
          new RegExp(
            `llm calls: .*calls\\.jsonl:${before.length + 1}: torn last line .* removed; the ${before.length} line\\(s\\) before it are kept`,
          ),
          30_000,
        );
        await again.waitFor(/cycle \d+: /, 30_000);
      } finally {
        await again.stop("SIGINT");
      }
      const after = lines(record);
      expect(after.slice(0, before.length)).toEqual(before);
      for (const l of after) JSON.parse(l);
    } finally {
      await ollama.close();
    }
  }, 60_000);

  it("a database locked by another process while trading: hydra ftmo halts trading naming the holder", async () => {
    const db = path.join(dir, "locked-run", "h.db");
    const node = spawnHydra([...FTMO, "--db", db]);
    try {
      await node.waitFor(/\(market\) fill (buy|sell) .*\(market, /, 30_000);
      const holder = new Database(db);
      holder.prepare("BEGIN EXCLUSIVE").run();
      try {
        await node.waitFor(
          new RegExp(
            `trading state global: ACTIVE → HALTED \\(storage failed \\(.*database is locked; held open by pid ${process.pid} `,
          ),
          40_000,
        );
      } finally {
        holder.prepare("ROLLBACK").run();
        holder.close();
      }
      expect(node.output()).not.toMatch(NO_STACK);
    } finally {
      await node.stop("SIGINT");
    }
  }, 60_000);

  it("a database locked by another process: the node stops after the 5 s busy timeout naming the holder and the command that lists holders (exit 2)", async () => {
    const db = path.join(dir, "locked", "h.db");
    const first = spawnHydra([...FTMO, "--db", db, "--duration", "2s"]);
    expect(await first.exited()).toBe(0);
    const holder = new Database(db);
    holder.prepare("BEGIN EXCLUSIVE").run();
    try {
      const p = spawnHydra([...FTMO, "--db", db]);
      const code = await Promise.race([
        p.exited(),
        new Promise<string>((r) => setTimeout(() => r("still running"), 30_000)),
      ]);
      await p.stop("SIGKILL");
      expect(code).toBe(2);
      expect(p.output()).toMatch(new RegExp(`held open by pid ${process.pid}`));
      expect(p.output()).toContain(`hydra db holders --db ${db}`);
      expect(p.output()).not.toMatch(NO_STACK);
    } finally {
      holder.prepare("ROLLBACK").run();
      holder.close();
    }
  }, 60_000);
});
