import { z } from "zod";

const Ms = z.int().nonnegative();

/** Where a prop-firm challenge stands; null when the node trades without a program. */
export const ChallengeSchema = z
  .object({
    program: z.string(),
    phase: z.string(),
    dailyLossLeft: z.number(),
    maxLossLeft: z.number(),
    profit: z.number(),
    profitTarget: z.number().nullable(),
    tradingDays: z.int().nonnegative(),
    minTradingDays: z.int().nonnegative(),
    /** the best day's profit over the total profit, null before any profit */
    bestDayRatio: z.number().nullable(),
    verdict: z.enum(["in_progress", "passed", "failed"]),
  })
  .nullable();
export type Challenge = z.infer<typeof ChallengeSchema>;

const BotSchema = z.object({
  name: z.string(),
  kind: z.enum(["bot", "engine"]),
  state: z.enum(["running", "paused", "halted"]),
  openPositions: z.int().nonnegative(),
  trades: z.int().nonnegative(),
  pnl: z.number(),
});
export type Bot = z.infer<typeof BotSchema>;
export const BotsSchema = z.array(BotSchema);

const LeaderboardEntrySchema = z.object({
  rank: z.int().positive(),
  name: z.string(),
  kind: z.enum(["bot", "engine"]),
  score: z.number(),
  pnl: z.number(),
  trades: z.int().nonnegative(),
  winRate: z.number().min(0).max(1).nullable(),
});
export type LeaderboardEntry = z.infer<typeof LeaderboardEntrySchema>;
export const LeaderboardSchema = z.array(LeaderboardEntrySchema);

export const DecisionSchema = z.object({
  id: z.string(),
  /** market time of the decision */
  atMs: Ms,
  engine: z.string(),
  symbol: z.string(),
  action: z.string(),
  confidence: z.number().min(0).max(1).nullable(),
  rationale: z.string(),
  /** what became of it: an order, a denial with its reason code, nothing */
  outcome: z.string(),
  /** what the answer cost (LLM tokens priced; 0 for an offline engine), null when unknown */
  costUsd: z.number().nonnegative().nullable(),
  /** how long the engine took to answer, null when unknown */
  latencyMs: z.number().nonnegative().nullable(),
});
export type Decision = z.infer<typeof DecisionSchema>;
