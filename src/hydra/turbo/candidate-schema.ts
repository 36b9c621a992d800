import { z } from "zod";

/** The rule families a candidate can use (structured rules, never code). */
const FAMILIES = ["ema-cross", "rsi-reversion", "breakout"] as const;
export type Family = (typeof FAMILIES)[number];

const int = (min: number, max: number) => z.number().int().min(min).max(max);

/** Parameters of a candidate; each family reads its own (checked by the refinement below). */
const CandidateParamsSchema = z
  .object({
    fast: int(2, 100).optional(),
    slow: int(3, 400).optional(),
    rsiPeriod: int(2, 100).optional(),
    low: z.number().min(1).max(49).optional(),
    high: z.number().min(51).max(99).optional(),
    channel: int(2, 400).optional(),
    stopAtr: z.number().min(0.2).max(10),
    targetAtr: z.number().min(0.2).max(20),
  })
  .strict();

const CandidateSchema = z
  .object({
    name: z.string().min(1).max(60),
    asset: z.string().min(1).max(20),
    family: z.enum(FAMILIES),
    params: CandidateParamsSchema,
  })
  .strict()
  .superRefine((c, ctx) => {
    const need = (key: keyof z.infer<typeof CandidateParamsSchema>): void => {
      if (c.params[key] === undefined)
        ctx.addIssue({ code: "custom", path: ["params", key], message: `${c.family} needs params.${key}` });
    };
    if (c.family === "ema-cross") {
      need("fast");
      need("slow");
      if (c.params.fast !== undefined && c.params.slow !== undefined && c.params.fast >= c.params.slow)
        ctx.addIssue({ code: "custom", path: ["params", "fast"], message: "fast must be below slow" });
    } else if (c.family === "rsi-reversion") {
      need("rsiPeriod");
      need("low");
      need("high");
    } else need("channel");
  });
export type Candidate = z.infer<typeof CandidateSchema>;

/** A batch: one to five candidates. */
export const CandidateBatchSchema = z.object({ candidates: z.array(CandidateSchema).min(1).max(5) }).strict();
type CandidateBatch = z.infer<typeof CandidateBatchSchema>;

export type BatchParse =
  | { ok: true; batch: CandidateBatch }
  /** `field` is the dotted path of the first bad field, e.g. "candidates.0.params.stopAtr" */
  | { ok: false; field: string; message: string };

/** Validates a batch (e.g. an LLM's parsed JSON); a failure names the first offending field. */
export function parseCandidateBatch(input: unknown): BatchParse {
  const r = CandidateBatchSchema.safeParse(input);
  if (r.success) return { ok: true, batch: r.data };
  const issue = r.error.issues[0];
  const field = issue === undefined || issue.path.length === 0 ? "(root)" : issue.path.map(String).join(".");
  return { ok: false, field, message: issue?.message ?? "invalid batch" };
}
