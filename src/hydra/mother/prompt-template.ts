import { createHash } from "node:crypto";
import type { EngineInput } from "../engine.js";

/** A prompt template with a version: the version and the rendered prompt's hash go with every decision. */
export interface PromptTemplate {
  readonly version: string;
  render(input: Omit<EngineInput, "prompt" | "promptHash">, engineId: string): string;
}

export const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

const fmt = (x: number): string => (Math.abs(x) >= 100 ? x.toFixed(2) : x.toPrecision(6));

/**
 * v1: the market (last candles, indicators, regime) for every asset, the engine's own portfolio and its
 * lessons, and the answer format. It says "JSON" (DeepSeek needs the word) and asks for one object.
 */
export const PROMPT_V1: PromptTemplate = {
  version: "v1",
  render(input, engineId) {
    const lines: string[] = [
      `You are ${engineId}, one of four trading engines in a tournament ranked by realised P&L. Trade crypto on a paper portfolio.`,
      `Cycle ${input.cycle} at ${new Date(input.time).toISOString()}. Answer with one JSON object: {"decisions": [...]}, at most one decision per asset.`,
      `Each decision: action open|close|hold, asset, direction long|short, entry (the current price), stopLoss, takeProfit, confidence 0..1, rationale (one sentence). A stop loss is required on the losing side of the entry.`,
      "",
    ];
    for (const a of input.assets) {
      const last = a.candles
        .slice(-12)
        .map((c) => `${fmt(c.open)}/${fmt(c.high)}/${fmt(c.low)}/${fmt(c.close)}`);
      const ind = Object.entries(a.indicators).map(([k, v]) => `${k} ${Number.isFinite(v) ? fmt(v) : "n/a"}`);
      lines.push(
        `${a.symbol}: price ${fmt(a.price)}, regime ${a.regime}; ${ind.join(", ")}`,
        `  last candles o/h/l/c: ${last.join(" ")}`,
      );
    }
    const p = input.portfolio;
    lines.push("", `Your portfolio: cash ${p.cash.toFixed(2)}, equity ${p.equity.toFixed(2)}.`);
    for (const pos of p.positions)
      lines.push(
        `  open ${pos.direction} ${pos.asset} ${pos.volume} @ ${fmt(pos.entry)} (P&L ${pos.pnl.toFixed(2)})`,
      );
    if (input.lessons.length > 0)
      lines.push("", "Lessons from your closed trades:", ...input.lessons.map((l) => `- ${l}`));
    return lines.join("\n");
  },
};
