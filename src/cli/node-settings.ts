import type { Env } from "../risk/kill-switch/kill-switch-env.js";
import { loadNodeConfig, type NodeConfigFile } from "../runtime/node/node-config.js";
import { databasePath } from "./commands/kill-switch.js";
import { numberOption, timeOption } from "./options.js";

/**
 * The settings every long-running command shares, resolved once at the boundary: a flag, then the
 * environment (HYDRA_DB), then the `--config` file, then the default.
 */
export interface NodeSettings {
  file: NodeConfigFile;
  db: string;
  /** the synthetic market's seed, speed and start */
  seed: number | undefined;
  speed: number | undefined;
  marketStartMs: number | undefined;
}

export function nodeSettings(
  flags: { config?: string; db?: string; seed?: string; speed?: string; start?: string },
  env: Env,
): NodeSettings {
  const file = flags.config === undefined ? {} : loadNodeConfig(flags.config);
  const db =
    flags.db !== undefined || (env.HYDRA_DB ?? "") !== "" || file.db === undefined
      ? databasePath(flags.db, env)
      : databasePath(file.db, {});
  const start = timeOption("--start", flags.start);
  return {
    file,
    db,
    seed: numberOption("--seed", flags.seed, { integer: true, min: 0 }) ?? file.market?.seed,
    speed: numberOption("--speed", flags.speed, { positive: true }) ?? file.market?.speed,
    marketStartMs: start ?? (file.market?.start === undefined ? undefined : Date.parse(file.market.start)),
  };
}
