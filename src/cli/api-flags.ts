import type { NodeApiSettings } from "../runtime/api/serve-node.js";
import { portOption } from "./options.js";

/** --api-port / --api-host and HYDRA_API_TOKEN: where a node serves its API (undefined: no API). */
export function apiSettings(
  flags: { apiPort?: string; apiHost?: string },
  env: Readonly<Record<string, string | undefined>>,
  defaultPort?: number,
): NodeApiSettings | undefined {
  const port = portOption("--api-port", flags.apiPort) ?? defaultPort;
  if (port === undefined) return undefined;
  return {
    port,
    ...(flags.apiHost === undefined ? {} : { host: flags.apiHost }),
    ...(env.HYDRA_API_TOKEN ? { token: env.HYDRA_API_TOKEN } : {}),
  };
}
