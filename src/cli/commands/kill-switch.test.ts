import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { TestClock } from "../../core/clock.js";
import { SqliteKillSwitchStore } from "../../persistence/sqlite-kill-switch-store.js";
import { SqliteProcessRegistry } from "../../persistence/sqlite-process-registry.js";
import { KillSwitch } from "../../risk/kill-switch/kill-switch.js";
import { TradingStates } from "../../risk/trading-state.js";
import { captureIo } from "../io.js";
import { runCli } from "../main.js";
import { DEFAULT_DB, databasePath } from "./kill-switch.js";

const dir = mkdtempSync(path.join(tmpdir(), "hydra-cli-ks-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...argv: string[]) {
  const io = captureIo();
  const code = await runCli(argv, io);
  return { code, out: io.stdout, err: io.stderr };
}

describe("hydra kill-switch", () => {
  it("turns the switch on and off and reports it, as text and JSON", async () => {
    const db = path.join(dir, "nested", "one.db");
    const before = await cli("kill-switch", "status", "--db", db, "--json");
    expect(before.code).toBe(0);
    expect(JSON.parse(before.out)).toMatchObject({ active: false, updatedAt: null, db });
    expect(existsSync(db)).toBe(false);

    const on = await cli("kill-switch", "on", "--db", db, "--reason", "news spike");
    expect(on).toMatchObject({ code: 0, err: "" });
    expect(on.out).toContain("kill switch: ACTIVE");

    const status = await cli("kill-switch", "status", "--db", db, "--json");
    const s = JSON.parse(status.out);
    expect(s).toMatchObject({ active: true, storeActive: true, reason: "news spike", updatedBy: "cli", db });
    expect(s.updatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T.*Z$/);
    expect(typeof s.envActive).toBe("boolean");

    const text = await cli("kill-switch", "status", "--db", db);
    expect(text.out).toMatch(/store: on, reason "news spike", at \d{4}-.*Z by cli/);
    expect(text.out).toContain("env KILL_SWITCH:");

    await cli("kill-switch", "off", "--db", db);
    expect(JSON.parse((await cli("kill-switch", "status", "--db", db, "--json")).out)).toMatchObject({
      storeActive: false,
      reason: "",
    });
  });

  it("exits 2 naming the action when it is not on, off or status", async () => {
    const r = await cli("kill-switch", "maybe", "--db", path.join(dir, "x.db"));
    expect(r.code).toBe(2);
    expect(r.err).toContain('the action must be on, off or status, got "maybe" [CLI_USAGE]');
    expect((await cli("kill-switch")).code).toBe(2);
  });

  it("takes the database from --db, else HYDRA_DB, else data/hydra/hydra.db", () => {
    expect(databasePath("a.db", { HYDRA_DB: "/x/b.db" })).toBe(path.resolve("a.db"));
    expect(databasePath(undefined, { HYDRA_DB: "/x/b.db" })).toBe("/x/b.db");
    expect(databasePath(undefined, {})).toBe(path.resolve(DEFAULT_DB));
  });
});

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const built = existsSync(path.join(ROOT, "dist", "src", "cli", "commands", "kill-switch.js"));
if (!built) console.warn("skipping the kill-switch process test: dist/ is not built (make test builds it)");

describe.skipIf(!built)("hydra kill-switch from another process", () => {
  it("flips the switch a running KillSwitch polls", () => {
    const db = path.join(dir, "shared.db");
    const store = SqliteKillSwitchStore.open(db);
    const states = new TradingStates();
    const clock = new TestClock(0);
    const ks = new KillSwitch({ store, states });
    try {
      expect(ks.poll(clock.now())).toBe(false);
      const bin = path.join(ROOT, "bin", "hydra.js");
      const env = { ...process.env, KILL_SWITCH: "" };
      execFileSync(process.execPath, [bin, "kill-switch", "on", "--db", db, "--reason", "e2e"], { env });
      clock.advance(500);
      expect(ks.poll(clock.now())).toBe(true);
      expect(states.history.at(-1)).toMatchObject({
        to: "HALTED",
        reason: "kill switch on (store by cli: e2e)",
        time: 500,
      });
    } finally {
      store.close();
    }
  });
});

describe("hydra kill-switch status: the processes that honour it", () => {
  it("lists each registered process with its last poll, and says NOT POLLING after 5 s of silence", async () => {
    const db = path.join(dir, "processes.db");
    const registry = SqliteProcessRegistry.open(db);
    const now = Date.now();
    try {
      registry.register({ pid: 4242, name: "ftmo", startedAt: now - 60_000, lastPollAt: now, halted: false });
      registry.register({
        pid: 4343,
        name: "run",
        startedAt: now - 60_000,
        lastPollAt: now - 10_000,
        halted: true,
      });
    } finally {
      registry.close();
    }
    const text = await cli("kill-switch", "status", "--db", db);
    expect(text.out).toMatch(/processes that honour it: 2/);
    expect(text.out).toMatch(/4242 {2}ftmo .* trading\n/);
    expect(text.out).toMatch(/4343 {2}run .* NOT POLLING\n/);
    const json = JSON.parse((await cli("kill-switch", "status", "--db", db, "--json")).out);
    expect(json.processes).toEqual([
      expect.objectContaining({ pid: 4242, name: "ftmo", alive: true, halted: false }),
      expect.objectContaining({ pid: 4343, name: "run", alive: false, halted: true }),
    ]);
  });
});
