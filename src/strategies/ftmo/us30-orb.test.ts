import { describe, expect, it } from "vitest";
import { harness, MIN } from "../../kernel/test-support/harness.js";
import { parseParams } from "../strategy-params.js";
import { US30_ORB_PARAMS, Us30Orb } from "./us30-orb.js";

type Ohlc = [number, number, number, number];

function orb(raw: Record<string, string> = {}) {
  const params = parseParams("us30-orb", US30_ORB_PARAMS, { stopAtr: "0", ...raw });
  const s = new Us30Orb("US30", "M1", params);
  const h = harness({ symbols: ["US30"], strategies: [s], riskConfig: {} });
  return { h, s };
}

/**
 * A New York morning in M1 bars from 09:00 local: flat pre-open; the range 09:30–09:44 (high 40100 at
 * 09:35, low 39900 at 09:40); quiet inside the range until the breakout bar at `breakAt` minutes after
 * the open (high 40140, close 40120); then a slide to 39990 (the midpoint 40000 is the target).
 */
function morning(breakAt = 30): Ohlc[] {
  const bars: Ohlc[] = [];
  for (let m = -30; m < 180; m++) {
    if (m < 0) bars.push([40000, 40010, 39990, 40000]);
    else if (m < 15) bars.push([40000, m === 5 ? 40100 : 40020, m === 10 ? 39900 : 39980, 40000]);
    else if (m < breakAt) bars.push([40050, 40080, 40020, 40050]);
    else if (m === breakAt) bars.push([40050, 40140, 40040, 40120]);
    else {
      const p = Math.max(39990, 40110 - (m - breakAt - 1) * 10);
      bars.push([p, p + 10, p - 10, p]);
    }
  }
  return bars;
}

function feed(h: ReturnType<typeof harness>, openUtc: number, bars: Ohlc[]): void {
  bars.forEach(([o, hi, lo, c], i) => {
    h.kernel.onBar(0, openUtc + (i - 30) * MIN, "M1", o, hi, lo, c, 0, 2);
  });
}

describe("US30 opening-range fade", () => {
  const cases: Array<[string, number]> = [
    ["January (EST, UTC−5)", Date.UTC(2024, 0, 10, 14, 30)],
    ["July (EDT, UTC−4)", Date.UTC(2024, 6, 10, 13, 30)],
    ["March, US on EDT while Europe is still on CET", Date.UTC(2024, 2, 13, 13, 30)],
    ["November, Europe back on CET while the US is still on EDT", Date.UTC(2024, 9, 30, 13, 30)],
  ];
  for (const [label, openUtc] of cases) {
    it(`fades a close above the range: short, stop above the breakout high, target the mid — ${label}`, () => {
      const { h } = orb();
      feed(h, openUtc, morning());
      expect(h.denials).toEqual([]);
      // the breakout bar 10:00–10:01 closes above 40100 + 5: the short fills at the 10:01 open
      expect(h.fills[0]).toMatchObject({
        side: "sell",
        opening: true,
        price: 40110,
        time: openUtc + 31 * MIN,
      });
      expect(h.fills[0]!.volume).toBeGreaterThan(0);
      // the slide reaches the midpoint 40000: take profit there; one trade for the day
      expect(h.fills[1]).toMatchObject({ side: "buy", reason: "tp", price: 40000 });
      expect(h.fills).toHaveLength(2);
      expect(h.ledger.trades[0]).toMatchObject({ source: "us30-orb", exitReason: "tp" });
    });
  }

  it("puts the stop above the breakout extreme (+ pad) and says why in the tag", () => {
    const { h } = orb();
    const openUtc = Date.UTC(2024, 0, 10, 14, 30);
    feed(h, openUtc, morning().slice(0, 62)); // up to the bar that fills the short
    const p = h.ledger.positions[0]!;
    expect(p).toMatchObject({ side: "sell", sl: 40142, tp: 40000, source: "us30-orb" });
    expect(p.tag).toContain("fade short: close 40120 > range high 40100 + 5 (range 39900-40100)");
  });

  it("with stopAtr the stop is at least range high + k × ATR; target=opposite aims at the range low", () => {
    const { h } = orb({ stopAtr: "3", target: "opposite" });
    feed(h, Date.UTC(2024, 0, 10, 14, 30), morning().slice(0, 62));
    const p = h.ledger.positions[0]!;
    expect(p.sl).toBeGreaterThan(40142);
    expect(p.tp).toBe(39900);
  });

  it("takes a breakout on the last bar that closes by 11:30, none on a bar closing after it", () => {
    const openUtc = Date.UTC(2024, 6, 10, 13, 30);
    const a = orb();
    feed(a.h, openUtc, morning(119)); // 11:29–11:30
    expect(a.h.fills[0]).toMatchObject({ side: "sell", time: openUtc + 120 * MIN });
    const b = orb();
    feed(b.h, openUtc, morning(120)); // 11:30–11:31
    expect(b.h.fills).toEqual([]);
    expect(b.h.denials).toEqual([]);
  });

  it("does not form the range at 09:30 UTC or 09:30 London (the zone is New York)", () => {
    const { h } = orb();
    feed(h, Date.UTC(2024, 0, 10, 9, 30), morning()); // 04:30 New York: pre-market
    expect(h.fills).toEqual([]);
  });

  it("fades a close below the range low with a long, and flattens a trade still open at exitAt", () => {
    const { h } = orb({ exitAt: "10:30" });
    const openUtc = Date.UTC(2024, 0, 10, 14, 30);
    const bars = morning().map(([o, hi, lo, c]): Ohlc => [80000 - o, 80000 - lo, 80000 - hi, 80000 - c]);
    // no gap against the fill (a tight stop is sized up to the free margin), then no target
    for (let m = 31; m < bars.length - 30; m++) bars[m + 30] = [39880, 39960, 39870, 39950];
    feed(h, openUtc, bars);
    expect(h.denials).toEqual([]);
    expect(h.fills[0]).toMatchObject({ side: "buy", time: openUtc + 31 * MIN });
    expect(h.ledger.trades[0]).toMatchObject({ side: "buy", exitReason: "close" });
    expect(h.fills[1]).toMatchObject({ side: "sell", time: openUtc + 60 * MIN });
    expect(h.fills).toHaveLength(2);
  });

  it("rejects a bad time or target parameter by name", () => {
    expect(() => orb({ open: "9h30" })).toThrow(/"open" must be HH:MM/);
    expect(() => orb({ target: "far" })).toThrow(/"target" must be one of mid, opposite/);
    expect(() => orb({ zone: "Mars/Olympus" })).toThrow(/"zone" is not an IANA zone/);
  });
});
