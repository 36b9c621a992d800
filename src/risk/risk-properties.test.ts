import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Prng } from "../core/prng.js";
import { harness, ScriptedStrategy } from "../kernel/test-support/harness.js";
import type { Fill } from "../model/fill.js";
import type { RiskConfig } from "./risk-config.js";

/** 2024-01-10 02:00 Prague: ~16 hours of ticks stay inside one Prague day. */
const START = Date.UTC(2024, 0, 10, 1, 0, 0);

interface Row {
  time: number;
  equity: number;
  floor: number;
  slip: number;
  halted: boolean;
}

/**
 * A random trader on a random gold path: on some ticks it proposes a market entry with a random stop
 * (and volume, or 0 to be sized), on others it closes. Every tick it records equity, the floor in force
 * and the slippage so far: how much worse than assumed its entries and stop exits were filled.
 */
function run(seed: number, risk: Partial<RiskConfig>) {
  const rng = new Prng(seed);
  const rows: Row[] = [];
  const assumed = new Map<string, number>();
  let slip = 0;
  const trader = new ScriptedStrategy("rnd", [{ symbol: "XAUUSD", timeframe: "tick" }], {
    onTick: (_s, tick, ctx) => {
      const u = rng.next();
      if (u < 0.02 && ctx.positions().length > 0) ctx.submit({ kind: "close", symbol: "XAUUSD" });
      else if (u > 0.97) {
        const side = rng.next() < 0.5 ? "buy" : "sell";
        const entry = side === "buy" ? tick.ask : tick.bid;
        const dist = 0.5 + rng.next() * 6;
        const r = ctx.submit({
          kind: "open",
          symbol: "XAUUSD",
          side,
          orderType: "market",
          volume: rng.next() < 0.5 ? 0 : Math.round(rng.next() * 500) / 100,
          sl: side === "buy" ? entry - dist : entry + dist,
        });
        if (r.accepted) assumed.set(r.orderIds[0]!, entry);
      }
    },
  });
  const onFill = (f: Fill, sl: number): void => {
    const dir = f.side === "buy" ? 1 : -1;
    if (f.opening)
      slip += Math.max(0, (f.price - (assumed.get(f.orderId) ?? f.price)) * dir) * f.volume * 100;
    // any exit worse than the stop is a gap through it (a close order and the stop can meet on one tick)
    else slip += Math.max(0, (sl - f.price) * -dir) * f.volume * 100;
  };
  const h = harness({ cash: 100_000, riskConfig: risk, strategies: [trader] });
  const slOf = new Map<string, number>();
  trader.onFillHook = (f) => {
    if (f.opening) slOf.set(f.positionId, h.ledger.position(f.positionId)?.sl ?? Number.NaN);
    onFill(f, slOf.get(f.positionId) ?? Number.NaN);
  };
  let t = START;
  let mid = 2000;
  for (let i = 0; i < 20_000; i++) {
    t += 1 + Math.floor(rng.exponential(2500));
    // mostly small moves, sometimes a jump (a gap through stops)
    mid += rng.normal() * 0.3 + (rng.next() < 0.002 ? rng.normal() * 8 : 0);
    const bid = Math.round(mid * 100) / 100;
    h.kernel.onTick(0, t, bid, Math.round((bid + 0.2 + rng.next() * 0.2) * 100) / 100);
    const e = h.engine!;
    const p = e.propFirm;
    const g = e.guardian;
    const floor =
      p !== undefined
        ? Math.max(p.evaluator.floors.daily, p.evaluator.floors.maxLoss)
        : (g?.dailyFloor ?? Number.NEGATIVE_INFINITY);
    rows.push({
      time: t,
      equity: h.ledger.equity,
      floor,
      slip,
      halted: e.states.effective("account") === "HALTED",
    });
  }
  return { h, rows };
}

describe("risk layer properties on random paths and random intents (stops always attached)", () => {
  it("never lets approved orders take equity below the prop-firm floor by more than the slippage past the assumed prices", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (seed) => {
        const { h, rows } = run(seed, {
          guardian: null,
          propFirm: { program: "ftmo-2step", phase: "challenge" },
          riskPct: { default: 3, bySource: {} },
          maxRiskPct: 3,
        });
        expect(h.fills.length).toBeGreaterThan(0);
        for (const r of rows) expect(r.equity).toBeGreaterThanOrEqual(r.floor - r.slip - 1e-6);
        const v = h.engine!.propFirm!.verdict;
        const first = rows.find((r) => r.equity < r.floor);
        // the program fails on exactly the first tick past its floor, or not at all
        expect(v.status === "failed" ? v.time : null).toBe(first?.time ?? null);
      }),
      // 999985: a close order and a gap through the stop on one tick (found by CI once; kept)
      { numRuns: 15, examples: [[999985]] },
    );
  });

  it("halts on the first tick past the guardian's daily loss, and not before", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (seed) => {
        // a tight 1% daily limit and a loose floor rule so that the path can cross it
        const { h, rows } = run(seed, {
          guardian: { dailyLossPct: 1, maxDrawdownPct: 50 },
          propFirm: null,
          riskPct: { default: 3, bySource: {} },
          maxRiskPct: 3,
        });
        const first = rows.find((r) => r.equity < h.ledger.days[0]!.startBalance * 0.99);
        const halt = h.engine!.states.history.find((c) => c.to === "HALTED");
        expect(halt?.time ?? null).toBe(first?.time ?? null);
        for (const r of rows) if (first !== undefined && r.time >= first.time) expect(r.halted).toBe(true);
      }),
      { numRuns: 15 },
    );
  });
});
