/**
 * Says each denial once, then counts: the same refusal repeated on every cycle would drown the log.
 * `summary()` gives the counts for the end of the run.
 */
export class DenialLog {
  private readonly counts = new Map<string, number>();

  constructor(private readonly log: (line: string) => void) {}

  /**
   * `who` was denied with `code` (or its order was rejected by the venue: `verb` "rejected"); the first
   * time per code is logged with its reason
   */
  deny(who: string, code: string, reason: string, marketTimeIso: string, verb = "denied"): void {
    const n = (this.counts.get(code) ?? 0) + 1;
    this.counts.set(code, n);
    if (n === 1)
      this.log(
        `${marketTimeIso} (market) ${who} ${verb} ${code}${reason === "" || reason === code ? "" : `: ${reason}`} (further ${code} are counted, not printed)`,
      );
  }

  count(code: string): number {
    return this.counts.get(code) ?? 0;
  }

  summary(): string {
    return [...this.counts].map(([code, n]) => `${code} ×${n}`).join(", ");
  }
}
