import { describe, expect, it } from "vitest";
import { TestClock } from "../core/clock.js";
import { SyntheticMarket } from "../data/synthetic/index.js";
import { offlineEngines } from "../hydra/offline/index.js";
import { HydraOrchestrator } from "../hydra/orchestrator/hydra-orchestrator.js";
import { resolveInstrument } from "../model/default-instruments.js";
import { InstrumentTable } from "../model/instrument-table.js";
import { bookFactory } from "./node/build-book.js";
import { TickBatch } from "./tick-batch.js";

const ASSETS = ["BTC-USD", "ETH-USD", "SOL-USD"];
const START = Date.UTC(2024, 0, 8);
const CYCLE_MS = 5 * 60_000;

/** A market day of 5-minute cycles on the synthetic market, the ticks fed one by one or in runs. */
async function tournament(folded: boolean) {
  const clock = new TestClock(START);
  const instruments = new InstrumentTable(ASSETS.map((a) => resolveInstrument(a)));
  const lines: string[] = [];
  const hydra = new HydraOrchestrator({
    engines: offlineEngines(),
    mode: "independent",
    cash: 25_000,
    books: bookFactory({ instruments, clock, testClock: clock, idPrefix: "R1-" }),
    instruments,
    clock,
    timeoutMs: 60_000,
    log: (l) => lines.push(l),
  });
  const market = new SyntheticMarket({ symbols: ASSETS, seed: 7, startMs: START - 6 * 3_600_000 });
  market.next();
  while (market.time < START) {
    hydra.warm(market.symbolIndex, market.time, market.bid, market.ask);
    market.next();
  }
  const batch = new TickBatch();
  let folds = 0;
  for (let at = START + CYCLE_MS; at <= START + 86_400_000; at += CYCLE_MS) {
    batch.clear();
    while (market.time <= at) {
      if (folded) batch.push(market.symbolIndex, market.time, market.bid, market.ask);
      else {
        clock.set(market.time);
        hydra.onTick(market.symbolIndex, market.time, market.bid, market.ask);
      }
      market.next();
    }
    if (folded && batch.length > 0) {
      hydra.onTicks(batch.syms, batch.time, batch.bid, batch.ask, batch.length);
      clock.set(batch.time[batch.length - 1]!);
      folds++;
    }
    clock.set(at);
    await hydra.cycle();
  }
  const desks = [...hydra.desks.values()];
  return {
    folds,
    lines,
    scores: hydra.standings(),
    trades: desks.map((d) => d.trades),
    state: hydra.state(),
    marks: desks.map((d) => [...d.ledger.lastBid]),
    open: hydra.openPositions(),
  };
}

describe("HydraOrchestrator.onTicks", () => {
  it("gives the tournament that every tick sent to every desk gives: trades, standings, log and state", async () => {
    const one = await tournament(false);
    const runs = await tournament(true);
    expect(runs.folds).toBeGreaterThan(250);
    // the desks traded, stops and targets included, so events interleaved between desks
    expect(one.trades.flat().length).toBeGreaterThan(10);
    expect(one.trades.flat().some((t) => t.exitReason === "sl" || t.exitReason === "tp")).toBe(true);
    const { folds: _a, ...a } = one;
    const { folds: _b, ...b } = runs;
    expect(b).toEqual(a);
  });
});
