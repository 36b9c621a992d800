import { describe, expect, it } from "vitest";
import { JumpGuard } from "./jump-guard.js";
import type { PriceQuote } from "./price-feed.js";

function q(last: number, symbol = "BTC-USD"): PriceQuote {
  return { symbol, bid: last - 1, ask: last + 1, last, sourceTime: 0 };
}

function guard(jumpPct?: number) {
  const lines: string[] = [];
  const g = new JumpGuard({ log: (l) => lines.push(l), ...(jumpPct === undefined ? {} : { jumpPct }) });
  const lasts = (...prices: number[]) => prices.map((p) => g.filter([q(p)])[0]?.last ?? null);
  return { g, lines, lasts };
}

describe("JumpGuard", () => {
  it("passes ordinary moves, the first quote included", () => {
    expect(guard().lasts(100, 105, 110, 100)).toEqual([100, 105, 110, 100]);
  });

  it("holds a single-poll spike and drops it when the price comes back", () => {
    const { lasts, lines } = guard();
    expect(lasts(100, 115, 100.5)).toEqual([100, null, 100.5]);
    expect(lines).toEqual([
      "price feed: BTC-USD jumped 15.0% (100 → 115): held until the next poll confirms it",
      "price feed: BTC-USD spike to 115 dropped (back at 100.5)",
    ]);
  });

  it("passes a confirmed jump on the next poll (within 1 % of the held price)", () => {
    const { lasts, lines } = guard();
    expect(lasts(100, 85, 85.5, 86)).toEqual([100, null, 85.5, 86]);
    expect(lines.at(-1)).toBe("price feed: BTC-USD jump confirmed (100 → 85 → 85.5): passed on");
  });

  it("never holds a real move more than one poll, even one that goes on moving", () => {
    const { lasts } = guard();
    expect(lasts(100, 115, 125, 130, 135)).toEqual([100, null, 125, 130, 135]);
  });

  it("holds a jump to the other side in turn, and uses the configured threshold", () => {
    expect(guard().lasts(100, 120, 80, 81)).toEqual([100, null, null, 81]);
    expect(guard(3).lasts(100, 104, 100)).toEqual([100, null, 100]);
  });

  it("judges each symbol on its own", () => {
    const { g } = guard();
    expect(g.filter([q(100, "BTC-USD"), q(10, "ETH-USD")])).toHaveLength(2);
    expect(g.filter([q(150, "BTC-USD"), q(10.1, "ETH-USD")]).map((x) => x.symbol)).toEqual(["ETH-USD"]);
  });
});
