import { toIsoUtc } from "../../core/time.js";

/**
 * Says each kind of denial (source and code) once, then counts it: a bot retrying every bar must not
 * print the same line hundreds of times. `flush()` reports the counts of repeats since the last flush.
 */
export class DenialLog {
  private readonly repeats = new Map<string, number>();
  private readonly seen = new Set<string>();
  total = 0;

  constructor(private readonly log: (line: string) => void) {}

  denied(marketMs: number, source: string, code: string, reason: string): void {
    this.total++;
    const key = `${source} ${code}`;
    if (!this.seen.has(key)) {
      this.seen.add(key);
      this.log(`${toIsoUtc(marketMs)} (market) denied ${source}: ${code} ${reason} (repeats are counted)`);
      return;
    }
    this.repeats.set(key, (this.repeats.get(key) ?? 0) + 1);
  }

  /** One line with the repeats since the last flush, if any. */
  flush(): void {
    if (this.repeats.size === 0) return;
    const parts = [...this.repeats].map(([k, n]) => `${k} ×${n}`);
    this.repeats.clear();
    this.log(`denied again: ${parts.join(", ")}`);
  }
}
