import { describe, expect, it } from "vitest";
import type { Bar } from "../../model/market-data.js";
import { PROMPT_V1, PROMPT_V2, type PromptInput, sha256 } from "./prompt-template.js";

const T = Date.UTC(2025, 0, 6, 12);
const bar = (i: number, close: number): Bar => ({
  symbol: "BTC-USD",
  timeframe: "M5",
  time: T - (20 - i) * 300_000,
  endTime: T - (19 - i) * 300_000,
  open: close - 10,
  high: close + 25,
  low: close - 30,
  close,
  volume: 1,
  spread: 0,
});

/** A fixed input: a change of its rendering is a change of the prompt, so of its hash. */
const INPUT: PromptInput = {
  cycle: 7,
  time: T,
  assets: [
    {
      symbol: "BTC-USD",
      price: 60_123.5,
      candles: Array.from({ length: 20 }, (_, i) => bar(i, 60_000 + i * 7)),
      indicators: { rsi14: 55.123456, atr14: 120.5, ema50: Number.NaN },
      regime: "medium",
    },
    {
      symbol: "ETH-USD",
      price: 2_345.678,
      candles: [],
      indicators: { rsi14: 41.2 },
      regime: "low",
    },
  ],
  portfolio: {
    cash: 24_000,
    equity: 25_012.34,
    positions: [
      {
        asset: "BTC-USD",
        direction: "long",
        volume: 0.1,
        entry: 59_900,
        stopLoss: 59_000,
        takeProfit: null,
        pnl: 22.35,
      },
    ],
  },
  lessons: ["cut losers early"],
};

describe("prompt templates", () => {
  it("v1 renders as it always has: recorded calls replay against its hash", () => {
    expect(PROMPT_V1.version).toBe("v1");
    expect(sha256(PROMPT_V1.render(INPUT, "deepseek"))).toBe(
      "cee313918ce9ed78ade16061e6d163593998128a5ab0070370b8ca5bb2254ca5",
    );
  });

  it("v2 pins its own rendering (a change of the text is a new version)", () => {
    expect(PROMPT_V2.version).toBe("v2");
    const four = { ...INPUT, competitors: ["deepseek", "claude", "grok", "gemini"] };
    expect(sha256(PROMPT_V2.render(four, "deepseek"))).toBe(
      "9923910262c57d79717f9f05e623782e00324b3ea592ba0751ce154d7d68e477",
    );
  });

  it("v2 names the engines competing this run and counts them; the rest is v1's", () => {
    const first = (competitors?: readonly string[]) =>
      PROMPT_V2.render(competitors === undefined ? INPUT : { ...INPUT, competitors }, "deepseek").split(
        "\n",
      )[0];
    expect(first(["deepseek"])).toBe(
      "You are deepseek, the only trading engine in this tournament, ranked by realised P&L. Trade crypto on a paper portfolio.",
    );
    expect(first(["claude", "deepseek"])).toBe(
      "You are deepseek, one of 2 trading engines in a tournament ranked by realised P&L (the others: claude). Trade crypto on a paper portfolio.",
    );
    expect(first(["deepseek", "claude", "grok"])).toContain("one of 3 trading engines");
    expect(first()).toBe(
      "You are deepseek, a trading engine in a tournament ranked by realised P&L. Trade crypto on a paper portfolio.",
    );
    for (const c of [["deepseek"], ["deepseek", "claude"], undefined]) expect(first(c)).not.toMatch(/four/);
    const rest = (t: string) => t.split("\n").slice(1).join("\n");
    expect(rest(PROMPT_V2.render({ ...INPUT, competitors: ["deepseek"] }, "deepseek"))).toBe(
      rest(PROMPT_V1.render(INPUT, "deepseek")),
    );
  });

  it("the hash tells the prompts of different tournaments apart", () => {
    const hash = (competitors: readonly string[]) =>
      sha256(PROMPT_V2.render({ ...INPUT, competitors }, "deepseek"));
    expect(hash(["deepseek"])).not.toBe(hash(["deepseek", "claude"]));
    expect(hash(["deepseek", "claude"])).not.toBe(hash(["deepseek", "grok"]));
    expect(
      sha256(
        PROMPT_V2.render({ ...INPUT, competitors: ["deepseek", "claude", "grok", "gemini"] }, "deepseek"),
      ),
    ).not.toBe(sha256(PROMPT_V1.render(INPUT, "deepseek")));
  });
});
