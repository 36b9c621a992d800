import { describe, expect, it, vi } from "vitest";
import { TestClock } from "../../core/clock.js";
import { HydraError } from "../../core/errors.js";
import { TradingStates } from "../trading-state.js";
import { type IntervalTimer, KillSwitch, type KillSwitchOptions } from "./kill-switch.js";
import { killSwitchFromEnv } from "./kill-switch-env.js";
import { type KillSwitchRecord, type KillSwitchStore, NEVER_SET } from "./kill-switch-store.js";

/** A store the test flips directly (the SQLite one is exercised in persistence/). */
function fakeStore(): KillSwitchStore & { rec: KillSwitchRecord; fail: boolean } {
  const s = {
    rec: { ...NEVER_SET },
    fail: false,
    read: () => {
      if (s.fail) throw new HydraError("STORAGE", "disk gone");
      return { ...s.rec };
    },
    write: (active: boolean, reason: string, updatedAt: number, updatedBy: string) =>
      (s.rec = { active, reason, updatedAt, updatedBy }),
    close: () => {},
  };
  return s;
}

/** A timer the test fires by hand. */
function manualTimer(): IntervalTimer & { fire(): void; ms: number | undefined; cleared: boolean } {
  let fn: (() => void) | undefined;
  const t = {
    ms: undefined as number | undefined,
    cleared: false,
    set: (f: () => void, ms: number) => {
      fn = f;
      t.ms = ms;
      return 1;
    },
    clear: () => {
      t.cleared = true;
    },
    fire: () => fn?.(),
  };
  return t;
}

function setup(opts: Partial<KillSwitchOptions> = {}) {
  const store = fakeStore();
  const states = new TradingStates();
  const ks = new KillSwitch({ store, states, ...opts });
  return { store, states, ks };
}

describe("KillSwitch", () => {
  it("halts at the first poll when KILL_SWITCH is set in the environment", () => {
    for (const v of ["true", "1", "yes", "YES", " True "]) {
      const { states, ks } = setup({ env: { KILL_SWITCH: v } });
      expect(ks.poll(1000)).toBe(true);
      expect(states.effective("acct-1")).toBe("HALTED");
      expect(states.history).toEqual([
        {
          scope: "global",
          from: "ACTIVE",
          to: "HALTED",
          reason: "kill switch on (env KILL_SWITCH)",
          time: 1000,
          by: "kill-switch",
        },
      ]);
    }
  });

  it("stays off for an unset, empty or false flag and an empty store, changing nothing", () => {
    for (const v of [undefined, "", "false", "0", "no"]) {
      const { states, ks } = setup({ env: { KILL_SWITCH: v } });
      expect(ks.poll(0)).toBe(false);
      expect(states.history).toEqual([]);
    }
  });

  it("rejects an invalid KILL_SWITCH value, naming it", () => {
    expect(() => setup({ env: { KILL_SWITCH: "maybe" } })).toThrow(
      expect.objectContaining({ code: "CONFIG_INVALID", details: { field: "KILL_SWITCH" } }),
    );
    expect(() => killSwitchFromEnv({ KILL_SWITCH: "maybe" })).toThrow(/KILL_SWITCH .*got "maybe"/);
  });

  it("turning off lifts only a halt it made, not the guardian's", () => {
    const { store, states, ks } = setup({});
    store.write(true, "news", 5, "cli");
    ks.poll(10);
    states.set("global", "HALTED", "guardian: drawdown past 9%", 15, "guardian");
    store.write(false, "", 20, "cli");
    expect(ks.poll(30)).toBe(false);
    expect(states.effective("acct")).toBe("HALTED");
    expect(states.owner("global")).toBe("guardian");
  });

  it("rejects an unknown mode", () => {
    expect(() => setup({ mode: "panic" })).toThrow(expect.objectContaining({ code: "CONFIG_INVALID" }));
  });

  it("follows the store: halts when it turns on, back to ACTIVE when it turns off, once per change", () => {
    const onActivate = vi.fn();
    const { store, states, ks } = setup({ onActivate });
    expect(ks.poll(0)).toBe(false);
    store.write(true, "news", 5, "cli");
    expect(ks.poll(10)).toBe(true);
    expect(ks.poll(20)).toBe(true);
    store.write(false, "", 25, "cli");
    expect(ks.poll(30)).toBe(false);
    expect(states.history.map((c) => [c.to, c.reason, c.time])).toEqual([
      ["HALTED", "kill switch on (store by cli: news)", 10],
      ["ACTIVE", "kill switch off", 30],
    ]);
    expect(onActivate).toHaveBeenCalledOnce();
    expect(onActivate).toHaveBeenCalledWith("freeze", "kill switch on (store by cli: news)");
  });

  it("stays on while either source is on", () => {
    const { store, states, ks } = setup({ env: { KILL_SWITCH: "1" } });
    store.write(true, "", 0, "ops");
    expect(ks.poll(0)).toBe(true);
    expect(ks.status().reason).toBe("kill switch on (env KILL_SWITCH; store by ops)");
    store.write(false, "", 1, "ops");
    expect(ks.poll(1)).toBe(true);
    expect(states.own("global")).toBe("HALTED");
  });

  it("asks the caller to flatten in close mode, after the state went HALTED", () => {
    const states = new TradingStates();
    const seen: string[] = [];
    const ks = new KillSwitch({
      store: fakeStore(),
      states,
      env: { KILL_SWITCH: "yes" },
      mode: "close",
      onActivate: (mode) => seen.push(`${mode} while ${states.own("global")}`),
    });
    ks.poll(0);
    expect(seen).toEqual(["close while HALTED"]);
  });

  it("keeps the last store value when a read fails, reporting it; env still applies", () => {
    const errors: unknown[] = [];
    const { store, states, ks } = setup({ onError: (e) => errors.push(e) });
    store.write(true, "x", 0, "cli");
    ks.poll(0);
    store.fail = true;
    expect(ks.poll(1)).toBe(true);
    expect(errors).toHaveLength(1);
    expect(ks.status().storeError).toBeInstanceOf(HydraError);
    expect(states.own("global")).toBe("HALTED");
    const bare = setup({ env: { KILL_SWITCH: "1" } });
    bare.store.fail = true;
    expect(() => bare.ks.poll(0)).toThrow(/disk gone/);
    expect(bare.states.own("global")).toBe("HALTED");
  });

  it("halts while the store cannot be read when told to (a network database), and resumes once it can", () => {
    const errors: unknown[] = [];
    const activations: string[] = [];
    const { store, states, ks } = setup({
      haltWhenUnreadable: true,
      onError: (e) => errors.push(e),
      onActivate: (_mode, reason) => activations.push(reason),
    });
    expect(ks.poll(0)).toBe(false);
    store.fail = true;
    expect(ks.poll(1)).toBe(true);
    expect(states.own("global")).toBe("HALTED");
    expect(activations).toEqual(["kill switch on (its store cannot be read: disk gone)"]);
    expect(errors).toHaveLength(1);
    store.fail = false;
    expect(ks.poll(2)).toBe(false);
    expect(states.history.at(-1)).toMatchObject({ to: "ACTIVE", reason: "kill switch off", time: 2 });
  });

  it("polls on start and then on every tick of the interval; stop clears the timer", () => {
    const clock = new TestClock(1_000);
    const timer = manualTimer();
    const { store, states, ks } = setup();
    ks.start(clock, 500, timer);
    expect(timer.ms).toBe(500);
    expect(() => ks.start(clock, 500, timer)).toThrow(/already started/);
    store.write(true, "remote", 1_100, "cli");
    clock.advance(500);
    timer.fire();
    expect(states.history).toEqual([
      expect.objectContaining({ to: "HALTED", time: 1_500, reason: "kill switch on (store by cli: remote)" }),
    ]);
    ks.stop();
    expect(timer.cleared).toBe(true);
    expect(() => setup().ks.start(clock, 0, timer)).toThrow(/interval/);
  });

  it("does not let a failing tick escape the timer", () => {
    const clock = new TestClock();
    const timer = manualTimer();
    const { store, ks } = setup();
    ks.start(clock, 100, timer);
    store.fail = true;
    expect(() => timer.fire()).not.toThrow();
    expect(ks.status().storeError).toBeInstanceOf(HydraError);
  });
});
