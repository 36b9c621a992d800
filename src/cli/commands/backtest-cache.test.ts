import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CACHE_MIN_BYTES } from "../../data/cache/cached-read.js";
import { captureIo } from "../io.js";
import { runCli } from "../main.js";

const dir = mkdtempSync(path.join(tmpdir(), "hydra-backtest-cache-"));
const cacheDir = path.join(dir, "cache");
const saved = process.env.HYDRA_CACHE_DIR;
beforeAll(() => {
  process.env.HYDRA_CACHE_DIR = cacheDir;
});
afterAll(() => {
  if (saved === undefined) delete process.env.HYDRA_CACHE_DIR;
  else process.env.HYDRA_CACHE_DIR = saved;
  rmSync(dir, { recursive: true, force: true });
});

/** A tick file above the cache's size threshold: a slow sine, a tick every 250 ms. */
function tickFile(): string {
  const rows = ["time,bid,ask"];
  const t0 = Date.UTC(2024, 0, 2, 8);
  for (let i = 0; rows.join("\n").length < CACHE_MIN_BYTES * 1.2; i++) {
    const chunk: string[] = [];
    for (let k = 0; k < 1000; k++, i++) {
      const bid = (2000 + 5 * Math.sin(i / 900)).toFixed(2);
      chunk.push(`${new Date(t0 + i * 250).toISOString()},${bid},${(Number(bid) + 0.3).toFixed(2)}`);
    }
    rows.push(...chunk);
  }
  const p = path.join(dir, "XAUUSD-ticks.csv");
  writeFileSync(p, `${rows.join("\n")}\n`);
  return p;
}

async function cli(...argv: string[]) {
  const io = captureIo();
  const code = await runCli(argv, io);
  return { code, out: io.stdout, err: io.stderr };
}

const entries = (): string[] => {
  const d = path.join(cacheDir, "series");
  return existsSync(d) ? readdirSync(d) : [];
};

describe("hydra backtest and the columnar cache", () => {
  it("--no-cache writes and reads no entry; by default the second run reads the columns, same result", async () => {
    const data = tickFile();
    const base = ["backtest", "--data", data, "--param", "period=50", "--param", "volume=0.1"];
    const plain = await cli(...base, "--no-cache", "--json");
    expect(plain.err).toBe("");
    expect(plain.code).toBe(0);
    expect(entries()).toEqual([]);

    const first = await cli(...base, "--json");
    expect(first.code).toBe(0);
    expect(entries()).toHaveLength(1);
    expect(JSON.parse(first.out)).toEqual(JSON.parse(plain.out));

    const second = await cli(...base);
    expect(second.code).toBe(0);
    expect(second.out).toContain(`${data} (columns from the cache)`);
    const again = await cli(...base, "--json");
    expect(JSON.parse(again.out)).toEqual(JSON.parse(plain.out));

    const bypass = await cli(...base, "--no-cache");
    expect(bypass.out).not.toContain("columns from the cache");
  });

  it("a cache folder that cannot be written is said on stderr, and the backtest runs all the same", async () => {
    const data = tickFile();
    const blocker = path.join(dir, "not-a-folder");
    writeFileSync(blocker, "a file where the cache folder should be");
    process.env.HYDRA_CACHE_DIR = blocker;
    try {
      const r = await cli("backtest", "--data", data, "--param", "period=50", "--json");
      expect(r.code).toBe(0);
      expect(r.err).toMatch(/the data cache could not be written .*; the file was parsed/);
      expect(JSON.parse(r.out).rows).toBeGreaterThan(0);
    } finally {
      process.env.HYDRA_CACHE_DIR = cacheDir;
    }
  });
});
