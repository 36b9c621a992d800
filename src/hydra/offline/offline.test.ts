import { describe, expect, it } from "vitest";
import type { EngineDecision } from "../engine.js";
import {
  breakoutEngine,
  contrarianEngine,
  momentumEngine,
  offlineEngines,
  reversionEngine,
} from "./index.js";
import { emaLastTwo } from "./series.js";
import { EMPTY_PORTFOLIO, holding, input, snapshot, zigzag } from "./test-support/fixtures.js";

const signal = new AbortController().signal;

async function decide(
  engine: ReturnType<typeof momentumEngine>,
  closes: number[],
  opts = {},
  pf = EMPTY_PORTFOLIO,
) {
  const a = await engine.decide(input([snapshot(closes, opts)], pf), signal);
  if (!a.ok) throw new Error(a.detail);
  expect(a.usage).toEqual({ inputTokens: 0, outputTokens: 0, costUsd: 0 });
  expect(a.latencyMs).toBeGreaterThanOrEqual(0);
  return a.decisions;
}

function expectSides(d: EngineDecision): void {
  if (d.direction === "long") {
    expect(d.stopLoss).toBeLessThan(d.entry);
    expect(d.takeProfit).toBeGreaterThan(d.entry);
  } else {
    expect(d.stopLoss).toBeGreaterThan(d.entry);
    expect(d.takeProfit).toBeLessThan(d.entry);
  }
  expect(d.confidence).toBeGreaterThan(0);
  expect(d.confidence).toBeLessThanOrEqual(1);
}

describe("offlineEngines", () => {
  it("are four offline engines with distinct ids and labels that say they are not LLMs", () => {
    const engines = offlineEngines();
    expect(engines.map((e) => e.id)).toEqual([
      "offline-momentum",
      "offline-reversion",
      "offline-breakout",
      "offline-contrarian",
    ]);
    for (const e of engines) {
      expect(e.kind).toBe("offline");
      expect(e.label).toContain("not an LLM");
    }
  });

  it("answer cutoff when already aborted", async () => {
    const ac = new AbortController();
    ac.abort();
    const a = await momentumEngine().decide(input([snapshot(zigzag(40))]), ac.signal);
    expect(a).toMatchObject({ ok: false, cause: "cutoff" });
  });

  it("do nothing with too few candles", async () => {
    for (const e of offlineEngines()) {
      const a = await e.decide(input([snapshot([100, 101, 102])]), signal);
      expect(a).toMatchObject({ ok: true, decisions: [] });
    }
  });
});

describe("momentum", () => {
  // a downtrend, then a rally: find the bar where the fast EMA crosses above the slow one
  const closes = [
    ...Array.from({ length: 30 }, (_, i) => 130 - i),
    ...Array.from({ length: 20 }, (_, i) => 101 + 2 * i),
  ];
  const crossAt = (() => {
    for (let n = 25; n <= closes.length; n++) {
      const [pf, f] = emaLastTwo(
        closes.slice(0, n).map((c) => bar(c)),
        9,
      );
      const [ps, s] = emaLastTwo(
        closes.slice(0, n).map((c) => bar(c)),
        21,
      );
      if (pf <= ps && f > s) return n;
    }
    throw new Error("no cross");
  })();

  it("opens long exactly on the bar of the cross, not before or after", async () => {
    const e = momentumEngine();
    expect(await decide(e, closes.slice(0, crossAt - 1))).toEqual([]);
    const [d, ...rest] = await decide(e, closes.slice(0, crossAt));
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ action: "open", direction: "long", asset: "BTC-USD" });
    expectSides(d!);
    expect(await decide(e, closes.slice(0, crossAt + 1))).toEqual([]);
  });

  it("opens short on the cross below", async () => {
    const mirrored = closes.map((c) => 300 - c);
    const [d] = await decide(momentumEngine(), mirrored.slice(0, crossAt));
    expect(d).toMatchObject({ action: "open", direction: "short" });
    expectSides(d!);
  });

  it("does not enter twice, and closes a short when the trend turns up", async () => {
    const e = momentumEngine();
    expect(await decide(e, closes.slice(0, crossAt), {}, holding("long"))).toEqual([]);
    const [d] = await decide(e, closes.slice(0, crossAt + 2), {}, holding("short"));
    expect(d).toMatchObject({ action: "close", direction: "short" });
  });

  it("is deterministic", async () => {
    const e = momentumEngine();
    const i = input([snapshot(closes.slice(0, crossAt))]);
    const a = await e.decide(i, signal);
    const b = await momentumEngine().decide(i, signal);
    expect(a.ok && b.ok && a.raw === b.raw).toBe(true);
  });
});

describe("mean reversion", () => {
  const flat = zigzag(30, 100, 0.2);
  it("opens long on an oversold plunge under the lower band, nothing in a flat market", async () => {
    expect(await decide(reversionEngine(), flat)).toEqual([]);
    const [d] = await decide(reversionEngine(), [...flat, 97, 94, 91]);
    expect(d).toMatchObject({ action: "open", direction: "long" });
    expectSides(d!);
  });

  it("opens short on an overbought spike over the upper band", async () => {
    const [d] = await decide(reversionEngine(), [...flat, 103, 106, 109]);
    expect(d).toMatchObject({ action: "open", direction: "short" });
    expectSides(d!);
  });

  it("closes a long once the close is back at the middle band, holds it below", async () => {
    expect(await decide(reversionEngine(), [...flat, 97, 94, 91], {}, holding("long"))).toEqual([]);
    const [d] = await decide(reversionEngine(), [...flat, 97, 94, 91, 101], {}, holding("long"));
    expect(d).toMatchObject({ action: "close", direction: "long" });
  });
});

describe("breakout", () => {
  const range = zigzag(25);
  it("opens long above the 20-bar high, short below the low, nothing inside", async () => {
    expect(await decide(breakoutEngine(), [...range, 100.5])).toEqual([]);
    const [up] = await decide(breakoutEngine(), [...range, 105]);
    expect(up).toMatchObject({ action: "open", direction: "long" });
    expectSides(up!);
    const [down] = await decide(breakoutEngine(), [...range, 95]);
    expect(down).toMatchObject({ action: "open", direction: "short" });
    expectSides(down!);
  });

  it("stronger breakouts get more confidence", async () => {
    const [a] = await decide(breakoutEngine(), [...range, 101.8]);
    const [b] = await decide(breakoutEngine(), [...range, 106]);
    expect(b!.confidence).toBeGreaterThan(a!.confidence);
  });

  it("closes a long under the 10-bar low", async () => {
    expect(await decide(breakoutEngine(), [...range, 99.2], {}, holding("long"))).toEqual([]);
    const [d] = await decide(breakoutEngine(), [...range, 97], {}, holding("long"));
    expect(d).toMatchObject({ action: "close", direction: "long" });
  });
});

describe("volatility contrarian", () => {
  const base = zigzag(25, 100, 0.5);
  const rally = [...base, 101, 102, 103.5, 105, 106.5];

  it("fades a rally of more than 3 ATR in a medium regime, not in a high one", async () => {
    const [d] = await decide(contrarianEngine(), rally);
    expect(d).toMatchObject({ action: "open", direction: "short" });
    expectSides(d!);
    expect(await decide(contrarianEngine(), rally, { regime: "high" })).toEqual([]);
    expect(await decide(contrarianEngine(), base)).toEqual([]);
  });

  it("fades a sell-off with a wider stop in a high regime", async () => {
    const crash = [...base, 96, 92, 88, 84, 80];
    const [m] = await decide(contrarianEngine(), crash);
    const [h] = await decide(contrarianEngine(), crash, { regime: "high" });
    expect(m).toMatchObject({ action: "open", direction: "long" });
    expect(h).toMatchObject({ action: "open", direction: "long" });
    expectSides(h!);
    expect(m!.entry - m!.stopLoss).toBeLessThan(h!.entry - h!.stopLoss);
  });

  it("closes a short once the close is back at its EMA", async () => {
    expect(await decide(contrarianEngine(), rally, {}, holding("short"))).toEqual([]);
    const [d] = await decide(contrarianEngine(), [...rally, 100], {}, holding("short"));
    expect(d).toMatchObject({ action: "close", direction: "short" });
  });
});

function bar(close: number) {
  return snapshot([close]).candles[0]!;
}
