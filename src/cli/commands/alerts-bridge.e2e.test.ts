import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FakeTelegram } from "../../alerts/test-support/fake-telegram.js";
import { BUILT, spawnBridgeSim, spawnHydra } from "../test-support/spawn-hydra.js";

if (!BUILT)
  console.warn("skipping the bridge alerts end-to-end test: dist/ is not built (make test builds it)");

const dir = mkdtempSync(path.join(tmpdir(), "hydra-alert-bridge-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!BUILT)("hydra ftmo --mode live tells Telegram when its bridge goes away", () => {
  it("raises heartbeat-lost, bridge-down (critical) and no-ticks when the bridge dies", async () => {
    const tg = await FakeTelegram.start();
    const { rep, pub, sim } = await spawnBridgeSim(["--speed", "60", "--start", "2024-03-05T12:45:00Z"]);
    // a symbol silent 5 s of wall time in its session is an alert (default 60 s)
    const config = path.join(dir, "node.yaml");
    writeFileSync(config, "alerts:\n  noTicksS: 5\n");
    const node = spawnHydra(
      [
        "ftmo",
        "--mode",
        "live",
        "--bridge",
        rep,
        "--ticks",
        pub,
        "--config",
        config,
        "--db",
        path.join(dir, "live.db"),
      ],
      {
        env: {
          TELEGRAM_TOKEN: tg.token,
          TELEGRAM_CHAT_ID: "4242",
          TELEGRAM_API_URL: tg.url,
          EXECUTION_MODE: "",
        },
      },
    );
    try {
      await node.waitFor(/^ready: /m, 30_000);
      await tg.waitFor(() => tg.sent.find((m) => m.text.includes("node\\-started")), 30_000, "start message");
      await sim.stop("SIGKILL", 5000);
      const lost = await tg.waitFor(
        () => tg.sent.find((m) => m.text.includes("heartbeat\\-lost")),
        30_000,
        "heartbeat-lost",
      );
      expect(lost.text).toContain("CRITICAL");
      const down = await tg.waitFor(
        () => tg.sent.find((m) => m.text.includes("bridge\\-down")),
        90_000,
        "bridge-down",
      );
      expect(down.text).toContain("CRITICAL");
      expect(node.output()).toMatch(/alert critical bridge-down: since=\S+ \(wall\) → telegram/);
      // the bots' symbols fell silent in their sessions (a New York morning, market time)
      const silent = await tg.waitFor(
        () => tg.sent.find((m) => m.text.includes("no\\-ticks")),
        30_000,
        "no-ticks",
      );
      expect(silent.text).toMatch(/symbol: [A-Z0-9]+/);
    } finally {
      await node.stop("SIGKILL", 5000);
      await sim.stop("SIGKILL", 5000);
      await tg.close();
    }
  }, 180_000);
});
