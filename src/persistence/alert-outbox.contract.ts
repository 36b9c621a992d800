import { describe, expect, it } from "vitest";
import type { Alert } from "../alerts/alert.js";
import type { AlertOutbox } from "../alerts/outbox.js";
import { isHydraError } from "../core/errors.js";
import { type NodeStoreBackend, nodeStoreConnections } from "../core/test-support/contract-connections.js";

export interface AlertOutboxBackend extends NodeStoreBackend<AlertOutbox> {
  /** a store of `nodeId` keeping the newest `keep` alerts (HYDRA_ALERTS_KEEP) */
  withKeep(nodeId: string, keep: number): AlertOutbox;
}

const alert = (key: string, over: Partial<Alert> = {}): Alert => ({
  key,
  event: "kill-switch-on",
  severity: "critical",
  node: "ftmo",
  wallMs: 1_772_445_600_000,
  marketMs: null,
  facts: {},
  ...over,
});

const storageCode = (f: () => unknown): unknown => {
  try {
    f();
  } catch (e) {
    return isHydraError(e) ? e.code : e;
  }
  return "no error";
};

/** The behaviour every AlertOutbox must have (what the alert service relies on); each backend's test file calls it. */
export function alertOutboxContract(name: string, makeBackend: () => AlertOutboxBackend): void {
  describe(`AlertOutbox contract: ${name}`, () => {
    const { connect, backend, track } = nodeStoreConnections(makeBackend);

    it("records an alert with every field and a pending delivery per channel; a key already there adds nothing (and uses up an id, as SQLite's AUTOINCREMENT does)", () => {
      const o = connect();
      const facts = { reason: "drawdown 5.5% - stop!", equity: 94_900.12, halted: true, by: null };
      const first = o.add(
        alert("ks:1", { wallMs: 1_772_445_600_123.4, marketMs: 1_709_643_600_000.6, facts }),
        ["telegram", "email"],
        1_772_445_600_500.2,
      );
      expect(first).toBe(1);
      expect(o.add(alert("ks:1", { event: "again" }), ["sms"], 0)).toBeUndefined();
      expect(o.add(alert("ds:1", { severity: "info", event: "daily-summary", node: "hydra" }), [], 7)).toBe(
        3,
      );
      expect(o.recent(10)).toEqual([
        {
          id: 1,
          ...alert("ks:1", { wallMs: 1_772_445_600_123, marketMs: 1_709_643_600_001, facts }),
          deliveries: [
            { channel: "email", state: "pending", attempts: 0, atMs: 1_772_445_600_500, lastError: null },
            { channel: "telegram", state: "pending", attempts: 0, atMs: 1_772_445_600_500, lastError: null },
          ],
        },
        {
          id: 3,
          ...alert("ds:1", { severity: "info", event: "daily-summary", node: "hydra" }),
          deliveries: [],
        },
      ]);
      // the newest `limit`, oldest first
      expect(o.recent(1).map((a) => a.key)).toEqual(["ds:1"]);
      expect(o.channelsOf(1)).toEqual(["email", "telegram"]);
      expect(o.channelsOf(3)).toEqual([]);
      expect(o.channelsOf(99)).toEqual([]);
    });

    it("gives a channel its deliveries whose time has come, oldest alert first, at most `limit`", () => {
      const o = connect();
      const a = o.add(alert("a"), ["telegram", "email"], 1_000)!;
      const b = o.add(alert("b"), ["telegram"], 500)!;
      const c = o.add(alert("c"), ["telegram"], 2_000)!;
      const ids = (channel: "telegram" | "email" | "sms", now: number, limit = 10) =>
        o.due(channel, now, limit).map((d) => d.alertId);
      expect(ids("telegram", 499)).toEqual([]);
      expect(ids("telegram", 500)).toEqual([b]);
      expect(ids("telegram", 1_000)).toEqual([a, b]);
      expect(ids("telegram", 5_000)).toEqual([a, b, c]);
      expect(ids("telegram", 5_000, 2)).toEqual([a, b]);
      expect(ids("email", 5_000)).toEqual([a]);
      expect(ids("sms", 5_000)).toEqual([]);
      expect(o.due("email", 5_000, 10)).toEqual([
        { alertId: a, channel: "email", attempts: 0, alert: alert("a") },
      ]);
    });

    it("marks a failed attempt (count, next time, error) and a sent delivery; a sent one is no longer due", () => {
      const o = connect();
      const a = o.add(alert("a"), ["telegram", "email"], 1_000)!;
      const b = o.add(alert("b"), ["telegram"], 1_000)!;
      o.failed([a, b], "telegram", 3_000, "telegram: sendMessage: HTTP 502");
      expect(o.due("telegram", 2_999, 10)).toEqual([]);
      expect(o.due("telegram", 3_000, 10).map((d) => [d.alertId, d.attempts])).toEqual([
        [a, 1],
        [b, 1],
      ]);
      o.failed([a], "telegram", 7_000.4, `x${"y".repeat(600)}`);
      o.sent([b], "telegram", 3_500);
      o.sent([a], "email", 3_600);
      o.sent([], "email", 3_700);
      o.failed([], "email", 3_700, "nothing");
      // a failure reported for a delivery already sent changes nothing
      o.failed([b], "telegram", 9_000, "late");
      expect(o.recent(10).map((r) => r.deliveries)).toEqual([
        [
          { channel: "email", state: "sent", attempts: 0, atMs: 3_600, lastError: null },
          {
            channel: "telegram",
            state: "pending",
            attempts: 2,
            atMs: 7_000,
            lastError: `x${"y".repeat(499)}`,
          },
        ],
        [{ channel: "telegram", state: "sent", attempts: 1, atMs: 3_500, lastError: null }],
      ]);
      expect(o.due("telegram", 10_000, 10).map((d) => d.alertId)).toEqual([a]);
      expect(o.due("email", 10_000, 10)).toEqual([]);
      o.sent([a], "telegram", 10_000);
      expect(o.due("telegram", 20_000, 10)).toEqual([]);
    });

    it("adds a channel to an alert (failover) once, due from the time given", () => {
      const o = connect();
      const a = o.add(alert("a"), ["telegram"], 1_000)!;
      o.sent([a], "telegram", 1_500);
      o.addChannel(a, "email", 2_000);
      o.addChannel(a, "email", 9_000);
      o.addChannel(a, "telegram", 9_000);
      expect(o.channelsOf(a)).toEqual(["email", "telegram"]);
      expect(o.due("email", 1_999, 10)).toEqual([]);
      expect(o.due("email", 2_000, 10).map((d) => d.alertId)).toEqual([a]);
      expect(o.recent(1)[0]!.deliveries.map((d) => [d.channel, d.state, d.atMs])).toEqual([
        ["email", "pending", 2_000],
        ["telegram", "sent", 1_500],
      ]);
    });

    it("counts deliveries by severity and state, an alert with no channel once as recorded", () => {
      const o = connect();
      const a = o.add(alert("a"), ["telegram", "email"], 0)!;
      o.add(alert("b", { severity: "info" }), [], 0);
      o.add(alert("c", { severity: "info" }), [], 0);
      o.sent([a], "email", 1);
      const sorted = o
        .counts()
        .sort((x, y) => `${x.severity}${x.state}`.localeCompare(`${y.severity}${y.state}`));
      expect(sorted).toEqual([
        { severity: "critical", state: "pending", count: 1 },
        { severity: "critical", state: "sent", count: 1 },
        { severity: "info", state: "recorded", count: 2 },
      ]);
    });

    it("keeps the newest `keep` alerts and never deletes one still due; a deleted key may come again", () => {
      const o = track(backend().withKeep("node-a", 3));
      // the first is due on Telegram and never taken; the others are recorded (no channel) or sent
      o.add(alert("k0"), ["telegram"], 0);
      for (let i = 1; i <= 20; i++) {
        const id = o.add(alert(`k${i}`), i % 2 === 0 ? ["telegram"] : [], 0)!;
        if (i % 2 === 0) o.sent([id], "telegram", i);
      }
      expect(o.recent(100).map((a) => a.key)).toEqual(["k0", "k18", "k19", "k20"]);
      expect(o.due("telegram", 0, 10).map((d) => d.alert.key)).toEqual(["k0"]);
      expect(o.counts().reduce((n, c) => n + c.count, 0)).toBe(4);
      // k5 was deleted: raised again, it is a new alert; k19 is still there: nothing (id 23 used up)
      expect(o.add(alert("k5"), [], 0)).toBe(22);
      expect(o.add(alert("k19"), [], 0)).toBeUndefined();
      // once k0 is sent, the next add deletes it (with those up to 24 - 3)
      o.sent([1], "telegram", 30);
      expect(o.add(alert("k21"), [], 0)).toBe(24);
      expect(o.recent(100).map((a) => `${a.id}:${a.key}`)).toEqual(["22:k5", "24:k21"]);
    });

    it("a reopened outbox (a restarted node) continues the ids, knows the keys and what is still due", () => {
      const first = track(backend().withKeep("node-a", 2));
      const a = first.add(alert("a"), ["telegram"], 1_000)!;
      first.add(alert("b"), [], 1_000);
      first.close();
      const again = track(backend().withKeep("node-a", 2));
      expect(again.add(alert("a"), [], 0)).toBeUndefined();
      expect(again.due("telegram", 1_000, 10).map((d) => d.alertId)).toEqual([a]);
      expect(again.add(alert("c"), [], 0)).toBe(4);
      // retention after the reopen: b (nothing pending) goes, a (still due) stays
      expect(again.add(alert("d"), [], 0)).toBe(5);
      expect(again.recent(10).map((r) => r.key)).toEqual(["a", "c", "d"]);
      expect(again.channelsOf(a)).toEqual(["telegram"]);
    });

    it("keeps the alerts of two nodes apart: ids, keys, deliveries and counts are each node's own", () => {
      const a = connect("node-a");
      const b = connect("node-b");
      expect(a.add(alert("same", { node: "ftmo" }), ["telegram"], 0)).toBe(1);
      expect(b.add(alert("same", { node: "hydra" }), ["telegram"], 0)).toBe(1);
      expect(b.add(alert("b-only"), [], 0)).toBe(2);
      a.sent([1], "telegram", 5);
      a.addChannel(1, "email", 6);
      expect(
        a.recent(10).map((r) => [r.key, r.node, r.deliveries.map((d) => `${d.channel}:${d.state}`)]),
      ).toEqual([["same", "ftmo", ["email:pending", "telegram:sent"]]]);
      expect(
        b.recent(10).map((r) => [r.key, r.node, r.deliveries.map((d) => `${d.channel}:${d.state}`)]),
      ).toEqual([
        ["same", "hydra", ["telegram:pending"]],
        ["b-only", "ftmo", []],
      ]);
      expect(b.due("telegram", 10, 10).map((d) => d.alert.node)).toEqual(["hydra"]);
      expect(b.due("email", 10, 10)).toEqual([]);
      expect(b.channelsOf(1)).toEqual(["telegram"]);
      expect(
        a
          .counts()
          .map((c) => c.count)
          .reduce((x, y) => x + y),
      ).toBe(2);
      expect(
        b
          .counts()
          .map((c) => c.count)
          .reduce((x, y) => x + y),
      ).toBe(2);
    });

    it("fails as STORAGE once closed", () => {
      const o = connect();
      o.add(alert("a"), [], 0);
      o.close();
      expect(storageCode(() => o.add(alert("b"), [], 0))).toBe("STORAGE");
      expect(storageCode(() => o.recent(1))).toBe("STORAGE");
      expect(storageCode(() => o.due("telegram", 0, 1))).toBe("STORAGE");
    });
  });
}
