import { describe, expect, it } from "vitest";
import { ATR } from "../../indicators/atr.js";
import { harness, MIN } from "../../kernel/test-support/harness.js";
import type { RiskConfig } from "../../risk/risk-config.js";
import { parseParams } from "../strategy-params.js";
import { HF_SCALPER_PARAMS, HfScalper } from "./hf-scalper.js";

/** [open, high, low, close, spread] */
type Row = [number, number, number, number, number];
const SPREAD = 0.00008;

function scalper(raw: Record<string, string> = {}, name?: string, risk: Partial<RiskConfig> = {}) {
  const s = new HfScalper("EURUSD", "M1", parseParams("hf-scalper", HF_SCALPER_PARAMS, raw), name);
  return { s, h: harness({ symbols: ["EURUSD"], strategies: [s], riskConfig: risk }) };
}

/** 70 quiet bars around 1.1000 (true range 0.0004), then `trend` bars climbing `step` a bar. */
function rows(trend: number, step = 0.0005, trendSpread = SPREAD): Row[] {
  const out: Row[] = [];
  for (let i = 0; i < 70; i++) {
    const c = i % 2 === 0 ? 1.1 : 1.1002;
    out.push([1.1001, 1.1003, 1.0999, c, SPREAD]);
  }
  let p = 1.1002;
  for (let i = 0; i < trend; i++, p += step)
    out.push([p, p + step + 0.0001, p - 0.0001, p + step, trendSpread]);
  return out;
}

/** feeds the rows so that the first trend bar starts at `trendUtc` */
function feed(h: ReturnType<typeof harness>, trendUtc: number, data: Row[]): void {
  const t0 = trendUtc - 70 * MIN;
  data.forEach(([o, hi, lo, c, sp], i) => {
    h.kernel.onBar(0, t0 + i * MIN, "M1", o, hi, lo, c, 0, sp);
  });
}

const OVERLAP = Date.UTC(2024, 0, 10, 14, 0); // London 14:00, New York 09:00
const opens = (h: ReturnType<typeof harness>) => h.fills.filter((f) => f.opening);

describe("HF scalper", () => {
  it("a momentum burst → a market entry with stop k × ATR and target rr × that, sized as hf-scalper", () => {
    const { h, s } = scalper({ maxHoldMin: "0" });
    expect(s.name).toBe("hf-scalper");
    const data = rows(1);
    data.push([1.1007, 1.1008, 1.0, 1.0, SPREAD]); // fills the entry at its open, then falls through the stop
    feed(h, OVERLAP, data);
    expect(h.denials).toEqual([]);
    const atr = new ATR(14);
    for (const [, hi, lo, c] of data.slice(0, 71)) atr.updateBar(hi, lo, c);
    expect(h.fills[0]).toMatchObject({ side: "buy", opening: true, time: OVERLAP + MIN });
    const trade = h.ledger.trades[0]!;
    expect(trade).toMatchObject({ source: "hf-scalper", exitReason: "sl" });
    expect(trade.closePrice).toBeCloseTo(1.1007 - atr.value, 5);
    // the risk layer gives the source "hf-scalper" 1% of equity: a full stop-out loses about $1,000
    expect(trade.netPnl).toBeLessThan(-900);
    expect(trade.netPnl).toBeGreaterThanOrEqual(-1000);
  });

  it("puts the target at rr × the stop distance and names the reason", () => {
    const { h } = scalper({ rr: "2" });
    feed(h, OVERLAP, [...rows(1), [1.1007, 1.1008, 1.1006, 1.1007, SPREAD]]);
    const p = h.ledger.positions[0]!;
    expect(p.tp - 1.1007).toBeCloseTo(2 * (1.1007 - p.sl), 8);
    expect(p.tag).toMatch(/^hf-scalper momentum up: 3-bar move .* > 1 × ATR /);
  });

  it("skips a burst whose spread is over spreadMax × the typical spread", () => {
    const { h } = scalper();
    feed(h, OVERLAP, rows(4, 0.0005, 3 * SPREAD));
    expect(h.fills).toEqual([]);
    expect(h.denials).toEqual([]);
  });

  it("respects the cool-down between entries (not the risk layer's duplicate rule)", () => {
    // a steady climb: a target reached every bar, a fresh signal every bar
    const risk = { duplicateCooldownMs: 0 };
    const a = scalper({ rr: "0.3" }, undefined, risk);
    feed(a.h, OVERLAP, rows(17));
    expect(a.h.denials).toEqual([]);
    expect(opens(a.h).map((f) => (f.time - OVERLAP) / MIN)).toEqual([1, 6, 11, 16]);
    const b = scalper({ rr: "0.3", cooldownMin: "0", maxPerHour: "60" }, undefined, risk);
    feed(b.h, OVERLAP, rows(17));
    expect(opens(b.h).length).toBeGreaterThan(8); // without the cool-down: nearly every bar
    const c = scalper({ rr: "0.3", cooldownMin: "0", maxPerHour: "3" }, undefined, risk);
    feed(c.h, OVERLAP, rows(17));
    expect(opens(c.h)).toHaveLength(3); // maxPerHour
  });

  it("trades only in the liquid hours: the London/NY overlap, right across the US-only DST weeks", () => {
    const at = (utc: number) => {
      const { h } = scalper();
      feed(h, utc, rows(3));
      return opens(h).length;
    };
    expect(at(Date.UTC(2024, 0, 10, 6, 0))).toBe(0); // London 06:00
    expect(at(Date.UTC(2024, 0, 10, 12, 30))).toBe(0); // New York 07:30 EST
    expect(at(Date.UTC(2024, 2, 13, 12, 30))).toBe(1); // New York 08:30 EDT, London 12:30 GMT
    expect(at(Date.UTC(2024, 2, 13, 16, 0))).toBe(1); // London 16:00
    expect(at(Date.UTC(2024, 2, 13, 16, 40))).toBe(0); // London 16:40: London has closed
    expect(at(Date.UTC(2024, 6, 10, 15, 0))).toBe(1); // London 16:00 BST
    expect(at(Date.UTC(2024, 6, 10, 15, 40))).toBe(0); // London 16:40 BST
  });

  it("closes a scalp held longer than maxHoldMin", () => {
    const { h } = scalper({ maxHoldMin: "3", rr: "50" });
    const data = rows(1);
    for (let i = 0; i < 6; i++) data.push([1.1007, 1.1008, 1.1006, 1.1007, SPREAD]);
    feed(h, OVERLAP, data);
    expect(h.ledger.trades[0]).toMatchObject({ exitReason: "close", closeTime: OVERLAP + 4 * MIN });
  });

  it("accepts the orchestrator's name; shorts a burst down", () => {
    const { h, s } = scalper({}, "hf-scalper:EURUSD");
    expect(s.name).toBe("hf-scalper:EURUSD");
    feed(h, OVERLAP, rows(2, -0.0005));
    expect(opens(h)[0]).toMatchObject({ side: "sell" });
    expect(h.ledger.positions[0]!.source).toBe("hf-scalper:EURUSD");
  });
});
