import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SqliteTradingJournal } from "../../persistence/sqlite-trading-journal.js";
import { SPEC_METRIC_NAMES } from "../../telemetry/ftmo-metrics.js";
import { ftmoBots } from "./ftmo-bot-plan.js";
import { runFtmo } from "./ftmo-runner.js";

const hasPromtool = (() => {
  try {
    execFileSync("promtool", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
if (!hasPromtool)
  console.warn(
    "promtool is not installed (apt-get install prometheus): the metrics are checked for names only",
  );

describe("the FTMO runner against the simulated bridge", () => {
  it("runs the six bots, serves metrics that pass promtool, checkpoints and shuts down cleanly", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "hydra-ftmo-"));
    const db = path.join(dir, "hydra.db");
    const lines: string[] = [];
    let scraped = "";
    const summary = await runFtmo({
      mode: "paper",
      bots: ftmoBots(),
      program: "ftmo-2step",
      phase: "challenge",
      initial: 100_000,
      turbo: true,
      metricsPort: 0,
      dbPath: db,
      durationMs: 3500,
      seed: 7,
      speed: 120,
      env: {},
      log: (l) => lines.push(l),
      onReady: ({ metricsPort }) => {
        setTimeout(async () => {
          scraped = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
        }, 2200);
      },
    });
    expect(summary.ticks).toBeGreaterThan(100);
    expect(summary.challenge).toBe("active");
    for (const name of SPEC_METRIC_NAMES) expect(scraped, name).toContain(name);
    expect(scraped).toMatch(/ftmo_connection_status\{component="event_bus"\} 1/);
    if (hasPromtool) execFileSync("promtool", ["check", "metrics"], { input: scraped });
    // state written: the checkpoint, the journal
    const checkpoint = JSON.parse(readFileSync(`${db}.ftmo-checkpoint.json`, "utf8"));
    expect(checkpoint).toMatchObject({ mode: "paper", balance: summary.balance });
    const journal = SqliteTradingJournal.open(db);
    expect(journal.loadRuleState()).toMatchObject({ verdict: { status: "active" }, initial: 100_000 });
    journal.close();
    expect(lines.some((l) => l.startsWith("shutting down"))).toBe(true);
  });
});

const BIN = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../../bin/hydra.js");
const built = existsSync(path.resolve(path.dirname(BIN), "../dist/src/cli/main.js"));

describe.skipIf(!built)("crash and resume (separate processes, SIGKILL)", () => {
  it("a runner killed with open positions resumes from its checkpoint, gives the bots their positions back and sends no duplicate", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "hydra-crash-"));
    const db = path.join(dir, "hydra.db");
    const free = async (): Promise<number> => {
      const net = await import("node:net");
      return new Promise((r) => {
        const s = net.createServer().listen(0, "127.0.0.1", () => {
          const port = (s.address() as { port: number }).port;
          s.close(() => r(port));
        });
      });
    };
    const rep = `tcp://127.0.0.1:${await free()}`;
    const pub = `tcp://127.0.0.1:${await free()}`;
    const bridge = spawn(
      process.execPath,
      [
        BIN,
        "bridge",
        "sim",
        "--rep",
        rep,
        "--pub",
        pub,
        "--symbols",
        "XAUUSD,EURUSD,US30,NAS100",
        "--speed",
        "60",
        "--duration",
        "60s",
      ],
      { stdio: "pipe" },
    );
    try {
      await new Promise((r) => setTimeout(r, 1500));
      // a position the hf-scalper opened before the crash: its name is in the comment
      const { BridgeClient } = await import("../../execution/mt5/client/bridge-client.js");
      const client = new BridgeClient({ endpoint: rep });
      const price = await client.call("PRICE", { symbol: "EURUSD" }).catch(() => undefined);
      if (price !== undefined)
        await client.call("TRADE", {
          symbol: "EURUSD",
          direction: "BUY",
          volume: 0.1,
          sl: Number((price.bid - 0.005).toFixed(5)),
          comment: "hf-scalper",
        });
      const runner = (): ReturnType<typeof spawn> =>
        spawn(
          process.execPath,
          [BIN, "ftmo", "--mode", "live", "--bridge", rep, "--ticks", pub, "--db", db, "--duration", "20s"],
          { stdio: "pipe" },
        );
      const first = runner();
      let out1 = "";
      first.stdout?.on("data", (d) => (out1 += String(d)));
      await new Promise((r) => setTimeout(r, 2500));
      first.kill("SIGKILL");
      await new Promise((r) => first.once("exit", r));
      const before = (await client.call("POSITIONS", {})).positions.length;
      const second = runner();
      let out2 = "";
      second.stdout?.on("data", (d) => (out2 += String(d)));
      await new Promise((r) => setTimeout(r, 2500));
      second.kill("SIGTERM");
      const code = await new Promise((r) => second.once("exit", r));
      const after = (await client.call("POSITIONS", {})).positions;
      client.close();
      expect(out1).toContain("reconciled");
      // the second run continues the first's checkpoint: the bot's position is known again, not adopted
      expect(out2).toMatch(/resumed run R1 from its checkpoint/);
      expect(out2).toContain("shutting down");
      expect(code).toBe(0);
      // no order was sent twice: the broker's positions are the same ones, or fewer (closed by their bots)
      expect(after.length).toBeLessThanOrEqual(before);
      if (price !== undefined) {
        expect(out1).toMatch(/"adopted":\[\d+\]/);
        expect(out2).toMatch(/balance [\d.]+, 1 position\(s\)/);
        expect(out2).not.toMatch(/"adopted":\[\d+\]/);
      }
    } finally {
      bridge.kill("SIGTERM");
    }
  }, 30_000);
});
