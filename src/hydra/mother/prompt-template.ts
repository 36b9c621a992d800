import { createHash } from "node:crypto";
import type { EngineInput } from "../engine.js";

/** What a template renders: an engine's input without the prompt, and who competes this run. */
export type PromptInput = Omit<EngineInput, "prompt" | "promptHash"> & {
  /**
   * the engines competing this run (the active ones), by the name the prompt gives each (its id), this
   * engine's own included; a template that counts them says nothing of the field without it
   */
  competitors?: readonly string[];
};

/** A prompt template with a version: the version and the rendered prompt's hash go with every decision. */
export interface PromptTemplate {
  readonly version: string;
  render(input: PromptInput, engineId: string): string;
}

export const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

const fmt = (x: number): string => (Math.abs(x) >= 100 ? x.toFixed(2) : x.toPrecision(6));

const TRADE = "Trade crypto on a paper portfolio.";

/** Everything after the first line: the task, the market, the portfolio, the lessons. */
function body(input: PromptInput): string[] {
  const lines: string[] = [
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
  return lines;
}

/**
 * v1 (kept for the recordings made with it: a replay matches on the prompt's hash): the market (last
 * candles, indicators, regime) for every asset, the engine's own portfolio and its lessons, and the
 * answer format. It says "JSON" (DeepSeek needs the word) and asks for one object. It says "one of four
 * trading engines" whoever competes.
 */
export const PROMPT_V1: PromptTemplate = {
  version: "v1",
  render(input, engineId) {
    return [
      `You are ${engineId}, one of four trading engines in a tournament ranked by realised P&L. ${TRADE}`,
      ...body(input),
    ].join("\n");
  },
};

/** Who the engine competes with, as the run has it (input.competitors). */
function tournamentLine(engineId: string, competitors: readonly string[] | undefined): string {
  if (competitors === undefined)
    return `You are ${engineId}, a trading engine in a tournament ranked by realised P&L. ${TRADE}`;
  const others = competitors.filter((c) => c !== engineId);
  if (others.length === 0)
    return `You are ${engineId}, the only trading engine in this tournament, ranked by realised P&L. ${TRADE}`;
  return `You are ${engineId}, one of ${others.length + 1} trading engines in a tournament ranked by realised P&L (the others: ${others.join(", ")}). ${TRADE}`;
}

/** v2: v1 with the tournament as it is — how many engines compete this run and which (input.competitors). */
export const PROMPT_V2: PromptTemplate = {
  version: "v2",
  render(input, engineId) {
    return [tournamentLine(engineId, input.competitors), ...body(input)].join("\n");
  },
};
