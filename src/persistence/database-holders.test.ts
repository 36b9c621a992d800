import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseHolders, describeHolders } from "./database-holders.js";
import { guarded, openSqlite, storageError } from "./sqlite-database.js";

const LINUX = existsSync("/proc/self/fd");
const dir = mkdtempSync(path.join(tmpdir(), "hydra-holders-"));
const db = path.join(dir, "hydra.db");
const sqlite = createRequire(import.meta.url).resolve("better-sqlite3");

describe.skipIf(!LINUX)("the processes holding a database (from /proc)", () => {
  let holder: ChildProcess;
  beforeAll(async () => {
    // another process with the database open and its write lock taken, until it is killed
    holder = spawn(
      process.execPath,
      [
        "-e",
        `const D = require(${JSON.stringify(sqlite)}); const d = new D(${JSON.stringify(db)}); d.pragma("journal_mode = WAL"); d.exec("CREATE TABLE IF NOT EXISTS t (x)"); d.exec("BEGIN IMMEDIATE"); d.exec("INSERT INTO t VALUES (1)"); console.log("holding"); setInterval(() => {}, 1000);`,
        "hydra-holder-test",
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    await new Promise<void>((resolve) => holder.stdout!.on("data", () => resolve()));
  });
  afterAll(() => {
    holder.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  });

  it("names the process by its pid and command line", () => {
    const found = databaseHolders(db);
    expect(found).toEqual([{ pid: holder.pid, command: expect.stringContaining("hydra-holder-test") }]);
    expect(describeHolders(found)).toMatch(new RegExp(`^pid ${holder.pid} \\(.*\\)$`));
    expect(databaseHolders(path.join(dir, "other.db"))).toEqual([]);
  });

  it("a write still locked after the busy timeout fails naming the holder (SQLite's own SQLITE_BUSY)", () => {
    const mine = openSqlite(db);
    try {
      // waits out the 5 s busy timeout: the other process keeps its write transaction open
      expect(() =>
        guarded("cannot record a trade", db, () => mine.prepare("INSERT INTO t VALUES (2)").run()),
      ).toThrow(`database is locked; held open by pid ${holder.pid} (`);
    } finally {
      mine.close();
    }
  });

  it("a locked database's error names the holder and the command that lists them", () => {
    const busy = Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" });
    const e = storageError("cannot record a trade", db, busy);
    expect(e.message).toContain(`held open by pid ${holder.pid} (`);
    expect(e.message).toContain(`hydra db holders --db ${db}`);
    // any other error says nothing of holders
    const other = storageError(
      "cannot record a trade",
      db,
      Object.assign(new Error("disk I/O"), { code: "SQLITE_IOERR" }),
    );
    expect(other.message).not.toContain("held open");
  });
});
