import { z } from "zod";

/**
 * The first line a recording of `hydra run` gets: what the run needs besides the answers to be replayed
 * bit for bit — the synthetic market's seed and origin, the market time of its start, and its settings.
 */
export const RunHeaderSchema = z.object({
  kind: z.literal("run"),
  seed: z.number().int().min(0),
  /** epoch ms, market time: where the synthetic market starts (the warm-up before the first cycle) */
  originMs: z.number(),
  /** epoch ms, market time: the run's start */
  marketStartMs: z.number(),
  assets: z.array(z.string()).min(1),
  cycleMs: z.number().positive(),
  mode: z.enum(["independent", "consensus", "turbo"]),
  cash: z.number().positive(),
  engines: z.array(z.string()),
  /** a run that continued a saved tournament: its replay would need that state too */
  resumed: z.boolean(),
  /** ISO, wall time */
  recordedWall: z.string(),
});
export type RunHeader = z.infer<typeof RunHeaderSchema>;
