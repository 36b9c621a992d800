import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { LiveClock, TestClock } from "../core/clock.js";
import { type IntervalTimer, KillSwitch } from "../risk/kill-switch/kill-switch.js";
import { TradingStates } from "../risk/trading-state.js";
import { SqliteKillSwitchStore } from "./sqlite-kill-switch-store.js";

describe("KillSwitch on a SQLite file flipped by another connection", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "hydra-ks-"));
  const opened: Array<{ close(): void }> = [];
  const started: KillSwitch[] = [];
  afterEach(() => {
    for (const k of started.splice(0)) k.stop();
    for (const c of opened.splice(0)) c.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const open = (name: string): SqliteKillSwitchStore => {
    const s = SqliteKillSwitchStore.open(path.join(dir, name));
    opened.push(s);
    return s;
  };

  it("sees the change within one poll interval (test clock, timer fired by hand)", () => {
    const engineSide = open("a.db");
    const cliSide = open("a.db");
    const clock = new TestClock(0);
    let tick: () => void = () => {};
    const timer: IntervalTimer = { set: (fn) => (tick = fn), clear: () => {} };
    const states = new TradingStates();
    const ks = new KillSwitch({ store: engineSide, states });
    ks.start(clock, 500, timer);
    expect(states.own("global")).toBe("ACTIVE");

    clock.advance(120);
    cliSide.write(true, "flatten risk", clock.now(), "cli");
    clock.advance(380);
    tick();
    const halted = states.history.at(-1)!;
    expect(halted).toMatchObject({ to: "HALTED", reason: "kill switch on (store by cli: flatten risk)" });
    expect(halted.time - 120).toBeLessThanOrEqual(500);

    clock.advance(100);
    cliSide.write(false, "", clock.now(), "cli");
    clock.advance(400);
    tick();
    expect(states.history.at(-1)).toMatchObject({ to: "ACTIVE", reason: "kill switch off", time: 1000 });
    ks.stop();
  });

  it("sees it within a second on the real timer", async () => {
    const engineSide = open("b.db");
    const cliSide = open("b.db");
    const states = new TradingStates();
    const onActivate = vi.fn();
    const ks = new KillSwitch({ store: engineSide, states, mode: "close", onActivate });
    started.push(ks);
    ks.start(new LiveClock(), 100);
    cliSide.write(true, "", 1, "cli");
    await vi.waitFor(() => expect(states.own("global")).toBe("HALTED"), { timeout: 1000, interval: 20 });
    expect(onActivate).toHaveBeenCalledWith("close", "kill switch on (store by cli)");
  });
});
