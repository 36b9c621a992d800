import type { Clock, TestClock } from "../core/clock.js";
import { isHydraError } from "../core/errors.js";
import { toIsoUtc } from "../core/time.js";
import type { PriceFeed, PriceQuote } from "../hydra/marketdata/live/price-feed.js";
import type { Freshness } from "../hydra/marketdata/live/stale-tracker.js";
import type { CycleSummary, HydraOrchestrator } from "../hydra/orchestrator/hydra-orchestrator.js";
import type { InstrumentTable } from "../model/instrument-table.js";

/** What stands between a feed's quotes and the desks: which quotes pass, which assets are stale now. */
export interface QuoteGate {
  /** the quotes to trade on (a spike held for confirmation is not among them) */
  accept(quotes: readonly PriceQuote[], wallMs: number): readonly PriceQuote[];
  /** each stale asset with why (its last fresh price too old, or none yet) */
  stale(wallMs: number): ReadonlyMap<string, string>;
}

/**
 * The gate of a feed that checks its own quotes (GuardedFeed: jumps held, freshness tracked): every quote
 * it returns passes; an asset is stale when the feed says so, with how long its price has not moved.
 */
export function guardedFeedGate(
  feed: { freshness(symbol: string): Freshness },
  assets: readonly string[],
): QuoteGate {
  return {
    accept: (quotes) => quotes,
    stale: () => {
      const out = new Map<string, string>();
      for (const symbol of assets) {
        const f = feed.freshness(symbol);
        if (!f.stale) continue;
        out.set(
          symbol,
          f.ageMs === undefined ? "no price yet" : `no new price for ${Math.round(f.ageMs / 1000)} s (wall)`,
        );
      }
      return out;
    },
  };
}

export interface LiveLoop {
  hydra: HydraOrchestrator;
  /** the market clock the desks run on: live, the wall clock as the quotes arrive */
  clock: TestClock;
  wall: Clock;
  feed: PriceFeed;
  gate: QuoteGate;
  instruments: InstrumentTable;
  assets: readonly string[];
  /** market (here: wall) time between two cycles */
  cycleMs: number;
  /** wall time between two polls of the feed */
  pollMs: number;
  /** the run ends at this wall time (the stop signal ends it sooner) */
  endWallMs: number;
  stopped: () => boolean;
  sleep: (ms: number) => Promise<void>;
  /** after every cycle, with the wall seconds it took */
  onCycle: (c: CycleSummary, wallSeconds: number) => void;
  /** at least once a minute of wall time */
  checkpoint: () => void;
  /** each quote that passed the gate (the metrics' feed freshness) */
  onQuote?: (symbol: string) => void;
  log: (line: string) => void;
}

/**
 * `hydra run --feed coinbase|coingecko`: the desks trade at the live feed's prices. Every `pollMs` the
 * feed is asked for each asset's quote; the gate passes the ones to trade on (a single-poll spike waits
 * for confirmation) and each goes to every desk at the wall time it arrived (market time is ours, not the
 * source's, whose clock may be skewed). A cycle runs every `cycleMs`; the Mother AI leaves out the assets
 * the gate calls stale. A failing feed is said once per distinct failure (the failover feed has already
 * tried the other source), never fatal: the assets just go stale. Returns the cycles run.
 */
export async function runLiveLoop(o: LiveLoop): Promise<number> {
  let nextCycle = o.clock.now() + o.cycleMs;
  let cycles = 0;
  let lastFailure = "";
  let savedAt = o.wall.now();
  const advance = (): number => {
    const t = Math.max(o.clock.now(), o.wall.now());
    o.clock.set(t);
    // the market's clock runs on even without a quote (a dead feed): the saved state says where it was
    o.hydra.lastMarketMs = Math.max(o.hydra.lastMarketMs, t);
    return t;
  };
  while (!o.stopped() && o.wall.now() < o.endWallMs) {
    const polledAt = o.wall.now();
    try {
      const quotes = await o.feed.poll(o.assets);
      for (const q of o.gate.accept(quotes, o.wall.now())) {
        if (!o.instruments.has(q.symbol)) continue;
        o.hydra.onTick(o.instruments.index(q.symbol), advance(), q.bid, q.ask);
        o.onQuote?.(q.symbol);
      }
      if (lastFailure !== "") o.log(`${toIsoUtc(o.wall.now())} (wall) price feed: answering again`);
      lastFailure = "";
    } catch (e) {
      const why = isHydraError(e) ? `${e.message} [${e.code}]` : String(e);
      if (why !== lastFailure) o.log(`${toIsoUtc(o.wall.now())} (wall) price feed: ${why}`);
      lastFailure = why;
    }
    const now = advance();
    if (now >= nextCycle && !o.stopped()) {
      nextCycle = now + o.cycleMs;
      const startedMs = o.wall.now();
      const c = await o.hydra.cycle();
      cycles++;
      o.onCycle(c, (o.wall.now() - startedMs) / 1000);
      savedAt = o.wall.now();
    }
    if (o.wall.now() - savedAt >= 60_000) {
      o.checkpoint();
      savedAt = o.wall.now();
    }
    // the rest of the poll interval, in short naps so that a stop is seen at once
    while (!o.stopped() && o.wall.now() - polledAt < o.pollMs) await o.sleep(Math.min(50, o.pollMs));
  }
  return cycles;
}
