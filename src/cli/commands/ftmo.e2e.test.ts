import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { BridgeClient } from "../../execution/mt5/client/bridge-client.js";
import {
  BIN,
  BUILT,
  freePort,
  type HydraProcess,
  spawnBridgeSim,
  spawnHydra,
} from "../test-support/spawn-hydra.js";

if (!BUILT)
  console.warn("skipping the hydra ftmo end-to-end tests: dist/ is not built (make test builds it)");

const dir = mkdtempSync(path.join(tmpdir(), "hydra-ftmo-e2e-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const running: HydraProcess[] = [];
afterEach(async () => {
  for (const p of running.splice(0)) await p.stop("SIGKILL", 5000);
});
const hydra = (args: string[], env: Record<string, string> = {}): HydraProcess => {
  const p = spawnHydra(args, { env: { KILL_SWITCH: "", EXECUTION_MODE: "", ...env } });
  running.push(p);
  return p;
};
const lastJson = (text: string): Record<string, unknown> =>
  JSON.parse(
    text
      .trim()
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .at(-1)!,
  );
/** a Tuesday in the London/New York overlap: every bot's session is open */
const ACTIVE_START = "2024-03-12T12:00:00Z";

describe.skipIf(!BUILT)("hydra ftmo, as a user runs it (no --duration, stopped by Ctrl-C)", () => {
  it("trades for as long as it runs, serves metrics, and stops on SIGINT with exit 0 and a summary", async () => {
    const db = path.join(dir, "paper.db");
    const port = await freePort();
    const p = hydra([
      "ftmo",
      "--mode",
      "paper",
      "--db",
      db,
      "--speed",
      "120",
      "--start",
      ACTIVE_START,
      "--metrics-port",
      String(port),
    ]);
    await p.waitFor(/\(market\) fill (buy|sell) [\d.]+ \w+ @ [\d.]+ \(market, R1\.P1\)/, 90_000);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toMatch(/ftmo_bot_signals_total\{bot="[\w:-]+",direction="(buy|sell)"\} [1-9]/);
    expect(await p.stop("SIGINT")).toBe(0);
    const summary = lastJson(p.stdout());
    expect(summary).toMatchObject({ mode: "paper", runId: 1, problems: [], resumedFrom: null });
    expect(summary.fills).toBeGreaterThan(0);
    // order and position ids carry the run: a second run's rows never collide with the first's
    const rows = new Database(db, { readonly: true }).prepare("SELECT id FROM orders").all() as {
      id: string;
    }[];
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.id).toMatch(/^R1\.O\d+$/);
  });

  it("with KILL_SWITCH=true it sends no order: every entry is denied as halted", async () => {
    const db = path.join(dir, "env-kill.db");
    const p = hydra(["ftmo", "--db", db, "--speed", "120", "--start", ACTIVE_START], { KILL_SWITCH: "true" });
    await p.waitFor(/[\w:-]+ denied TRADING_HALTED/, 90_000);
    expect(await p.stop("SIGINT")).toBe(0);
    const summary = lastJson(p.stdout());
    expect(summary.fills).toBe(0);
    expect(summary.denials).toBeGreaterThan(0);
    expect(p.output()).toContain("kill switch on (env KILL_SWITCH): trading halted");
  });

  it("`hydra kill-switch on` in another terminal halts it within a second; status lists the process", async () => {
    const db = path.join(dir, "cli-kill.db");
    const p = hydra(["ftmo", "--db", db, "--speed", "120", "--start", ACTIVE_START]);
    await p.waitFor(/\(market\) fill (buy|sell)/, 90_000);
    const status = JSON.parse(
      execFileSync(process.execPath, [BIN, "kill-switch", "status", "--db", db, "--json"], {
        encoding: "utf8",
      }),
    );
    expect(status.processes).toEqual([
      expect.objectContaining({ pid: p.proc.pid, name: "ftmo", alive: true, halted: false }),
    ]);
    const before = p.output().length;
    const sentAt = performance.now();
    execFileSync(process.execPath, [BIN, "kill-switch", "on", "--db", db, "--reason", "e2e"]);
    await p.waitFor(/trading state global: ACTIVE → HALTED \(kill switch on \(store by cli: e2e\)\)/, 5000);
    const latencyMs = performance.now() - sentAt;
    console.log(`kill switch → HALTED in ${latencyMs.toFixed(0)} ms (poll every 500 ms)`);
    await new Promise((r) => setTimeout(r, 3000)); // 6 market minutes: the bots keep signalling
    expect(await p.stop("SIGINT")).toBe(0);
    // after the halt: positions closed (kill mode close); an entry still in flight at the halt may fill,
    // and is closed at once (no bot's new entry is sent: they are denied TRADING_HALTED)
    const after = p.output().slice(before);
    const haltAt = after.indexOf("ACTIVE → HALTED");
    const tail = after.slice(haltAt);
    for (const m of tail.matchAll(/fill (?:buy|sell) [\d.]+ \w+ @ [\d.]+ \(market, (R\d+\.P\d+)\)/g))
      expect(tail.slice(m.index), `${m[1]} opened after the halt`).toMatch(
        new RegExp(`\\(close, ${m[1]!.replace(".", "\\.")}\\)`),
      );
    expect(lastJson(p.stdout())).toMatchObject({ openPositions: 0 });
    const gone = JSON.parse(
      execFileSync(process.execPath, [BIN, "kill-switch", "status", "--db", db, "--json"], {
        encoding: "utf8",
      }),
    );
    expect(gone.processes).toEqual([]); // a clean stop leaves the list
  });

  it("refuses another mode's checkpoint, and live mode without --bridge, naming what to change", async () => {
    const db = path.join(dir, "modes.db");
    const paper = hydra(["ftmo", "--mode", "paper", "--db", db, "--speed", "120", "--start", ACTIVE_START]);
    await paper.waitFor(/^ready: /m, 30_000);
    expect(await paper.stop("SIGINT")).toBe(0); // leaves its checkpoint beside the database
    const shadow = hydra(["ftmo", "--mode", "shadow", "--db", db]);
    expect(await shadow.exited()).toBe(2);
    expect(shadow.output()).toMatch(/was written by a paper run; a shadow run does not resume it/);
    expect(shadow.output()).not.toMatch(/\n\s+at /); // no stack trace
    const live = hydra(["ftmo", "--db", path.join(dir, "x.db")], { EXECUTION_MODE: "live" });
    expect(await live.exited()).toBe(2);
    expect(live.output()).toMatch(/--bridge/);
  });
});

describe.skipIf(!BUILT)("hydra ftmo --config FILE (YAML or JSON)", () => {
  it("takes its settings from the file, flags winning over it", async () => {
    const db = path.join(dir, "from-config.db");
    const config = path.join(dir, "node.yaml");
    writeFileSync(
      config,
      [
        `db: ${db}`,
        "mode: paper",
        "market:",
        "  speed: 120",
        `  start: "${ACTIVE_START}"`,
        "ftmo:",
        "  program: ftmo-1step",
        "  bots: [hf-scalper, us30-orb]",
        "",
      ].join("\n"),
    );
    const p = hydra(["ftmo", "--config", config, "--phase", "challenge"], { HYDRA_DB: "" });
    await p.waitFor(/^ready: /m, 30_000);
    expect(await p.stop("SIGINT")).toBe(0);
    expect(p.output()).toContain(
      "paper mode, us30-orb, hf-scalper:XAUUSD, hf-scalper:EURUSD, hf-scalper:US30, hf-scalper:NAS100 on",
    );
    expect(p.output()).toContain(`ftmo-1step challenge, db ${db}`);
    expect(p.output()).toContain(`market from ${ACTIVE_START.replace("Z", ".000Z")} at 120×`);
  });

  it("refuses an unknown field, naming its path, without a stack trace", async () => {
    const config = path.join(dir, "bad.json");
    writeFileSync(config, JSON.stringify({ ftmo: { program: "ftmo-2step", botz: ["x"] } }));
    const p = hydra(["ftmo", "--config", config]);
    expect(await p.exited()).toBe(2);
    expect(p.output()).toContain('bad.json: "ftmo.botz" is not a setting of ftmo');
    expect(p.output()).not.toMatch(/\n\s+at /);
  });
});

/**
 * Gold ticks every 5 s (market time): flat at 2000 for 25 min (time for the runner to start and adopt the
 * position, even on a loaded machine), down to 1985 by minute 40, then flat for the restart.
 */
function crashTicks(file: string, startIso: string): void {
  const t0 = Date.parse(startIso);
  const lines = ["time,bid,ask"];
  for (let s = 0; s <= 90 * 60; s += 5) {
    const min = s / 60;
    const bid = min <= 25 ? 2000 : min <= 40 ? 2000 - (min - 25) : 1985;
    lines.push(`${new Date(t0 + s * 1000).toISOString()},${bid.toFixed(2)},${(bid + 0.3).toFixed(2)}`);
  }
  writeFileSync(file, `${lines.join("\n")}\n`);
}

describe.skipIf(!BUILT)("hydra ftmo --mode live: SIGKILL after a daily-loss breach", () => {
  it("restarts with the challenge still failed and the same floors, and books the broker's close", async () => {
    const data = path.join(dir, "XAUUSD_ticks.csv");
    crashTicks(data, "2024-03-12T09:00:00Z");
    const { rep, pub, sim } = await spawnBridgeSim(["--data", data, "--symbols", "XAUUSD", "--speed", "150"]);
    running.push(sim);
    // a position opened by hand at the broker: 10 lots, no stop (the runner adopts it)
    const client = new BridgeClient({ endpoint: rep });
    try {
      // the first quote: the file's first tick has been published
      for (let i = 0; i < 50; i++) {
        const ok = await client.call("PRICE", { symbol: "XAUUSD" }).then(
          () => true,
          () => false,
        );
        if (ok) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const opened = await client.call("TRADE", {
        symbol: "XAUUSD",
        direction: "BUY",
        volume: 10,
        comment: "manual",
      });
      expect(opened.ticket).toBeGreaterThan(0);
      const db = path.join(dir, "live.db");
      const args = ["ftmo", "--mode", "live", "--bridge", rep, "--ticks", pub, "--db", db];
      const first = hydra([...args, "--bots", "gold-ny-reversion"]);
      await first.waitFor(/"adopted":\[\d+\]/, 20_000);
      const breach = await first.waitFor(
        /ftmo-2step challenge failed: max-daily-loss \(equity [\d.]+ below ([\d.]+)\)/,
        90_000,
      );
      expect(Number(breach[1])).toBe(95_000);
      first.proc.kill("SIGKILL"); // right after the breach: no clean shutdown, no final checkpoint
      await first.exited();

      const second = hydra([...args, "--bots", "gold-ny-reversion"]);
      await second.waitFor(
        /resumed run R1 .*challenge failed \(max-daily-loss\), floors daily 95000 max-loss 90000/,
        20_000,
      );
      // the adopted position is flattened once: by the first run before the kill (then the second books
      // the broker's close from its deals) or by the second run's kill action
      await second.waitFor(/fill sell 10 XAUUSD @ [\d.]+ \(close, T\d+\)/, 30_000);
      expect(await second.stop("SIGINT")).toBe(0);
      const summary = lastJson(second.stdout());
      expect(summary, `first run:\n${first.output()}\nsecond run:\n${second.output()}`).toMatchObject({
        mode: "live",
        runId: 2,
        challenge: "failed",
        rule: "max-daily-loss",
        floors: { daily: 95_000, maxLoss: 90_000 },
        resumedFrom: { runId: 1, challenge: "failed" },
        openPositions: 0,
        problems: [],
      });
      // the broker's close of the adopted position is in the journal, once
      const trades = new Database(db, { readonly: true })
        .prepare("SELECT position_id, net_pnl FROM trades WHERE position_id = ?")
        .all(`T${opened.ticket}`) as { net_pnl: number }[];
      expect(trades).toHaveLength(1);
      expect(trades[0]!.net_pnl).toBeLessThan(-5000);
    } finally {
      client.close();
    }
  });
});

describe.skipIf(!BUILT)(
  "hydra ftmo --mode live: a position closed at the broker while the node is down",
  () => {
    it("is booked once after the restart (every entry is checkpointed when it fills)", async () => {
      const { rep, pub, sim } = await spawnBridgeSim(["--speed", "120", "--start", ACTIVE_START]);
      running.push(sim);
      const db = path.join(dir, "live-downtime.db");
      const args = ["ftmo", "--mode", "live", "--bridge", rep, "--ticks", pub, "--db", db];
      const first = hydra(args);
      const entry = await first.waitFor(
        /\(market\) fill (buy|sell) [\d.]+ (\w+) @ [\d.]+ \(market, (T\d+)\)/,
        90_000,
      );
      first.proc.kill("SIGKILL"); // no clean shutdown: only what was on disk when the entry filled
      await first.exited();
      const ticket = Number(entry[3]!.slice(1));
      const client = new BridgeClient({ endpoint: rep });
      try {
        // the broker closes it while the node is down (a stop, a manual close: the node never saw it)
        const closed = await client.call("CLOSE", { ticket });
        expect(closed.ticket).toBe(ticket);
      } finally {
        client.close();
      }
      const second = hydra(args);
      await second.waitFor(/resumed run R1 .*balance [\d.]+, [1-9]\d* position\(s\)/, 30_000);
      await second.waitFor(
        new RegExp(`fill (buy|sell) [\\d.]+ ${entry[2]} @ [\\d.]+ \\(\\w+, T${ticket}\\)`),
        30_000,
      );
      expect(await second.stop("SIGINT")).toBe(0);
      const rows = new Database(db, { readonly: true })
        .prepare("SELECT position_id FROM trades WHERE position_id = ?")
        .all(`T${ticket}`);
      expect(rows).toHaveLength(1);
    });
  },
);

describe.skipIf(!BUILT)("hydra ftmo --mode live: stopping without the broker's word", () => {
  it("exits 1 saying why when the last reconciliation gets no answer from the bridge", async () => {
    const { rep, pub, sim } = await spawnBridgeSim(["--speed", "60"]);
    running.push(sim);
    const db = path.join(dir, "live-no-bridge.db");
    const p = hydra(["ftmo", "--mode", "live", "--bridge", rep, "--ticks", pub, "--db", db]);
    await p.waitFor(/^ready: /m, 30_000);
    await sim.stop("SIGKILL"); // the bridge is gone: nothing can confirm the broker's books
    expect(await p.stop("SIGINT", 60_000)).toBe(1);
    expect(p.output()).toContain(
      "hydra: ftmo stopped with: the bridge did not answer the last reconciliation [RUN_FAILED]",
    );
    expect(lastJson(p.stdout()).problems).toEqual(["the bridge did not answer the last reconciliation"]);
  });
});

describe.skipIf(!BUILT)("hydra ftmo --mode live follows the broker's deal events", () => {
  it("books a stop the broker hit at once, and stops with its balance equal to the broker's", async () => {
    const { rep, pub, sim } = await spawnBridgeSim(["--speed", "600", "--start", "2024-03-05T12:45:00Z"]);
    running.push(sim);
    const db = path.join(dir, "live-events.db");
    const p = hydra(["ftmo", "--mode", "live", "--bridge", rep, "--ticks", pub, "--db", db]);
    await p.waitFor(/^ready: /m, 30_000);
    const started = performance.now();
    // a stop at the broker, booked from its DEAL event: the next reconciliation is 30 s away
    await p.waitFor(/\(market\) fill (buy|sell) [\d.]+ \w+ @ [\d.]+ \(sl, T\d+\)/, 25_000);
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(p.output()).not.toMatch(/reconciled: .*"closedAtVenue":\[\d/);
    expect(await p.stop("SIGINT")).toBe(0);
    const summary = lastJson(p.stdout()) as { balance: number; brokerAccount: { balance: number } };
    expect(summary.brokerAccount.balance).toBe(summary.balance);
  });
});
