import { toIsoUtc } from "../core/time.js";

/**
 * Says each denial once, then counts it: a bot or an engine retrying every bar must not print the same
 * refusal hundreds of times. The first of a kind is logged with its reason; `flush()` reports the repeats
 * since the last flush (a runner calls it now and then), `summary()` the counts by code for the end.
 * A kind is the code (`perSource: false`, the HYDRA desks) or the source and the code (the FTMO bots).
 */
export class DenialLog {
  total = 0;
  private readonly byCode = new Map<string, number>();
  private readonly seen = new Set<string>();
  private readonly repeats = new Map<string, number>();

  constructor(
    private readonly log: (line: string) => void,
    private readonly opts: { perSource: boolean } = { perSource: true },
  ) {}

  /** `source` was denied `code` at `marketMs` (verb: "denied", or "rejected by the venue:") */
  denied(marketMs: number, source: string, code: string, reason: string, verb = "denied"): void {
    this.total++;
    this.byCode.set(code, (this.byCode.get(code) ?? 0) + 1);
    const kind = this.opts.perSource ? `${source} ${code}` : code;
    if (!this.seen.has(kind)) {
      this.seen.add(kind);
      const why = reason === "" || reason === code ? "" : `: ${reason}`;
      this.log(
        `${toIsoUtc(marketMs)} (market) ${source} ${verb} ${code}${why} (further ${this.opts.perSource ? `${code} of ${source}` : code} are counted, not printed)`,
      );
      return;
    }
    this.repeats.set(kind, (this.repeats.get(kind) ?? 0) + 1);
  }

  count(code: string): number {
    return this.byCode.get(code) ?? 0;
  }

  /** the counts by code: "NO_MONEY ×3, TRADING_HALTED ×40" */
  summary(): string {
    return [...this.byCode].map(([code, n]) => `${code} ×${n}`).join(", ");
  }

  /** One line with the repeats since the last flush, if any. */
  flush(): void {
    if (this.repeats.size === 0) return;
    const parts = [...this.repeats].map(([k, n]) => `${k} ×${n}`);
    this.repeats.clear();
    this.log(`denied again: ${parts.join(", ")}`);
  }
}
