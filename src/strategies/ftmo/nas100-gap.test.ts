import { describe, expect, it } from "vitest";
import { harness, MIN } from "../../kernel/test-support/harness.js";
import { parseParams } from "../strategy-params.js";
import { NAS100_GAP_PARAMS, Nas100Gap } from "./nas100-gap.js";

type Ohlc = [number, number, number, number];
const DAY = 24 * 60 * MIN;

function gapBot(raw: Record<string, string> = {}) {
  const s = new Nas100Gap("NAS100", "M1", parseParams("nas100-gap", NAS100_GAP_PARAMS, raw));
  return harness({ symbols: ["NAS100"], strategies: [s], riskConfig: {} });
}

/**
 * The previous session's last hour 15:00–15:59 New York closing at 18000, then after-hours bars at 18050
 * (not the cash close); `daysBack` days later pre-market from 09:00, the cash open bar at 09:30 opening at
 * `open` (its high/low 10 either side, closing 5 toward the fill), then `after` for later bars until `until`.
 */
function feed(
  h: ReturnType<typeof harness>,
  openUtc: number,
  open: number,
  after: (m: number) => Ohlc,
  daysBack = 1,
  until = 240,
) {
  const bar = (t: number, [o, hi, lo, c]: Ohlc) => h.kernel.onBar(0, t, "M1", o, hi, lo, c, 0, 1);
  const prevOpen = openUtc - daysBack * DAY;
  for (let m = 330; m < 420; m++)
    bar(prevOpen + m * MIN, m < 390 ? [18000, 18005, 17995, 18000] : [18050, 18055, 18045, 18050]);
  for (let m = -30; m < 0; m++) bar(openUtc + m * MIN, [open, open + 3, open - 3, open]);
  const toward = open > 18000 ? -5 : 5;
  bar(openUtc, [open, open + 10, open - 10, open + toward]);
  for (let m = 1; m < until; m++) bar(openUtc + m * MIN, after(m));
}

/** drifts from `from` toward 18000 by 5 a minute (lows/highs reach the fill) */
const drift =
  (from: number) =>
  (m: number): Ohlc => {
    const p = from > 18000 ? Math.max(18000, from - 5 * m) : Math.min(18000, from + 5 * m);
    return [p, p + 5, p - 5, p];
  };
const flat = (p: number) => (): Ohlc => [p, p + 5, p - 5, p];

describe("NAS100 gap fill", () => {
  const cases: Array<[string, number, number]> = [
    ["January (EST), Tuesday → Wednesday", Date.UTC(2024, 0, 10, 14, 30), 1],
    ["July (EDT), Friday → Monday", Date.UTC(2024, 6, 15, 13, 30), 3],
    ["March, US on EDT and Europe on CET", Date.UTC(2024, 2, 13, 13, 30), 1],
  ];
  for (const [label, openUtc, daysBack] of cases) {
    it(`gap up 0.5% → short toward the previous 16:00 close, target hit — ${label}`, () => {
      const h = gapBot();
      feed(h, openUtc, 18090, drift(18085), daysBack);
      expect(h.denials).toEqual([]);
      expect(h.fills[0]).toMatchObject({ side: "sell", opening: true, price: 18080, time: openUtc + MIN });
      expect(h.fills[1]).toMatchObject({ side: "buy", reason: "tp", price: 18000 });
      expect(h.fills).toHaveLength(2);
      expect(h.ledger.trades[0]).toMatchObject({ source: "nas100-gap", exitReason: "tp" });
    });
  }

  it("stops beyond the wider of the first bar's high + pad and the open + k × gap; tags the reason", () => {
    const h = gapBot();
    feed(h, Date.UTC(2024, 0, 10, 14, 30), 18090, flat(18085), 1, 60);
    const p = h.ledger.positions[0]!;
    expect(p).toMatchObject({ side: "sell", tp: 18000, sl: 18090 + 0.5 * 90 });
    expect(p.tag).toBe("nas100-gap gap up 0.50%: open 18090 vs previous close 18000, fade to the fill");
    const h2 = gapBot({ stopGap: "0.1" });
    feed(h2, Date.UTC(2024, 0, 10, 14, 30), 18090, flat(18085), 1, 60);
    expect(h2.ledger.positions[0]!.sl).toBe(18100 + 5);
  });

  it("gap down → long with the target at the previous close", () => {
    const h = gapBot();
    feed(h, Date.UTC(2024, 0, 10, 14, 30), 17910, drift(17915));
    expect(h.fills[0]).toMatchObject({ side: "buy", opening: true });
    expect(h.fills[1]).toMatchObject({ side: "sell", reason: "tp", price: 18000 });
  });

  it("no trade on a gap below the threshold or above the maximum", () => {
    const small = gapBot();
    feed(small, Date.UTC(2024, 0, 10, 14, 30), 18018, drift(18015)); // 0.1%
    expect(small.fills).toEqual([]);
    const big = gapBot();
    feed(big, Date.UTC(2024, 0, 10, 14, 30), 18360, drift(18355)); // 2%
    expect(big.fills).toEqual([]);
    expect([...small.denials, ...big.denials]).toEqual([]);
  });

  it("gapUnit=points: a 90-point gap passes minGap 50, fails minGap 100", () => {
    const a = gapBot({ gapUnit: "points", minGap: "50", maxGap: "300" });
    feed(a, Date.UTC(2024, 0, 10, 14, 30), 18090, flat(18085), 1, 60);
    expect(a.fills).toHaveLength(1);
    const b = gapBot({ gapUnit: "points", minGap: "100", maxGap: "300" });
    feed(b, Date.UTC(2024, 0, 10, 14, 30), 18090, flat(18085), 1, 60);
    expect(b.fills).toEqual([]);
  });

  it("closes a gap not filled by 12:00 New York at the 12:00 bar's open, and trades once a day", () => {
    const openUtc = Date.UTC(2024, 6, 10, 13, 30);
    const h = gapBot();
    feed(h, openUtc, 18090, flat(18085));
    expect(h.fills).toHaveLength(2);
    expect(h.fills[1]).toMatchObject({ side: "buy", reason: "close", time: openUtc + 150 * MIN });
    expect(h.ledger.trades[0]!.exitReason).toBe("close");
  });

  it("needs a previous session close: the first day seen does nothing", () => {
    const h = gapBot();
    const openUtc = Date.UTC(2024, 0, 10, 14, 30);
    for (let m = 0; m < 60; m++) h.kernel.onBar(0, openUtc + m * MIN, "M1", 18090, 18100, 18080, 18085, 0, 1);
    expect(h.fills).toEqual([]);
  });
});
