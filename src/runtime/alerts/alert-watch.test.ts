import { describe, expect, it } from "vitest";
import type { AlertFacts, AlertSink } from "../../alerts/alert.js";
import type { AlertEventName } from "../../alerts/catalog.js";
import { AlertWatch, type WatchSample } from "./alert-watch.js";

interface Raised {
  event: AlertEventName;
  key: string;
  facts: AlertFacts;
}

function watch(noTicksS = 60) {
  const raised: Raised[] = [];
  const sink: AlertSink = { raise: (event, key, facts) => raised.push({ event, key, facts }) };
  return { w: new AlertWatch(sink, "ftmo:R1", noTicksS), raised };
}

const T0 = Date.parse("2024-03-05T13:00:00Z");
const base = (i: number, extra: Partial<WatchSample> = {}): WatchSample => ({
  marketMs: T0 + i * 60_000,
  wallMs: 1_000_000 + i * 1000,
  ...extra,
});

describe("the alerts watch: one alert per episode, from the node's samples and events", () => {
  it("the kill switch: on once per setting, off when released; the same setting seen again (a restart) is no new key", () => {
    const { w, raised } = watch();
    const on = { on: true, reason: "drill", by: "ops", atWallMs: 5000 };
    w.sample(base(0, { killSwitch: { on: false, reason: "", by: "", atWallMs: 0 } }));
    w.sample(base(1, { killSwitch: on }));
    w.sample(base(2, { killSwitch: on }));
    w.sample(base(3, { killSwitch: { on: false, reason: "", by: "ops", atWallMs: 9000 } }));
    expect(raised.map((r) => [r.event, r.key])).toEqual([
      ["kill-switch-on", "kill-switch-on:5000"],
      ["kill-switch-off", "kill-switch-off:9000"],
    ]);
    expect(raised[0]!.facts).toEqual({ reason: "drill", by: "ops" });
    const again = watch();
    again.w.sample(base(0, { killSwitch: on }));
    expect(again.raised.map((r) => r.key)).toEqual(["kill-switch-on:5000"]);
  });

  it("daily loss room: 50 % then 80 % once each per day and scope, again on the next day", () => {
    const { w, raised } = watch();
    // start 100,000, floor 95,000: 50 % used at 97,500, 80 % at 96,000
    const loss = (i: number, day: string, equity: number) =>
      w.sample(base(i, { dailyLoss: [{ scope: "account", day, start: 100_000, floor: 95_000, equity }] }));
    loss(0, "2024-03-05", 99_000);
    loss(1, "2024-03-05", 97_500.01);
    expect(raised).toHaveLength(0);
    loss(2, "2024-03-05", 97_500);
    loss(3, "2024-03-05", 97_400);
    loss(4, "2024-03-05", 95_999.99);
    loss(5, "2024-03-05", 97_000);
    loss(6, "2024-03-05", 95_500);
    loss(7, "2024-03-06", 96_500);
    expect(raised.map((r) => r.key)).toEqual([
      "daily-loss-50:account:2024-03-05",
      "daily-loss-80:account:2024-03-05",
      "daily-loss-50:account:2024-03-06",
    ]);
    expect(raised[1]!.facts).toMatchObject({
      usedPct: 80,
      equity: 95_999.99,
      floor: 95_000,
      roomLeft: 999.99,
    });
  });

  it("the challenge: failed with rule, market time, equity and floor, once", () => {
    const { w, raised } = watch();
    const ch = (status: "active" | "failed") => ({
      program: "ftmo-2step challenge",
      status,
      rule: status === "failed" ? "max-daily-loss" : null,
      atMarketMs: status === "failed" ? T0 : null,
      equity: status === "failed" ? 94_999.994 : null,
      floor: status === "failed" ? 95_000 : null,
      target: 110_000,
    });
    w.sample(base(0, { challenge: ch("active") }));
    w.sample(base(1, { challenge: ch("failed") }));
    w.sample(base(2, { challenge: ch("failed") }));
    expect(raised).toEqual([
      {
        event: "challenge-failed",
        key: `challenge-failed:ftmo-2step challenge:${T0}`,
        facts: {
          program: "ftmo-2step challenge",
          rule: "max-daily-loss",
          at: "2024-03-05T13:00:00.000Z (market)",
          equity: 94_999.99,
          floor: 95_000,
          target: 110_000,
        },
      },
    ]);
  });

  it("the bridge down and back, the event stream silent, a symbol silent in its session only", () => {
    const { w, raised } = watch(60);
    const tick = (lastTickWallMs: number, sessionOpen: boolean) => [
      { symbol: "XAUUSD", lastTickWallMs, sessionOpen },
    ];
    w.sample(
      base(0, { bridgeUp: true, eventStream: { alive: true, why: "" }, ticks: tick(1_000_000, true) }),
    );
    w.sample(
      base(30, { bridgeUp: false, eventStream: { alive: true, why: "" }, ticks: tick(1_000_000, true) }),
    );
    w.sample(
      base(40, {
        bridgeUp: false,
        eventStream: { alive: false, why: "no heartbeat" },
        ticks: tick(1_000_000, true),
      }),
    );
    w.sample(
      base(59, {
        bridgeUp: true,
        eventStream: { alive: false, why: "no heartbeat" },
        ticks: tick(1_000_000, true),
      }),
    );
    expect(raised.map((r) => r.event)).toEqual(["bridge-down", "heartbeat-lost", "bridge-up"]);
    expect(raised[2]!.facts).toEqual({ downForS: 29 });
    w.sample(base(60, { ticks: tick(1_000_000, true) }));
    w.sample(base(61, { ticks: tick(1_000_000, true) }));
    expect(raised.filter((r) => r.event === "no-ticks")).toHaveLength(1);
    // closed session: silence is no alert
    const closed = watch(60);
    closed.w.sample(base(100, { ticks: tick(1_000_000, false) }));
    expect(closed.raised).toHaveLength(0);
  });

  it("an order unknown for 10 s of wall time, once; a reconciliation's findings; a bot switched off; a halt that is not the kill switch", () => {
    const { w, raised } = watch();
    w.sample(base(0, { inFlight: ["R1.O7"] }));
    w.sample(base(9, { inFlight: ["R1.O7"] }));
    expect(raised).toHaveLength(0);
    w.sample(base(10, { inFlight: ["R1.O7"] }));
    w.sample(base(11, { inFlight: ["R1.O7"] }));
    w.sample(base(12, { inFlight: [] }));
    expect(raised.map((r) => r.key)).toEqual(["order-unknown:R1.O7"]);
    w.reconcileMismatch({ closedAtVenue: 2 }, T0, 123);
    w.botDisabled("hf-scalper:XAUUSD", "3 errors in a row", T0);
    w.stateChanged({
      scope: "account",
      from: "ACTIVE",
      to: "HALTED",
      reason: "kill switch",
      time: T0,
      by: "kill-switch",
    });
    w.stateChanged({
      scope: "account",
      from: "ACTIVE",
      to: "HALTED",
      reason: "max-daily-loss",
      time: T0,
      by: "ftmo-2step",
    });
    w.stateChanged({
      scope: "account",
      from: "HALTED",
      to: "ACTIVE",
      reason: "new day",
      time: T0,
      by: "ftmo-2step",
    });
    expect(raised.slice(1).map((r) => r.event)).toEqual([
      "reconcile-mismatch",
      "bot-disabled",
      "guardian-halt",
    ]);
    expect(raised[1]!.facts).toEqual({ closedAtVenue: 2 });
  });

  it("engines: a breaker opened, a budget spent (once a day); the day's summary when the market day changes", () => {
    const { w, raised } = watch();
    const day = (key: string, pnl: number) => ({ key, facts: { pnl } });
    w.sample(base(0, { breakersOpen: [], budgetsSpent: [], day: day("2024-03-05", 0) }));
    w.sample(base(1, { breakersOpen: ["claude"], budgetsSpent: ["grok"], day: day("2024-03-05", 12.5) }));
    w.sample(base(2, { breakersOpen: ["claude"], budgetsSpent: ["grok"], day: day("2024-03-05", 20) }));
    w.sample(base(3, { breakersOpen: [], budgetsSpent: ["grok"], day: day("2024-03-06", 0) }));
    expect(raised.map((r) => r.event)).toEqual(["breaker-open", "budget-spent", "daily-summary"]);
    expect(raised[2]).toMatchObject({
      key: "daily-summary:ftmo:2024-03-05",
      facts: { day: "2024-03-05", pnl: 20 },
    });
  });

  it("a start, and a start after a crash", () => {
    const { w, raised } = watch();
    w.started({ mode: "paper" });
    w.crashed({ run: "ftmo:R0", startedAtWallMs: Date.parse("2026-01-01T00:00:00Z") });
    expect(raised.map((r) => [r.event, r.key])).toEqual([
      ["node-started", "node-started:ftmo:R1"],
      ["restart-after-crash", "restart-after-crash:ftmo:R0"],
    ]);
  });
});
