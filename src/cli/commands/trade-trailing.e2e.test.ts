import { afterEach, describe, expect, it } from "vitest";
import { BridgeClient } from "../../execution/mt5/client/bridge-client.js";
import { BUILT, type HydraProcess, spawnBridgeSim, spawnHydra } from "../test-support/spawn-hydra.js";

if (!BUILT)
  console.warn(
    "skipping the hydra trade trailing-stop end-to-end test: dist/ is not built (make test builds it)",
  );

let procs: HydraProcess[] = [];
afterEach(async () => {
  for (const p of procs) await p.stop("SIGKILL", 5000);
  procs = [];
});

describe.skipIf(!BUILT)("hydra trade --mode live: a strategy that trails its stop", () => {
  it("moves the stop at the broker (MODIFY): a long's stop climbs past where it was set", async () => {
    const { rep, pub, sim } = await spawnBridgeSim([
      "--speed",
      "600",
      "--start",
      "2024-03-05T12:45:00Z",
      "--symbols",
      "XAUUSD",
    ]);
    procs.push(sim);
    // stop 0.3 % below the signal's close, trailed 0.1 % behind each close
    const node = spawnHydra(
      [
        "trade",
        "--mode",
        "live",
        "--bridge",
        rep,
        "--ticks",
        pub,
        "--symbols",
        "XAUUSD",
        "--strategy",
        "sma-cross",
        "--param",
        "period=3",
        "--param",
        "volume=0.1",
        "--param",
        "stopPct=0.3",
        "--param",
        "trailPct=0.1",
      ],
      { env: { EXECUTION_MODE: "" } },
    );
    procs.push(node);
    const broker = new BridgeClient({ endpoint: rep, timeoutMs: 2000, retries: 2 });
    try {
      await node.waitFor(/feed alive/, 30_000);
      // the broker's own view: a long whose stop is well above where a 0.3 % stop from its entry sits
      // can only be there by a MODIFY (a trailing stop never moves down)
      let trailed: { openPrice: number; sl: number | null } | undefined;
      const end = performance.now() + 40_000;
      while (trailed === undefined && performance.now() < end) {
        const { positions } = await broker.call("POSITIONS", {});
        trailed = positions.find(
          (p) => p.direction === "BUY" && p.sl !== null && p.sl > p.openPrice * 0.9985,
        );
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(trailed, node.output().slice(-2000)).toBeDefined();
      expect(await node.stop("SIGINT")).toBe(0);
    } finally {
      broker.close();
    }
  }, 90_000);
});
