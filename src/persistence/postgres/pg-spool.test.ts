import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PG_SKIP_REASON, testCluster } from "../test-support/pg-test-cluster.js";
import { PgSpool } from "./pg-spool.js";
import { connectionFailure, PgSyncClient } from "./pg-sync-client.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const spoolFile = (): string => {
  const d = mkdtempSync(path.join(tmpdir(), "hydra-spool-"));
  dirs.push(d);
  return path.join(d, "node.pg-spool");
};

describe("the spool file", () => {
  it("keeps each write on disk as it is pushed, in order, and reads them back at the next start", () => {
    const file = spoolFile();
    const a = new PgSpool(file, "n1", "postgres://h/db");
    a.push([["INSERT INTO t VALUES ($1)", [1]]]);
    a.push([
      ["INSERT INTO t VALUES ($1)", [2]],
      ["UPDATE t SET x = $1", [3]],
    ]);
    const b = new PgSpool(file, "n1", "postgres://h/db");
    expect(b.size).toBe(2);
    expect(b.peek()).toEqual([["INSERT INTO t VALUES ($1)", [1]]]);
    b.shift();
    b.settle();
    expect(new PgSpool(file, "n1", "postgres://h/db").size).toBe(1);
    b.shift();
    b.settle();
    expect(existsSync(file)).toBe(false);
  });

  it("drops a last line torn by a crash mid-append (that write never returned) and keeps the rest", () => {
    const file = spoolFile();
    new PgSpool(file, "n1", "d").push([["INSERT INTO t VALUES (1)", []]]);
    writeFileSync(file, `${readFileSync(file, "utf8")}[["INSERT INTO t VA`);
    const s = new PgSpool(file, "n1", "d");
    expect(s.size).toBe(1);
    expect(readFileSync(file, "utf8").endsWith("]]\n")).toBe(true);
  });

  it("refuses another node's spool, and a file that is not one, naming the file and what to do", () => {
    const file = spoolFile();
    new PgSpool(file, "n1", "d").push([["SELECT 1", []]]);
    expect(() => new PgSpool(file, "n2", "d")).toThrow(
      /holds writes of node "n1" on d, not of node "n2" on d; .*move it away/,
    );
    writeFileSync(file, "hello\n");
    expect(() => new PgSpool(file, "n1", "d")).toThrow(/node\.pg-spool:1 is not a HYDRA spool file/);
  });

  it("tells a lost connection from a statement the server refuses", () => {
    const err = (sqlState: string | undefined) => ({ details: { sqlState } });
    expect(connectionFailure(err(undefined))).toBe(true);
    expect(connectionFailure(err("ECONNREFUSED"))).toBe(true);
    expect(connectionFailure(err("57P01"))).toBe(true);
    expect(connectionFailure(err("08006"))).toBe(true);
    expect(connectionFailure(err("08P01"))).toBe(false);
    expect(connectionFailure(err("23505"))).toBe(false);
    expect(connectionFailure(err("42P01"))).toBe(false);
  });
});

describe.skipIf(PG_SKIP_REASON !== undefined)("writes while PostgreSQL is away", () => {
  async function until<T>(f: () => T): Promise<T> {
    let last: unknown;
    for (let i = 0; i < 100; i++) {
      try {
        return f();
      } catch (e) {
        last = e;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw last;
  }

  it("are kept in order in the spool, reads fail meanwhile, and all are applied once it is back (or at the next start)", async () => {
    const cluster = testCluster();
    const url = cluster.newDatabase();
    const db = new URL(url).pathname.slice(1);
    const file = spoolFile();
    const said: string[] = [];
    const c = new PgSyncClient(url);
    c.useSpool(new PgSpool(file, "n1", db), (l) => said.push(l));
    try {
      c.query("CREATE TABLE t (x INTEGER PRIMARY KEY, y TEXT)");
      c.write("INSERT INTO t VALUES ($1, $2)", [1, "before"]);
      cluster.refuse(db);
      // the writes go on: each is kept, in order; a read cannot be answered without them
      c.write("INSERT INTO t VALUES ($1, $2)", [2, "away"]);
      c.writeAll([
        ["INSERT INTO t VALUES ($1, $2)", [3, "away"]],
        ["UPDATE t SET y = $1 WHERE x = $2", ["changed", 1]],
      ]);
      c.write("INSERT INTO t VALUES ($1, $2)", [4, "away"]);
      expect(c.waiting).toBe(3);
      expect(readFileSync(file, "utf8").trim().split("\n")).toHaveLength(4);
      expect(() => c.query("SELECT * FROM t")).toThrow(/3 write\(s\) still wait for the database/);
      expect(said[0]).toMatch(
        /a write was not taken .*; kept in .*node\.pg-spool until the database answers/,
      );
      // a node killed now: its successor opens the same spool
      const successor = new PgSpool(file, "n1", db);
      expect(successor.size).toBe(3);
      cluster.accept(db);
      const rows = await until(() => c.query<{ x: number; y: string }>("SELECT x, y FROM t ORDER BY x").rows);
      expect(rows).toEqual([
        { x: 1, y: "changed" },
        { x: 2, y: "away" },
        { x: 3, y: "away" },
        { x: 4, y: "away" },
      ]);
      expect(said.at(-1)).toBe("PostgreSQL: 3 kept write(s) applied (spool empty)");
      expect(existsSync(file)).toBe(false);
      // the successor's copy of the same writes: each is in already (skipped), nothing twice
      const again: string[] = [];
      const c2 = new PgSyncClient(url);
      const s2 = new PgSpool(file, "n1", db);
      for (let w = successor.peek(); w !== undefined; w = successor.peek()) {
        s2.push(w);
        successor.shift();
      }
      c2.useSpool(s2, (l) => again.push(l));
      try {
        expect(c2.query<{ n: number }>("SELECT COUNT(*)::int AS n FROM t").rows).toEqual([{ n: 4 }]);
        expect(again).toEqual(["PostgreSQL: 0 kept write(s) applied, 3 already in (spool empty)"]);
      } finally {
        c2.close();
      }
      // a statement the server refuses for good is set aside, said, and does not hold the others
      c.query("CREATE TABLE u (x INTEGER)");
      cluster.dropConnections(db);
      c.write("INSERT INTO u VALUES ($1)", ["not a number"]);
      c.write("INSERT INTO u VALUES ($1)", [7]);
      const u = await until(() => c.query("SELECT x FROM u").rows);
      expect(u).toEqual([{ x: 7 }]);
      expect(said.join("\n")).toMatch(
        /refused a kept write \(.*invalid input syntax.*\); set aside in .*\.refused/,
      );
      expect(readFileSync(`${file}.refused`, "utf8")).toMatch(/not a number/);
    } finally {
      c.close();
    }
  });

  it("without a spool, a write the database cannot take fails as STORAGE", () => {
    const cluster = testCluster();
    const url = cluster.newDatabase();
    const db = new URL(url).pathname.slice(1);
    const c = new PgSyncClient(url);
    try {
      c.query("CREATE TABLE t (x INTEGER)");
      cluster.refuse(db);
      expect(() => c.write("INSERT INTO t VALUES (1)")).toThrow(/PostgreSQL \(.*\): /);
    } finally {
      cluster.accept(db);
      c.close();
    }
  });
});
