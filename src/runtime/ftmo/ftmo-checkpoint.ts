import { z } from "zod";
import { HydraError } from "../../core/errors.js";
import type { Position } from "../../model/position.js";
import type { ChallengeState } from "../../risk/prop-firm/challenge-evaluator.js";

/** The runner's files belong to its database: `<db>.ftmo-checkpoint.json`, `<db>.ftmo-trades.jsonl`. */
export const checkpointPathOf = (dbPath: string): string => `${dbPath}.ftmo-checkpoint.json`;
export const tradeLogPathOf = (dbPath: string): string => `${dbPath}.ftmo-trades.jsonl`;

export interface FtmoCheckpoint {
  version: 2;
  mode: string;
  runId: number;
  /** when it was written, by the wall clock */
  wallTime: string;
  /** the market time of the books (the feed's clock) */
  marketTime: string;
  balance: number;
  equity: number;
  positions: Position[];
  challenge: ChallengeState | null;
  states: unknown;
  /** orders whose outcome was still unknown */
  inFlight: string[];
}

const positionSchema = z
  .object({
    id: z.string(),
    source: z.string(),
    symbol: z.string(),
    side: z.enum(["buy", "sell"]),
    volume: z.number().positive(),
    openPrice: z.number(),
    openTime: z.number(),
    sl: z.number().nullable(),
    tp: z.number().nullable(),
    commission: z.number(),
  })
  .loose();

const checkpointSchema = z
  .object({
    version: z.literal(2),
    mode: z.enum(["paper", "shadow", "live"]),
    runId: z.number().int(),
    wallTime: z.string(),
    marketTime: z.string(),
    balance: z.number(),
    equity: z.number(),
    positions: z.array(positionSchema),
    challenge: z.unknown(),
    states: z.unknown(),
    inFlight: z.array(z.string()),
  })
  .loose();

const finite = (_k: string, v: unknown): unknown => (typeof v === "number" && !Number.isFinite(v) ? null : v);

/** The checkpoint as JSON text (NaN and ±Infinity as null: a position without a stop has sl null). */
export const checkpointText = (c: FtmoCheckpoint, indent?: number): string =>
  JSON.stringify(c, finite, indent);

/** Where a checkpoint was read from, to name in a refusal: the file or the row, and what to do about it. */
export interface CheckpointSource {
  where: string;
  details: Record<string, unknown>;
  /** what the operator can do, e.g. "restore it from a backup …, or move it away to start the challenge afresh" */
  remedy: string;
}

/**
 * A stored checkpoint's text, validated; a clear CONFIG_INVALID naming where it is (never a start from
 * scratch) when it is not JSON or not a checkpoint this version can resume.
 */
export function parseCheckpoint(text: string, from: CheckpointSource): FtmoCheckpoint {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new HydraError(
      "CONFIG_INVALID",
      `${from.where}: the checkpoint is not JSON (${String(e)}); nothing was started: ${from.remedy}`,
      from.details,
      e,
    );
  }
  const parsed = checkpointSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new HydraError(
      "CONFIG_INVALID",
      `${from.where}: not a checkpoint this version can resume (field "${issue.path.join(".")}": ${issue.message}); ${from.remedy}`,
      { ...from.details, field: issue.path.join(".") },
    );
  }
  const c = parsed.data as unknown as FtmoCheckpoint;
  for (const p of c.positions) {
    p.sl ??= Number.NaN;
    p.tp ??= Number.NaN;
  }
  return c;
}

/** A run never resumes the state of another mode (live never continues a paper or shadow book). */
export function checkResumable(c: FtmoCheckpoint, mode: string, where: string): void {
  if (c.mode !== mode)
    throw new HydraError(
      "CONFIG_INVALID",
      `${where} was written by a ${c.mode} run; a ${mode} run does not resume it (use another --db for ${mode}, or move the checkpoint away)`,
      { field: "--mode", where },
    );
}
