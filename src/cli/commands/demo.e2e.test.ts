import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BUILT, spawnHydra } from "../test-support/spawn-hydra.js";

if (!BUILT) console.warn("skipping the hydra demo end-to-end test: dist/ is not built (make test builds it)");

const dir = mkdtempSync(path.join(tmpdir(), "hydra-demo-e2e-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!BUILT)("make run (`hydra demo --speed 60`, as the Makefile runs it)", () => {
  it("shows both halves trading in its first minute and stops on Ctrl-C with exit 0", async () => {
    const db = path.join(dir, "demo.db");
    // as make run, but on free ports (make run serves the dashboard on 8080)
    const p = spawnHydra(["demo", "--speed", "60", "--metrics-port", "0", "--api-port", "0", "--db", db], {
      env: { KILL_SWITCH: "", USE_TURBO_BATCH: "", USE_INDEPENDENT_TRADING: "" },
    });
    try {
      const started = performance.now();
      await p.waitFor(
        /\[ftmo\] +\S+ \(market\) fill (buy|sell) [\d.]+ \w+ @ [\d.]+ \(market, R1\.P1\)/,
        60_000,
      );
      console.log(
        `first FTMO fill after ${((performance.now() - started) / 1000).toFixed(1)} s of wall time`,
      );
      await p.waitFor(/\[hydra\] .*cycle \d+: /, 30_000);
      // the dashboard address, and both halves behind it
      const url = (await p.waitFor(/\[api\] +dashboard on (http:\/\/127\.0\.0\.1:\d+\/) /, 10_000))[1]!;
      expect((await fetch(url)).status).toBe(200);
      const get = async <T>(path: string) => (await (await fetch(`${url}api/v1/${path}`)).json()) as T;
      const bots = await get<Array<{ name: string; kind: string }>>("bots");
      expect(bots.filter((b) => b.kind === "bot").map((b) => b.name)).toContain("us30-orb");
      expect(bots.filter((b) => b.kind === "engine")).toHaveLength(4);
      expect(await get<unknown[]>("leaderboard")).toHaveLength(4);
      expect(await get("challenge")).toMatchObject({ program: "ftmo-2step" });
      expect(await get("status")).toMatchObject({ node: "demo", mode: "paper" });
      expect(await p.stop("SIGINT")).toBe(0);
      const summary = JSON.parse(p.stdout().trim().split("\n").at(-1)!);
      expect(summary.ftmo.fills).toBeGreaterThan(0);
      expect(summary.hydra.cycles).toBeGreaterThan(0);
    } finally {
      await p.stop("SIGKILL", 5000);
    }
  });

  it("a second run on the same database continues both halves where the first stopped", async () => {
    const db = path.join(dir, "twice.db");
    const run = () =>
      spawnHydra(["demo", "--speed", "600", "--metrics-port", "0", "--api-port", "0", "--db", db], {
        env: { KILL_SWITCH: "", USE_TURBO_BATCH: "", USE_INDEPENDENT_TRADING: "" },
      });
    const first = run();
    try {
      await first.waitFor(/\[ftmo\] +\S+ \(market\) fill (buy|sell) /, 60_000);
      await first.waitFor(/\[hydra\] .*cycle 5: /, 60_000);
      expect(await first.stop("SIGINT")).toBe(0);
    } finally {
      await first.stop("SIGKILL", 5000);
    }
    const before = JSON.parse(first.stdout().trim().split("\n").at(-1)!);
    const second = run();
    try {
      await second.waitFor(/\[hydra\] resumed run 1: \d+ cycles/, 30_000);
      await second.waitFor(/\[ftmo\] +resumed run R1 from its checkpoint/, 30_000);
      expect(await second.stop("SIGINT")).toBe(0);
    } finally {
      await second.stop("SIGKILL", 5000);
    }
    const after = JSON.parse(second.stdout().trim().split("\n").at(-1)!);
    expect(after.hydra.resumedFrom).toMatchObject({ runId: 1, cycles: before.hydra.cycles });
    expect(after.hydra.cycles).toBeGreaterThanOrEqual(before.hydra.cycles);
    expect(after.ftmo).toMatchObject({ runId: 2, resumedFrom: { runId: 1 } });
  });

  it("a dashboard port already taken is said, and both halves trade on", async () => {
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, "127.0.0.1", r));
    const port = (taken.address() as AddressInfo).port;
    const db = path.join(dir, "taken.db");
    const p = spawnHydra(
      ["demo", "--speed", "600", "--metrics-port", "0", "--api-port", String(port), "--db", db],
      {
        env: { KILL_SWITCH: "", USE_TURBO_BATCH: "", USE_INDEPENDENT_TRADING: "" },
      },
    );
    try {
      await p.waitFor(/\[api\] +no dashboard: .*\(give another --api-port\)/, 60_000);
      await p.waitFor(/\[ftmo\] +\S+ \(market\) fill (buy|sell) /, 60_000);
      await p.waitFor(/\[hydra\] .*cycle \d+: /, 30_000);
      expect(await p.stop("SIGINT")).toBe(0);
    } finally {
      await p.stop("SIGKILL", 5000);
      taken.close();
    }
  });
});
