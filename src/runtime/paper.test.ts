import { describe, expect, it } from "vitest";
import { TestClock } from "../core/clock.js";
import { strategyDefinition } from "../strategies/registry.js";
import { runPaper } from "./paper.js";

describe("paper trading on the synthetic market", () => {
  it("releases ticks as the clock reaches them, trades through the kernel and stops after the duration", async () => {
    const wall = new TestClock(Date.UTC(2024, 0, 10, 12, 0, 0)); // a Wednesday: markets open
    const lines: string[] = [];
    const def = strategyDefinition("sma-cross");
    const summary = await runPaper({
      symbols: ["XAUUSD", "BTC-USD"],
      strategy: (symbol, tf) =>
        Object.assign(def.create(symbol, tf, { period: "3", volume: "0.1" }), { name: `sma:${symbol}` }),
      timeframe: "M1",
      cash: 100_000,
      seed: 7,
      speed: 60, // one market hour per wall minute
      durationMs: 60_000,
      statusEveryMs: 10_000,
      wallClock: wall,
      log: (l) => lines.push(l),
      sleep: async (ms) => wall.advance(ms),
    });
    expect(summary.ticks).toBeGreaterThan(1000);
    expect(summary.fills).toBeGreaterThan(5);
    expect(summary.marketEnd).toBe("2024-01-10T13:00:00.000Z");
    expect(lines.filter((l) => l.includes(" fill ")).length).toBe(summary.fills);
    expect(lines.filter((l) => l.includes("ticks ")).length).toBeGreaterThanOrEqual(6);
    // Every fill happened within the hour of market time that was released.
    for (const l of lines.filter((x) => x.includes(" fill "))) expect(l.slice(0, 13)).toBe("2024-01-10T12");
  });

  it("stops early when asked", async () => {
    const wall = new TestClock(Date.UTC(2024, 0, 10, 12, 0, 0));
    let stop!: () => void;
    const stopSignal = new Promise<void>((r) => {
      stop = r;
    });
    const def = strategyDefinition("sma-cross");
    let pumps = 0;
    const summary = await runPaper({
      symbols: ["EURUSD"],
      strategy: (symbol, tf) => def.create(symbol, tf, {}),
      timeframe: "M1",
      cash: 10_000,
      seed: 1,
      speed: 1,
      durationMs: Number.POSITIVE_INFINITY,
      statusEveryMs: 60_000,
      wallClock: wall,
      log: () => {},
      stopSignal,
      sleep: async (ms) => {
        wall.advance(ms);
        if (++pumps === 20) stop();
        await Promise.resolve();
      },
    });
    expect(pumps).toBeLessThan(25);
    expect(summary.marketEnd < "2024-01-10T12:00:02").toBe(true);
  });
});

describe("paper trading with the risk layer and the kill switch", () => {
  it("sees the kill switch flipped by another connection within a second, halts and (close mode) flattens", async () => {
    const { MemoryKillSwitchStore } = await import("../persistence/memory-kill-switch-store.js");
    const { DEFAULT_RISK_CONFIG } = await import("../risk/risk-config.js");
    const wall = new TestClock(Date.UTC(2024, 0, 10, 12, 0, 0));
    const store = new MemoryKillSwitchStore();
    const operator = store.connect();
    const lines: string[] = [];
    const def = strategyDefinition("sma-cross");
    let flippedAt = Number.NaN;
    const summary = await runPaper({
      symbols: ["BTC-USD"],
      strategy: (symbol, tf) => def.create(symbol, tf, { period: "3", volume: "0", stopPct: "0.5" }),
      timeframe: "M1",
      cash: 100_000,
      seed: 3,
      speed: 60,
      durationMs: 60_000,
      statusEveryMs: 60_000,
      wallClock: wall,
      log: (l) => lines.push(l),
      sleep: async (ms) => {
        wall.advance(ms);
        if (Number.isNaN(flippedAt) && wall.now() >= Date.UTC(2024, 0, 10, 12, 0, 30)) {
          flippedAt = wall.now();
          operator.write(true, "operator test", wall.now(), "test");
        }
      },
      riskConfig: { ...DEFAULT_RISK_CONFIG, killMode: "close" },
      killSwitchStore: store,
      env: {},
    });
    const halt = lines.find((l) => l.includes("trading state global: ACTIVE → HALTED"));
    expect(halt).toBeDefined();
    // market time runs 60× the wall clock: within one wall second means within 60 market seconds
    const haltMarket = Date.parse(halt!.slice(0, 24));
    const flippedMarket =
      Date.UTC(2024, 0, 10, 12, 0, 0) + (flippedAt - Date.UTC(2024, 0, 10, 12, 0, 0)) * 60;
    expect(haltMarket - flippedMarket).toBeLessThanOrEqual(60_000);
    expect(
      summary.fills,
      lines
        .filter((l) => l.includes("denied"))
        .slice(0, 3)
        .join("\n"),
    ).toBeGreaterThan(0);
    expect(summary.openPositions).toBe(0);
    const after = lines.filter((l) => l.includes(" fill ") && Date.parse(l.slice(0, 24)) > haltMarket + 1000);
    expect(after.every((l) => l.includes("(close,"))).toBe(true);
  });
});
