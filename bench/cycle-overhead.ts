/**
 * Mother AI cycle overhead: four fake engines answering after a set latency (20, 40, 60, 80 ms); the
 * overhead is the cycle's wall time minus the slowest engine's latency (snapshot, prompts and hashes,
 * guardian checks, orders, records). Goal: at most 10 ms.
 */
import { performance } from "node:perf_hooks";
import { TestClock } from "../src/core/clock.js";
import { type Engine, type EngineAnswer, NO_USAGE } from "../src/hydra/engine.js";
import { EngineDesk } from "../src/hydra/mother/engine-desk.js";
import { MarketHistory } from "../src/hydra/mother/market-history.js";
import { MotherAi } from "../src/hydra/mother/mother-ai.js";
import { PROMPT_V1 } from "../src/hydra/mother/prompt-template.js";
import { resolveInstrument } from "../src/model/default-instruments.js";
import { InstrumentTable } from "../src/model/instrument-table.js";
import { bookFactory } from "../src/runtime/node/build-book.js";

const CYCLES = 100;

function fake(id: string, latencyMs: number): Engine {
  return {
    id,
    label: id,
    kind: "offline",
    decide: (input) =>
      new Promise<EngineAnswer>((resolve) =>
        setTimeout(() => {
          const a = input.assets[0]!;
          resolve({
            ok: true,
            decisions: [
              {
                action: "open",
                asset: a.symbol,
                direction: "long",
                entry: a.price,
                stopLoss: a.price * 0.98,
                takeProfit: a.price * 1.03,
                confidence: 0.6,
                rationale: "bench",
              },
            ],
            usage: NO_USAGE,
            latencyMs,
            raw: "",
          });
        }, latencyMs),
      ),
  };
}

export async function cycleOverhead(): Promise<void> {
  const clock = new TestClock(Date.UTC(2024, 0, 10));
  const symbols = ["BTC-USD", "ETH-USD", "SOL-USD"];
  const instruments = new InstrumentTable(symbols.map((s) => resolveInstrument(s)));
  const markets = symbols.map((s, k) => {
    const m = new MarketHistory(s);
    for (let i = 0; i < 60; i++) {
      const p = [60_000, 3000, 150][k]! * (1 + Math.sin(i / 5) / 100);
      m.onBar({
        symbol: s,
        timeframe: "M5",
        time: i * 300_000,
        endTime: (i + 1) * 300_000,
        open: p,
        high: p * 1.001,
        low: p * 0.999,
        close: p,
        volume: 1,
        spread: Number.NaN,
      });
    }
    return m;
  });
  const engines = [fake("e20", 20), fake("e40", 40), fake("e60", 60), fake("e80", 80)];
  const books = bookFactory({ instruments, clock, testClock: clock });
  const desks = new Map(engines.map((e) => [e.id, new EngineDesk({ engineId: e.id, cash: 25_000, books })]));
  for (const d of desks.values())
    markets.forEach((m, k) => {
      d.kernel.onTick(k, clock.now(), m.price, m.price * 1.0001);
    });
  const mother = new MotherAi({
    engines,
    desks,
    markets,
    template: PROMPT_V1,
    mode: "independent",
    timeoutMs: 5000,
    now: () => clock.now(),
  });
  const overhead: number[] = [];
  for (let i = 0; i < CYCLES; i++) {
    const t0 = performance.now();
    await mother.cycle();
    overhead.push(performance.now() - t0 - 80);
    clock.advance(300_000);
    // close what was opened so the next cycle opens again
    for (const d of desks.values())
      for (const s of symbols)
        if (d.ledger.positions.some((p) => p.symbol === s)) d.submit({ kind: "close", symbol: s });
    for (const d of desks.values())
      markets.forEach((m, k) => {
        d.kernel.onTick(k, clock.now(), m.price, m.price * 1.0001);
      });
  }
  overhead.sort((a, b) => a - b);
  const p = (q: number) => overhead[Math.min(overhead.length - 1, Math.floor(q * overhead.length))]!;
  console.log(
    `cycle     Mother AI, 4 engines answering after 20/40/60/80 ms, ${CYCLES} cycles: overhead over the slowest engine p50 ${p(0.5).toFixed(2)} ms, p99 ${p(0.99).toFixed(2)} ms   (goal ≤ 10 ms)`,
  );
}
