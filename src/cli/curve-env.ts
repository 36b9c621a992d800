import { readFileSync } from "node:fs";
import { curvePublicKeyOf, isCurveKey } from "../core/curve-key.js";
import { HydraError } from "../core/errors.js";
import { CurveClientKeys } from "../execution/mt5/client/curve-keys.js";
import type { SimBridgeCurve } from "../runtime/sim-bridge/curve-server.js";

type Env = Readonly<Record<string, string | undefined>>;
type ReadFile = (path: string) => string;

const readText: ReadFile = (path) => readFileSync(path, "utf8");

/**
 * HYDRA's CurveZMQ client keys from the environment, each as a value (NAME) or a file (NAME_FILE):
 * HYDRA_BRIDGE_SERVER_KEY (the bridge's public key), HYDRA_CLIENT_SECRET_KEY and, optionally,
 * HYDRA_CLIENT_PUBLIC_KEY (derived from the secret key when absent, checked against it when given).
 * None set: undefined (a plaintext link, e.g. through an SSH tunnel). An error names the variable and
 * never shows a key.
 */
export function clientCurveFromEnv(env: Env, read: ReadFile = readText): CurveClientKeys | undefined {
  const serverKey = keyVar(env, "HYDRA_BRIDGE_SERVER_KEY", "public", read);
  const secretKey = keyVar(env, "HYDRA_CLIENT_SECRET_KEY", "secret", read);
  const publicKey = keyVar(env, "HYDRA_CLIENT_PUBLIC_KEY", "public", read);
  if (serverKey === undefined && secretKey === undefined && publicKey === undefined) return undefined;
  if (serverKey === undefined)
    throw invalid(
      "HYDRA_BRIDGE_SERVER_KEY",
      "required with the client keys: the bridge's CurveZMQ public key",
    );
  if (secretKey === undefined)
    throw invalid(
      "HYDRA_CLIENT_SECRET_KEY",
      "required with HYDRA_BRIDGE_SERVER_KEY: this client's CurveZMQ secret key (hydra bridge keygen)",
    );
  const derived = curvePublicKeyOf(secretKey);
  if (publicKey !== undefined && publicKey !== derived)
    throw invalid("HYDRA_CLIENT_PUBLIC_KEY", "is not the public key of HYDRA_CLIENT_SECRET_KEY");
  return new CurveClientKeys(serverKey, derived, secretKey);
}

/**
 * The simulated bridge's CurveZMQ from the same variables the Windows bridge reads:
 * HYDRA_BRIDGE_CURVE_SECRET_KEY, HYDRA_BRIDGE_CURVE_PUBLIC_KEY (optional, checked) and
 * HYDRA_BRIDGE_CURVE_CLIENTS (client public keys separated by commas or new lines), each also as NAME_FILE.
 */
export function serverCurveFromEnv(env: Env, read: ReadFile = readText): SimBridgeCurve | undefined {
  const secretKey = keyVar(env, "HYDRA_BRIDGE_CURVE_SECRET_KEY", "secret", read);
  const publicKey = keyVar(env, "HYDRA_BRIDGE_CURVE_PUBLIC_KEY", "public", read);
  const rawClients = textVar(env, "HYDRA_BRIDGE_CURVE_CLIENTS", read);
  if (secretKey === undefined && publicKey === undefined && rawClients === undefined) return undefined;
  if (secretKey === undefined)
    throw invalid("HYDRA_BRIDGE_CURVE_SECRET_KEY", "required when CurveZMQ is configured");
  if (publicKey !== undefined && publicKey !== curvePublicKeyOf(secretKey))
    throw invalid("HYDRA_BRIDGE_CURVE_PUBLIC_KEY", "is not the public key of HYDRA_BRIDGE_CURVE_SECRET_KEY");
  const clients = (rawClients?.value ?? "").split(/[\s,]+/).filter((k) => k !== "");
  if (clients.length === 0)
    throw invalid(rawClients?.name ?? "HYDRA_BRIDGE_CURVE_CLIENTS", "list the allowed client public keys");
  const bad = clients.findIndex((k) => !isCurveKey(k));
  if (bad >= 0)
    throw invalid(
      rawClients?.name ?? "HYDRA_BRIDGE_CURVE_CLIENTS",
      `key ${bad + 1} is not a 40-character Z85 CurveZMQ public key`,
    );
  return { secretKey, clients };
}

/** NAME or NAME_FILE (not both), trimmed; undefined when neither is set. */
function textVar(env: Env, name: string, read: ReadFile): { name: string; value: string } | undefined {
  const direct = env[name]?.trim() || undefined;
  const file = env[`${name}_FILE`]?.trim() || undefined;
  if (direct !== undefined && file !== undefined)
    throw invalid(`${name}_FILE`, `set ${name} or ${name}_FILE, not both`);
  if (direct !== undefined) return { name, value: direct };
  if (file === undefined) return undefined;
  try {
    return { name: `${name}_FILE`, value: read(file).trim() };
  } catch (e) {
    throw invalid(`${name}_FILE`, `cannot read ${file} (${(e as { code?: string }).code ?? "error"})`);
  }
}

/**
 * A Z85 key from NAME or NAME_FILE. A file holds the key alone (as `hydra bridge keygen` writes it) or is
 * a ZeroMQ certificate (`public-key = "…"` / `secret-key = "…"`, as pyzmq's create_certificates writes).
 */
function keyVar(env: Env, name: string, kind: "public" | "secret", read: ReadFile): string | undefined {
  const got = textVar(env, name, read);
  if (got === undefined) return undefined;
  const cert = got.value.match(new RegExp(`^\\s*${kind}-key\\s*=\\s*"(.{40})"`, "m"));
  const key = cert?.[1] ?? got.value;
  if (!isCurveKey(key)) throw invalid(got.name, `expected a 40-character Z85 CurveZMQ ${kind} key`);
  return key;
}

function invalid(field: string, why: string): HydraError {
  return new HydraError("CONFIG_INVALID", `${field}: ${why}`, { field });
}
