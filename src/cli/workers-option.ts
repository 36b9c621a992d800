import { availableParallelism } from "node:os";
import { HydraError } from "../core/errors.js";
import { numberOption } from "./options.js";

const MAX_WORKERS = 64;

/** `--workers <n>`: worker threads, the available cores by default, at most 64. */
export function workersOption(flag: string, text: string | undefined): number {
  const workers =
    numberOption(flag, text, { integer: true, positive: true }) ??
    Math.min(availableParallelism(), MAX_WORKERS);
  if (workers > MAX_WORKERS)
    throw new HydraError("CLI_USAGE", `${flag} must be at most ${MAX_WORKERS}, got "${text}"`, {
      field: flag,
    });
  return workers;
}
