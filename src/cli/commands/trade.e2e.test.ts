import { afterEach, describe, expect, it } from "vitest";
import { BUILT, type HydraProcess, spawnBridgeSim, spawnHydra } from "../test-support/spawn-hydra.js";

if (!BUILT)
  console.warn("skipping the hydra trade end-to-end tests: dist/ is not built (make test builds it)");

let procs: HydraProcess[] = [];
afterEach(async () => {
  for (const p of procs) await p.stop("SIGKILL");
  procs = [];
});

async function bridgeSim(): Promise<{ rep: string; pub: string; sim: HydraProcess }> {
  const b = await spawnBridgeSim(["--speed", "60", "--symbols", "BTC-USD"]);
  procs.push(b.sim);
  return b;
}

describe.skipIf(!BUILT)("hydra trade", () => {
  it("refuses live mode without --bridge, from --mode or EXECUTION_MODE, naming the flag", async () => {
    for (const [args, env] of [
      [["trade", "--mode", "live"], {}],
      [["trade"], { EXECUTION_MODE: "live" }],
    ] as Array<[string[], Record<string, string>]>) {
      const h = spawnHydra(args, { env });
      procs.push(h);
      expect(await h.exited()).toBe(2);
      expect(h.output()).toMatch(/live mode sends real orders: give the trade server with --bridge/);
      expect(h.output()).not.toMatch(/live trading/);
    }
  }, 30_000);

  it("documents the feed timeout and its 30 s default", async () => {
    const h = spawnHydra(["trade", "--help"]);
    procs.push(h);
    expect(await h.exited()).toBe(0);
    expect(h.stdout()).toMatch(
      /--feed-timeout <d>\s+wall time the price feed may stay dead[\s\S]*\(default: "30s"\)/,
    );
  }, 30_000);

  it("paper mode without --duration trades until SIGINT, then exits 0 with its summary", async () => {
    const { rep, pub } = await bridgeSim();
    const args = ["trade", "--mode", "paper", "--bridge", rep, "--ticks", pub, "--symbols", "BTC-USD"];
    // BTC-USD trades every day of the week: the test does not depend on the weekday it runs on
    const h = spawnHydra([...args, "--param", "period=2", "--param", "volume=0.01", "--param", "stopPct=1"]);
    procs.push(h);
    await h.waitFor(/Z \(market\) paper fill (buy|sell) /, 30_000);
    expect(await h.stop("SIGINT")).toBe(0);
    const summary = JSON.parse(h.stdout().trim().split("\n").at(-1)!);
    expect(summary).toMatchObject({ mode: "paper", failure: null });
    expect(summary.fills).toBeGreaterThan(0);
  }, 60_000);

  it("KILL_SWITCH=true: no order is sent, every entry is denied as halted", async () => {
    const { rep, pub } = await bridgeSim();
    const args = ["trade", "--mode", "paper", "--bridge", rep, "--ticks", pub, "--symbols", "BTC-USD"];
    const h = spawnHydra([...args, "--param", "period=2", "--param", "volume=0.01", "--param", "stopPct=1"], {
      env: { KILL_SWITCH: "true" },
    });
    procs.push(h);
    await h.waitFor(/sma-cross denied TRADING_HALTED/, 30_000);
    expect(await h.stop("SIGINT")).toBe(0);
    expect(JSON.parse(h.stdout().trim().split("\n").at(-1)!)).toMatchObject({ fills: 0 });
  }, 60_000);

  it("live mode exits 1, saying why, when its price feed dies and does not come back", async () => {
    const { rep, pub, sim } = await bridgeSim();
    const args = ["trade", "--mode", "live", "--bridge", rep, "--ticks", pub, "--symbols", "BTC-USD"];
    const h = spawnHydra([...args, "--feed-timeout", "1s"]);
    procs.push(h);
    await h.waitFor(/feed alive/, 30_000);
    expect(await sim.stop("SIGINT")).toBe(0);
    const code = await h.exited();
    expect(h.output()).toMatch(
      /hydra: trade stopped: the price feed at tcp:\/\/127\.0\.0\.1:\d+ died \(no heartbeat for \d+ ms\) and was not back within 1 s of wall time \[RUN_FAILED\]/,
    );
    expect(code).toBe(1);
  }, 60_000);
});
