import { HydraError } from "../../core/errors.js";

/**
 * Runs a native store's statements, failing as STORAGE with what failed and where (the table, the node
 * id) before the database's own words; a store closed earlier fails the same way, naming it.
 */
export function pgGuarded<T>(closed: boolean, what: string, where: string, f: () => T): T {
  if (closed) throw new HydraError("STORAGE", `${what} (${where}): the store is closed`, { where });
  try {
    return f();
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    const details = e instanceof HydraError ? e.details : {};
    throw new HydraError("STORAGE", `${what} (${where}): ${why}`, { ...details, where }, e);
  }
}
