const known = new Map<string, boolean>();

/**
 * True for a zone name the runtime's Intl knows: the test luxon's `IANAZone.isValidZone` makes, without
 * loading luxon (about 45 ms of a short command's start, e.g. `hydra size`, which validates specs).
 */
export function isValidZone(zone: string): boolean {
  let ok = known.get(zone);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: zone });
      ok = zone !== "";
    } catch {
      ok = false;
    }
    known.set(zone, ok);
  }
  return ok;
}
