import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BridgeClient } from "../../execution/mt5/client/bridge-client.js";
import { BUILT, freePort, spawnBridgeSim, spawnHydra } from "../test-support/spawn-hydra.js";

if (!BUILT) console.warn("skipping the hydra ftmo live soak test: dist/ is not built (make test builds it)");

/** wall seconds polled; the issue's 10-minute run is `HYDRA_SOAK_SECONDS=600` (make soak) */
const SECONDS = Number(process.env.HYDRA_SOAK_SECONDS ?? 20);
const dir = mkdtempSync(path.join(tmpdir(), "hydra-soak-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Sample {
  wallMs: number;
  runnerEquity: number;
  booksEquity: number;
  runnerPositions: number;
  challenge: number;
  tradesClosed: number;
  brokerEquity: number;
  /** the broker's equity just before the scrape (brokerEquity is just after it) */
  brokerEquityBefore: number;
  /** the broker's open positions just before and just after the scrape: at 600× the few wall
   * milliseconds between two calls are seconds of market time, so the node's count is right when it
   * lies between the two */
  brokerPositionsBefore: number;
  brokerPositions: number;
}

function gauge(text: string, name: string): number {
  const m = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, "m").exec(text);
  return m === null ? Number.NaN : Number(m[1]);
}

function sum(text: string, name: string): number {
  let total = 0;
  for (const m of text.matchAll(new RegExp(`^${name}\\{[^}]*\\} (\\S+)$`, "gm"))) total += Number(m[1]);
  return total;
}

describe.skipIf(!BUILT)("hydra ftmo --mode live beside the broker, sampled every second", () => {
  it(
    `agrees with the broker on open positions and equity for ${SECONDS} s of a London/New York day at 600×`,
    async () => {
      // a past weekday morning in New York: the bots' sessions are open on the broker's clock, whatever the
      // wall clock says (a Sunday, say)
      const { rep, pub, sim } = await spawnBridgeSim(["--speed", "600", "--start", "2024-03-05T12:45:00Z"]);
      const port = await freePort();
      const db = path.join(dir, "soak.db");
      const node = spawnHydra(
        [
          "ftmo",
          "--mode",
          "live",
          "--bridge",
          rep,
          "--ticks",
          pub,
          "--db",
          db,
          "--metrics-port",
          String(port),
        ],
        { env: { KILL_SWITCH: "", EXECUTION_MODE: "" } },
      );
      const broker = new BridgeClient({ endpoint: rep, timeoutMs: 2000, retries: 2 });
      const samples: Sample[] = [];
      try {
        await node.waitFor(/^ready: /m, 30_000);
        for (let i = 0; i < SECONDS; i++) {
          const next = performance.now() + 1000;
          const before = await broker.call("POSITIONS", {});
          const accountBefore = await broker.call("ACCOUNT", {});
          const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
          const [account, positions] = [await broker.call("ACCOUNT", {}), await broker.call("POSITIONS", {})];
          samples.push({
            wallMs: Date.now(),
            runnerEquity: gauge(metrics, "ftmo_account_equity_dollars"),
            booksEquity: gauge(metrics, "ftmo_books_equity_dollars"),
            runnerPositions: gauge(metrics, "ftmo_open_positions"),
            challenge: gauge(metrics, "ftmo_challenge_status"),
            tradesClosed: sum(metrics, "ftmo_bot_trades_total"),
            brokerEquity: account.equity,
            brokerEquityBefore: accountBefore.equity,
            brokerPositionsBefore: before.positions.length,
            brokerPositions: positions.positions.length,
          });
          await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
        }
        expect(await node.stop("SIGINT")).toBe(0);
      } finally {
        broker.close();
        await node.stop("SIGKILL", 5000);
        await sim.stop("SIGKILL", 5000);
      }

      if (process.env.HYDRA_SOAK_DEBUG) console.log(JSON.stringify(samples));
      // positions opened and closed during the run (otherwise nothing was tested)
      const last = samples.at(-1)!;
      expect(last.tradesClosed).toBeGreaterThan(0);
      const withPositions = samples.filter((s) => s.brokerPositions > 0 || s.runnerPositions > 0).length;

      // open positions agree on every sample but at most one consecutive sample: the node's count lies
      // between the broker's just before and just after the scrape
      let run = 0;
      let worstRun = 0;
      let disagreeing = 0;
      for (const s of samples) {
        const low = Math.min(s.brokerPositionsBefore, s.brokerPositions);
        const high = Math.max(s.brokerPositionsBefore, s.brokerPositions);
        run = s.runnerPositions >= low && s.runnerPositions <= high ? 0 : run + 1;
        if (run > 0) disagreeing++;
        worstRun = Math.max(worstRun, run);
      }
      expect(worstRun).toBeLessThanOrEqual(1);

      // equity: never further from the broker's than one account update's movement (the broker's
      // equity moves between two samples by what one update a second carries; a cent of rounding)
      let worstExcess = Number.NEGATIVE_INFINITY;
      let worstGap = 0;
      for (let i = 1; i < samples.length - 1; i++) {
        const s = samples[i]!;
        const move = Math.max(
          Math.abs(s.brokerEquity - samples[i - 1]!.brokerEquity),
          Math.abs(samples[i + 1]!.brokerEquity - s.brokerEquity),
        );
        // the scrape lies between the two ACCOUNT calls (at 600× a few wall ms of a loaded machine are
        // market minutes): the gap is to the nearer end of the broker's equity over that interval
        const low = Math.min(s.brokerEquityBefore, s.brokerEquity);
        const high = Math.max(s.brokerEquityBefore, s.brokerEquity);
        const gap =
          s.runnerEquity < low ? low - s.runnerEquity : s.runnerEquity > high ? s.runnerEquity - high : 0;
        worstGap = Math.max(worstGap, gap);
        worstExcess = Math.max(worstExcess, gap - move);
        expect(
          gap,
          `sample ${i}: runner ${s.runnerEquity}, broker ${s.brokerEquity}, move ${move}`,
        ).toBeLessThanOrEqual(move + 0.01);
      }
      // no verdict the broker's equity does not show: when the runner says the challenge failed, the
      // broker's own equity is below the floor the runner names (from the sample before it on)
      const failedAt = samples.findIndex((s) => s.challenge === -1);
      const failure = /challenge failed: [\w-]+ \(equity ([\d.]+) below ([\d.]+)\)/.exec(node.output());
      expect(failedAt >= 0).toBe(failure !== null);
      if (failure !== null) {
        const floor = Number(failure[2]);
        const after = samples.slice(Math.max(0, failedAt - 1)).map((s) => s.brokerEquity);
        expect(Math.min(...after)).toBeLessThan(floor);
      }
      console.log(
        `soak: ${samples.length} samples (${withPositions} with positions open), ${last.tradesClosed} trades closed, positions disagreeing on ${disagreeing} samples (longest run ${worstRun}), worst equity gap ${worstGap.toFixed(2)} (worst excess over one update's move ${worstExcess.toFixed(2)}), challenge ${failure === null ? "not failed" : `failed at broker equity ${failure[1]} below ${failure[2]}`}`,
      );
    },
    (SECONDS + 90) * 1000,
  );
});
