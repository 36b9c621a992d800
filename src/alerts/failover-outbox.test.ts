import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { HydraError } from "../core/errors.js";
import { SqliteAlertOutbox } from "../persistence/sqlite-alert-outbox.js";
import type { Alert } from "./alert.js";
import { FailoverOutbox } from "./failover-outbox.js";
import type { AlertOutbox } from "./outbox.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const file = (name: string): string => {
  const d = mkdtempSync(path.join(tmpdir(), "hydra-failover-"));
  dirs.push(d);
  return path.join(d, name);
};

const alert = (key: string, wallMs: number): Alert => ({
  key,
  event: "bridge-down",
  severity: "critical",
  node: "n1",
  wallMs,
  marketMs: null,
  facts: { why: key },
});

/** a real outbox whose database can be taken away: each call then fails as the PostgreSQL one does */
function awayable(o: SqliteAlertOutbox): { outbox: AlertOutbox; away: (v: boolean) => void } {
  let down = false;
  const gate = <T>(f: () => T): T => {
    if (down) throw new HydraError("STORAGE", "PostgreSQL (db): the connection was lost; reconnecting");
    return f();
  };
  return {
    away: (v) => {
      down = v;
    },
    outbox: {
      add: (...a) => gate(() => o.add(...a)),
      due: (...a) => gate(() => o.due(...a)),
      sent: (...a) => gate(() => o.sent(...a)),
      failed: (...a) => gate(() => o.failed(...a)),
      addChannel: (...a) => gate(() => o.addChannel(...a)),
      channelsOf: (...a) => gate(() => o.channelsOf(...a)),
      recent: (...a) => gate(() => o.recent(...a)),
      counts: () => gate(() => o.counts()),
      close: () => o.close(),
    },
  };
}

describe("an outbox in the shared database with the node's own file behind it", () => {
  it("keeps and sends an alert raised while the shared database is away, from the node's file", () => {
    const shared = awayable(SqliteAlertOutbox.open(file("shared.db")));
    const local = SqliteAlertOutbox.open(file("node.db"));
    const o = new FailoverOutbox(shared.outbox, local);
    const a = o.add(alert("up", 1), ["telegram"], 1)!;
    expect(a).toBeGreaterThan(0);
    shared.away(true);
    // the database is away: the alert saying so goes to the node's own file (negative id) and is due
    const b = o.add(alert("db-lost", 2), ["telegram"], 2)!;
    expect(b).toBeLessThan(0);
    expect(o.add(alert("db-lost", 3), ["telegram"], 3)).toBeUndefined();
    expect(o.due("telegram", 10, 10).map((d) => [d.alertId, d.alert.key])).toEqual([[b, "db-lost"]]);
    o.failed([b], "telegram", 20, "503");
    expect(o.due("telegram", 10, 10)).toEqual([]);
    expect(o.due("telegram", 20, 10)[0]).toMatchObject({ alertId: b, attempts: 1 });
    o.addChannel(b, "email", 20);
    expect(o.channelsOf(b).sort()).toEqual(["email", "telegram"]);
    o.sent([b], "telegram", 21);
    // what the node knows while away: its own alerts; the counts still answer
    expect(o.recent(10).map((r) => r.key)).toEqual(["db-lost"]);
    const counts = o.counts();
    expect(counts).toHaveLength(2);
    expect(counts).toEqual(
      expect.arrayContaining([
        { severity: "critical", state: "pending", count: 1 },
        { severity: "critical", state: "sent", count: 1 },
      ]),
    );
    // back: both are read, the node's own first; sent and failed reach the right one
    shared.away(false);
    const due = o.due("telegram", 30, 10);
    expect(due.map((d) => [d.alertId, d.alert.key])).toEqual([[a, "up"]]);
    expect(o.due("email", 30, 10).map((d) => [d.alertId, d.alert.key])).toEqual([[b, "db-lost"]]);
    o.sent([a, b], "telegram", 31);
    o.sent([b], "email", 31);
    expect(o.due("telegram", 40, 10)).toEqual([]);
    expect(o.due("email", 40, 10)).toEqual([]);
    expect(o.recent(10).map((r) => [r.id, r.key])).toEqual([
      [a, "up"],
      [b, "db-lost"],
    ]);
    o.close();
  });

  it("an alert of the shared database waits while it is away and is due once it is back", () => {
    const shared = awayable(SqliteAlertOutbox.open(file("shared.db")));
    const o = new FailoverOutbox(shared.outbox, SqliteAlertOutbox.open(file("node.db")));
    const a = o.add(alert("a", 1), ["sms"], 1);
    shared.away(true);
    expect(o.due("sms", 5, 10)).toEqual([]);
    shared.away(false);
    expect(o.due("sms", 5, 10).map((d) => d.alertId)).toEqual([a]);
    o.close();
  });
});
