import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { HydraError } from "../core/errors.js";
import { killSwitchStoreContract } from "../risk/kill-switch/kill-switch-store.contract.js";
import type { KillSwitchStore } from "../risk/kill-switch/kill-switch-store.js";
import { openSqlite } from "./sqlite-database.js";
import { SqliteKillSwitchStore } from "./sqlite-kill-switch-store.js";

// persistence cannot import risk, so the class does not say `implements KillSwitchStore`: check it here.
const fits = (s: SqliteKillSwitchStore): KillSwitchStore => s;

const tempDir = (): string => mkdtempSync(path.join(tmpdir(), "hydra-sqlite-"));

killSwitchStoreContract("sqlite", () => {
  const dir = tempDir();
  const file = path.join(dir, "hydra.db");
  return {
    connect: () => fits(SqliteKillSwitchStore.open(file)),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe("SQLite kill switch store", () => {
  const dirs: string[] = [];
  const closers: Array<{ close(): void }> = [];
  const file = (...parts: string[]): string => {
    const d = tempDir();
    dirs.push(d);
    return path.join(d, ...parts);
  };
  afterEach(() => {
    for (const c of closers.splice(0)) c.close();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it("creates the parent folders and opens in WAL mode with a 5 s busy timeout", () => {
    const f = file("a", "b", "hydra.db");
    const db = openSqlite(f);
    closers.push(db);
    expect(existsSync(f)).toBe(true);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("busy_timeout", { simple: true })).toBe(5000);
  });

  it("keeps one row in guardian_state, with the columns the other tools read", () => {
    const f = file("hydra.db");
    const s = SqliteKillSwitchStore.open(f);
    closers.push(s);
    s.write(true, "r", 42, "cli");
    const raw = new Database(f);
    closers.push(raw);
    expect(raw.prepare("SELECT * FROM guardian_state").all()).toEqual([
      { id: 1, kill_switch: 1, reason: "r", updated_at: 42, updated_by: "cli" },
    ]);
    expect(() => raw.prepare("INSERT INTO guardian_state (id, kill_switch) VALUES (2, 0)").run()).toThrow(
      /CHECK constraint/,
    );
  });

  it("shares a database someone else opened and leaves it open on close", () => {
    const db = openSqlite(file("hydra.db"));
    closers.push(db);
    const s = new SqliteKillSwitchStore(db);
    s.write(true, "shared", 1, "t");
    s.close();
    expect(db.open).toBe(true);
    expect(new SqliteKillSwitchStore(db).read().reason).toBe("shared");
  });

  it("reads a row missing its optional fields (written by another tool) as empty", () => {
    const f = file("hydra.db");
    closers.push(SqliteKillSwitchStore.open(f));
    const raw = new Database(f);
    closers.push(raw);
    raw
      .prepare(
        "UPDATE guardian_state SET kill_switch = 1, reason = NULL, updated_at = NULL, updated_by = NULL",
      )
      .run();
    const s = SqliteKillSwitchStore.open(f);
    closers.push(s);
    expect(s.read()).toEqual({ active: true, reason: "", updatedAt: 0, updatedBy: "" });
  });

  it("names the file when it is not a database", () => {
    const f = file("not-a.db");
    writeFileSync(f, "this is not a sqlite database, just some text long enough to have a header");
    let err: unknown;
    try {
      closers.push(SqliteKillSwitchStore.open(f));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(HydraError);
    expect(err).toMatchObject({ code: "STORAGE", details: { file: f } });
    expect((err as Error).message).toContain(f);
  });
});
