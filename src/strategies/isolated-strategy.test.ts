import { describe, expect, it } from "vitest";
import { harness, MIN, T0 } from "../kernel/test-support/harness.js";
import { IsolatedStrategy, type IsolationReport } from "./isolated-strategy.js";
import type { Strategy } from "./strategy.js";

const buyer = (name: string): Strategy => ({
  name,
  subscriptions: [{ symbol: "XAUUSD", timeframe: "M1" }],
  onBar: (bar, ctx) => {
    if (ctx.positions("XAUUSD").length === 0)
      ctx.submit({
        kind: "open",
        symbol: "XAUUSD",
        side: "buy",
        orderType: "market",
        volume: 0.1,
        sl: bar.close - 5,
      });
  },
});
const crasher: Strategy = {
  name: "crasher",
  subscriptions: [{ symbol: "XAUUSD", timeframe: "M1" }],
  onBar: () => {
    throw new Error("index out of range");
  },
};

function feedMinutes(h: ReturnType<typeof harness>, n: number): void {
  for (let i = 0; i <= n; i++) h.kernel.onTick(0, T0 + i * MIN, 2000 + i * 0.1, 2000.3 + i * 0.1);
}

describe("isolated bots", () => {
  it("a failing bot is reported, switched off after five failures, and the others trade on", () => {
    const reports: IsolationReport[] = [];
    const bad = new IsolatedStrategy(crasher, { report: (r) => reports.push(r) });
    const good = new IsolatedStrategy(buyer("good"), { report: (r) => reports.push(r) });
    const h = harness({ strategies: [bad, good] });
    feedMinutes(h, 8);
    expect(h.fills.length).toBeGreaterThan(0);
    expect(reports.filter((r) => r.kind === "error")).toHaveLength(5);
    expect(reports.find((r) => r.kind === "disabled")).toMatchObject({ bot: "crasher" });
    expect(bad.disabled).toBe(true);
  });

  it("reports a slow handler", () => {
    const reports: IsolationReport[] = [];
    let t = 0;
    const slow: Strategy = { ...buyer("slow"), onBar: () => void (t += 12) };
    const bot = new IsolatedStrategy(slow, { report: (r) => reports.push(r), slowMs: 5, timer: () => t });
    const h = harness({ strategies: [bot] });
    feedMinutes(h, 2);
    expect(reports[0]).toMatchObject({
      bot: "slow",
      kind: "slow",
      detail: expect.stringContaining("12.0 ms"),
    });
  });

  it("stands a bot aside (no entries) when told, and counts its signals", () => {
    const reports: IsolationReport[] = [];
    const signals: string[] = [];
    const bot = new IsolatedStrategy(buyer("cautious"), {
      report: (r) => reports.push(r),
      standAside: () => true,
      onSignal: (b, i) => signals.push(`${b}:${i.kind}`),
    });
    const h = harness({ strategies: [bot] });
    feedMinutes(h, 3);
    expect(h.fills).toHaveLength(0);
    expect(signals.length).toBeGreaterThan(0);
    expect(reports.every((r) => r.kind === "stand-aside")).toBe(true);
  });

  it("delivers ticks only in turbo mode, to bots that handle them", () => {
    let ticks = 0;
    const ticker: Strategy = { ...buyer("ticker"), onTick: () => void ticks++ };
    const normal = new IsolatedStrategy(ticker, { report: () => {} });
    expect(normal.subscriptions.map((s) => s.timeframe)).toEqual(["M1"]);
    const turbo = new IsolatedStrategy(ticker, { report: () => {}, turbo: true });
    expect(turbo.subscriptions.map((s) => s.timeframe)).toEqual(["M1", "tick"]);
    const h = harness({ strategies: [turbo] });
    feedMinutes(h, 3);
    expect(ticks).toBe(4);
  });
});
