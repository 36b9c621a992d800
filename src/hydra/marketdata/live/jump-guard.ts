import type { PriceQuote } from "./price-feed.js";

export interface JumpGuardOptions {
  /** a last price more than this % away from the last accepted one is held for a poll; default 10 */
  jumpPct?: number;
  log: (line: string) => void;
}

/** the next poll within this % of a held price confirms it */
const CONFIRM_PCT = 1;

function pct(from: number, to: number): number {
  return ((to - from) / from) * 100;
}

/**
 * Holds a quote whose last price jumped more than `jumpPct` % from the last one passed on, until the next
 * poll confirms it. The next quote confirms it when it is within 1 % of the held price, or again beyond
 * the threshold on the same side (a real move that went on moving: never held more than one poll); a
 * next quote back within the threshold passes and the spike is dropped; one beyond it on the other side
 * is held in turn. A held quote is left out of the poll (the caller keeps the previous price).
 */
export class JumpGuard {
  private readonly jumpPct: number;
  private readonly log: (line: string) => void;
  private readonly accepted = new Map<string, number>();
  private readonly held = new Map<string, PriceQuote>();

  constructor(opts: JumpGuardOptions) {
    this.jumpPct = opts.jumpPct ?? 10;
    this.log = opts.log;
    if (!(this.jumpPct > 0)) throw new RangeError(`jumpPct must be > 0, got ${this.jumpPct}`);
  }

  filter(quotes: readonly PriceQuote[]): PriceQuote[] {
    return quotes.filter((q) => this.pass(q));
  }

  private pass(q: PriceQuote): boolean {
    const ref = this.accepted.get(q.symbol);
    const held = this.held.get(q.symbol);
    this.held.delete(q.symbol);
    if (ref === undefined) return this.accept(q);
    const move = pct(ref, q.last);
    const beyond = Math.abs(move) > this.jumpPct;
    if (held !== undefined) {
      const confirmed =
        Math.abs(pct(held.last, q.last)) <= CONFIRM_PCT ||
        (beyond && Math.sign(move) === Math.sign(held.last - ref));
      if (confirmed) {
        this.log(`price feed: ${q.symbol} jump confirmed (${ref} → ${held.last} → ${q.last}): passed on`);
        return this.accept(q);
      }
      if (!beyond) {
        this.log(`price feed: ${q.symbol} spike to ${held.last} dropped (back at ${q.last})`);
        return this.accept(q);
      }
    }
    if (!beyond) return this.accept(q);
    this.held.set(q.symbol, q);
    this.log(
      `price feed: ${q.symbol} jumped ${move.toFixed(1)}% (${ref} → ${q.last}): held until the next poll confirms it`,
    );
    return false;
  }

  private accept(q: PriceQuote): true {
    this.accepted.set(q.symbol, q.last);
    return true;
  }
}
