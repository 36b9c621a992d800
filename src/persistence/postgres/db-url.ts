import { HydraError } from "../../core/errors.js";

/** The address with its password replaced by ***, for messages and logs. */
export function redactDbUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== "") u.password = "***";
    return u.toString();
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@]*@/, "//$1:***@");
  }
}

/**
 * HYDRA_DB_URL: a postgres:// (or postgresql://) address, or undefined when unset or empty (SQLite,
 * the default). Anything else is a CONFIG_INVALID error naming the variable.
 */
export function postgresUrlFromEnv(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const url = env.HYDRA_DB_URL;
  if (url === undefined || url === "") return undefined;
  return checkedPostgresUrl(url, "HYDRA_DB_URL");
}

export function checkedPostgresUrl(url: string, field: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new HydraError("CONFIG_INVALID", `${field}: "${redactDbUrl(url)}" is not an address`, { field });
  }
  if (u.protocol !== "postgres:" && u.protocol !== "postgresql:")
    throw new HydraError(
      "CONFIG_INVALID",
      `${field}: expected postgres://user@host:port/database (or ?host=/socket/dir), got ${u.protocol}//…`,
      { field },
    );
  return url;
}
