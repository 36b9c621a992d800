import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { afterEach, describe, expect, it } from "vitest";
import { registerData } from "../../cli/commands/data.js";
import { captureIo } from "../../cli/io.js";
import { TestClock } from "../../core/clock.js";
import { readMarketFile } from "../../data/readers/index.js";
import type { BarSeries } from "../../data/series.js";
import { json, localServer } from "./test-server.js";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

const H1 = 3_600_000;
const H4 = 14_400_000;
const T0 = Date.UTC(2025, 0, 1);
const dir = mkdtempSync(join(tmpdir(), "hydra-md-"));

function program(io = captureIo(), deps: Parameters<typeof registerData>[2] = {}) {
  const p = new Command().exitOverride();
  registerData(p, io, deps);
  return { p, io };
}

function run(p: Command, args: string[]): Promise<Command> {
  return p.parseAsync(["node", "hydra", ...args]);
}

describe("hydra data download", () => {
  it("coingecko: writes a CSV that readMarketFile reads back with the same bars", async () => {
    const rows = [1, 2, 3, 4].map((i) => [T0 + i * H4, 100 + i, 110 + i, 90 + i, 105.25 + i]);
    const s = await localServer((_req, res) => json(res, 200, rows));
    closers.push(s.close);
    const out = join(dir, "btc-cg.csv");
    const { p, io } = program(captureIo(), {
      clock: new TestClock(T0 + 5 * H4),
      coingeckoUrl: s.url,
      env: {},
    });
    await run(p, [
      "data",
      "download",
      "--source",
      "coingecko",
      "--asset",
      "BTC-USD",
      "--days",
      "2",
      "--out",
      out,
    ]);
    expect(s.requests[0]).toBe("/coins/bitcoin/ohlc?vs_currency=usd&days=2");
    expect(readFileSync(out, "utf8").split("\n")[0]).toBe("time,open,high,low,close,volume");
    const series = readMarketFile(out, { symbol: "BTC-USD" }) as BarSeries;
    expect(series.kind).toBe("bars");
    expect(series.timeframe).toBe("H4");
    expect([...series.time]).toEqual(rows.map((r) => (r[0] ?? 0) - H4));
    expect([...series.open]).toEqual(rows.map((r) => r[1]));
    expect([...series.close]).toEqual(rows.map((r) => r[4]));
    expect(io.stdout).toMatch(/wrote 4 H4 bars of BTC-USD from coingecko/);
  });

  it("coinbase: pages 300 candles at a time through ccxt and round-trips the CSV", async () => {
    const s = await localServer((req, res) => {
      const u = new URL(req.url ?? "", "http://x");
      const start = Number(u.searchParams.get("start")) * 1000;
      const candles = [0, 1, 2].map((i) => {
        const t = start + i * H1;
        return {
          start: String(t / 1000),
          low: "1",
          high: "9",
          open: "2",
          close: String(3 + i),
          volume: "7.5",
        };
      });
      json(res, 200, { candles: candles.reverse() });
    });
    closers.push(s.close);
    const out = join(dir, "eth-cb.csv");
    const now = T0 + 400 * H1;
    const { p } = program(captureIo(), { clock: new TestClock(now), coinbaseUrl: s.url, env: {} });
    await run(p, [
      "data",
      "download",
      "--source",
      "coinbase",
      "--asset",
      "ETH-USD",
      "--since",
      new Date(T0).toISOString(),
      "--timeframe",
      "H1",
      "--out",
      out,
    ]);
    expect(s.requests).toHaveLength(2);
    const series = readMarketFile(out, { symbol: "ETH-USD" }) as BarSeries;
    expect([...series.time]).toEqual([0, 1, 2, 300, 301, 302].map((i) => T0 + i * H1));
    expect(series.timeframe).toBe("H1");
    expect([...series.volume]).toEqual([7.5, 7.5, 7.5, 7.5, 7.5, 7.5]);
  });

  it("names the flag in usage errors", async () => {
    const { p } = program();
    await expect(run(p, ["data", "download", "--source", "binance", "--out", "x.csv"])).rejects.toThrow(
      /--source must be one of/,
    );
    await expect(run(program().p, ["data", "download", "--days", "-1", "--out", "x.csv"])).rejects.toThrow(
      /--days/,
    );
    await expect(
      run(program().p, ["data", "download", "--timeframe", "H1", "--out", "x.csv"]),
    ).rejects.toThrow(/--timeframe applies/);
    await expect(run(program().p, ["data", "download"])).rejects.toThrow(/--out/);
  });
});
