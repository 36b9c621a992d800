import { HydraError } from "../../core/errors.js";

/**
 * Each symbol draws from its own generator, seeded from the run seed and the symbol's name (FNV-1a):
 * a symbol's path does not depend on which other symbols run beside it.
 */
export function symbolSeed(seed: number, symbol: string): number {
  let h = 0x811c9dc5;
  const s = seed >>> 0;
  for (let i = 0; i < 4; i++) {
    h ^= (s >>> (8 * i)) & 0xff;
    h = Math.imul(h, 0x01000193);
  }
  for (let i = 0; i < symbol.length; i++) {
    h ^= symbol.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Checks a run's seed and time range at the boundary. endMs may be Infinity (an endless stream). */
export function checkRun(seed: number, startMs: number, endMs: number): void {
  if (!Number.isSafeInteger(seed)) {
    throw new HydraError("CONFIG_INVALID", `synthetic market: seed must be an integer, got ${String(seed)}`, {
      field: "seed",
    });
  }
  if (!Number.isFinite(startMs)) {
    throw new HydraError(
      "CONFIG_INVALID",
      `synthetic market: startMs must be a finite epoch ms, got ${String(startMs)}`,
      {
        field: "startMs",
      },
    );
  }
  if (Number.isNaN(endMs) || endMs < startMs) {
    throw new HydraError("CONFIG_INVALID", `synthetic market: endMs must not be before startMs`, {
      field: "endMs",
    });
  }
}
