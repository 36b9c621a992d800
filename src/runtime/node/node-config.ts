import { readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { AlertRoutingSchema } from "../../alerts/routing.js";
import { endpointProblem } from "../../core/endpoint.js";
import { HydraError } from "../../core/errors.js";
import { PHASE_NAMES, PROGRAM_NAMES } from "../../risk/prop-firm/program.js";

const isoTime = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), "an ISO time such as 2024-03-12T12:00:00Z");

/**
 * A node's configuration file (`--config FILE`, YAML or JSON): the same settings as the flags of the
 * long-running commands, grouped. Every field is optional; unknown fields are errors naming their path.
 * Precedence: a flag, then the environment (EXECUTION_MODE, HYDRA_DB), then this file, then the default.
 */
/** a ZeroMQ endpoint to connect to, checked here (ZeroMQ itself only says "Invalid argument") */
const ENDPOINT = z.string().superRefine((text, ctx) => {
  const problem = endpointProblem(text);
  if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
});

const NODE_CONFIG_SCHEMA = z
  .strictObject({
    /** the SQLite database: journal, kill switch, checkpoints beside it */
    db: z.string().min(1),
    /** paper, shadow or live */
    mode: z.enum(["paper", "shadow", "live"]),
    /** the MT5 bridge's trade server and price streamer (live needs them; the simulated bridge otherwise) */
    bridge: z.strictObject({ trade: ENDPOINT, ticks: ENDPOINT }),
    /** Prometheus metrics */
    metrics: z.strictObject({ port: z.number().int().min(0).max(65535), host: z.string().min(1) }).partial(),
    /** the synthetic market of the simulated bridge */
    market: z
      .strictObject({ seed: z.number().int().min(0), speed: z.number().positive(), start: isoTime })
      .partial(),
    /** the FTMO half */
    ftmo: z
      .strictObject({
        program: z.enum(PROGRAM_NAMES as [string, ...string[]]),
        phase: z.enum(PHASE_NAMES as [string, ...string[]]),
        initial: z.number().positive(),
        bots: z.array(z.string().min(1)).min(1),
        turbo: z.boolean(),
      })
      .partial(),
    /** which channels receive which alerts, rate limits, quiet hours (README, "Alerts") */
    alerts: AlertRoutingSchema,
  })
  .partial();

export type NodeConfigFile = z.infer<typeof NODE_CONFIG_SCHEMA>;

/** Reads and validates a config file once, at the boundary; a clear error names the file and the field. */
export function loadNodeConfig(file: string): NodeConfigFile {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new HydraError("CONFIG_INVALID", `--config: cannot read ${file} (${(e as Error).message})`, {
      field: "--config",
      file,
    });
  }
  const yaml = /\.ya?ml$/i.test(file);
  let raw: unknown;
  try {
    raw = yaml ? parseYaml(text) : JSON.parse(text);
  } catch (e) {
    throw new HydraError(
      "CONFIG_INVALID",
      `${file}: not valid ${yaml ? "YAML" : "JSON"} (${(e as Error).message.split("\n")[0]})`,
      { field: "--config", file },
    );
  }
  const parsed = NODE_CONFIG_SCHEMA.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  // an unknown field says more than what its absence left missing ("trades" for "trade")
  const issue = parsed.error.issues.find((i) => i.code === "unrecognized_keys") ?? parsed.error.issues[0]!;
  const at = issue.path.join(".");
  if (issue.code === "unrecognized_keys") {
    const field = [at, issue.keys[0]].filter((s) => s !== "").join(".");
    throw new HydraError(
      "CONFIG_INVALID",
      `${path.basename(file)}: "${field}" is not a setting${at === "" ? "" : ` of ${at}`} (see README, "Node configuration")`,
      { field, file },
    );
  }
  const missing = issue.code === "invalid_type" && issue.message.endsWith("received undefined");
  const why = missing ? "is required here" : issue.message;
  throw new HydraError("CONFIG_INVALID", `${path.basename(file)}: "${at}": ${why}`, {
    field: at,
    file,
  });
}
