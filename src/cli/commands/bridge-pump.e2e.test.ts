import { afterEach, describe, expect, it } from "vitest";
import { LiveClock } from "../../core/clock.js";
import { TickSubscriber } from "../../execution/mt5/client/tick-subscriber.js";
import { BUILT, type HydraProcess, spawnBridgeSim } from "../test-support/spawn-hydra.js";

if (!BUILT) console.warn("skipping hydra bridge sim --pump: dist/ is not built (make test builds it)");

const FLAGS = ["--symbols", "XAUUSD", "--speed", "600", "--start", "2024-01-02T08:00:00Z"];

let sim: HydraProcess | undefined;
let sub: TickSubscriber | undefined;
afterEach(async () => {
  sub?.stop();
  sub = undefined;
  await sim?.stop();
  sim = undefined;
});

/** Subscribes to a running `hydra bridge sim`; counts its ticks and heartbeats. */
function listen(pub: string): { ticks: () => number; heartbeats: () => number } {
  let ticks = 0;
  let heartbeats = 0;
  sub = new TickSubscriber({
    endpoint: pub,
    symbols: ["XAUUSD"],
    clock: new LiveClock(),
    onTick: () => ticks++,
    onHeartbeat: () => heartbeats++,
  });
  sub.start();
  return { ticks: () => ticks, heartbeats: () => heartbeats };
}

async function until(cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
}

describe.skipIf(!BUILT)("hydra bridge sim --pump", () => {
  it("releases the price stream at the given wall interval: none in the first hour at 1h, at once at 5ms", async () => {
    const slow = await spawnBridgeSim([...FLAGS, "--pump", "1h"]);
    sim = slow.sim;
    const quiet = listen(slow.pub);
    await until(() => quiet.heartbeats() >= 2, 10_000);
    expect(quiet.heartbeats()).toBeGreaterThanOrEqual(2);
    expect(quiet.ticks()).toBe(0); // the market moved 600 s a second, but nothing was released yet
    sub!.stop();
    await sim.stop();

    const fast = await spawnBridgeSim([...FLAGS, "--pump", "5ms"]);
    sim = fast.sim;
    const busy = listen(fast.pub);
    await until(() => busy.ticks() > 0, 10_000);
    expect(busy.ticks()).toBeGreaterThan(0);
  });
});
