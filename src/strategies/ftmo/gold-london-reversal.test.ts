import { describe, expect, it } from "vitest";
import { parseParams } from "../strategy-params.js";
import { GOLD_LONDON_REVERSAL_PARAMS, GoldLondonReversal } from "./gold-london-reversal.js";
import { botScenario, type Ohlcv, ramp } from "./test-support/bot-scenario.js";

const M5 = 300_000;
const bot = (raw: Record<string, string> = {}) =>
  new GoldLondonReversal("XAUUSD", "M5", parseParams("glr", GOLD_LONDON_REVERSAL_PARAMS, raw));

/** Asia (96 M5 bars from `asiaStartUtc`, 00:00–08:00 London) then `after` bars from the London open. */
function run(asiaStartUtc: number, asia: Ohlcv[], after: Ohlcv[], raw: Record<string, string> = {}) {
  const s = botScenario("XAUUSD", bot(raw));
  s.feed("M5", asiaStartUtc, asia);
  s.feed("M5", asiaStartUtc + asia.length * M5, after);
  return s;
}

const flatAt = (p: number, n: number): Ohlcv[] => ramp(p, p, n, 0.2);
const upAsia = ramp(2000, 2012, 96); // +0.6%, high 2012.1, low 1999.9
const JAN = Date.UTC(2024, 0, 10, 0, 0); // GMT: London open 08:00 UTC
const JUL = Date.UTC(2024, 6, 9, 23, 0); // BST: 00:00 London is 23:00 UTC; London open 07:00 UTC

describe("Gold London Reversal", () => {
  it("a London open after an up-trending Asia (January, GMT) yields a short, stop above the session high", () => {
    const s = run(JAN, upAsia, flatAt(2012, 6));
    const opens = s.risk.opens();
    expect(opens).toHaveLength(1);
    const o = opens[0]!;
    expect(o).toMatchObject({
      side: "sell",
      orderType: "market",
      volume: 0,
      time: Date.UTC(2024, 0, 10, 8, 0),
    });
    expect(o.sl).toBeCloseTo(2012.1 * 1.0005, 6);
    expect(o.tp).toBeCloseTo(2012 - 0.5 * (2012.1 - 1999.9), 6);
    expect(o.tag).toMatch(/^gold-london-reversal: fade Asia \+12/);
    expect(s.fills[0]).toMatchObject({ side: "sell", opening: true, time: Date.UTC(2024, 0, 10, 8, 0) });
  });

  it("the same scenario in July (BST) trades at 07:00 UTC", () => {
    const s = run(JUL, upAsia, flatAt(2012, 6));
    expect(s.risk.opens().map((o) => [o.side, o.time])).toEqual([["sell", Date.UTC(2024, 6, 10, 7, 0)]]);
    expect(s.fills[0]!.time).toBe(Date.UTC(2024, 6, 10, 7, 0));
  });

  it("follows London on the Monday after the spring change (07:00 UTC) and after the autumn one (08:00 UTC)", () => {
    const spring = run(Date.UTC(2024, 3, 0, 23, 0), upAsia, flatAt(2012, 2)); // Mon 1 Apr 2024, BST
    expect(spring.risk.opens()[0]!.time).toBe(Date.UTC(2024, 3, 1, 7, 0));
    const autumn = run(Date.UTC(2024, 9, 28, 0, 0), upAsia, flatAt(2012, 2)); // Mon 28 Oct 2024, GMT
    expect(autumn.risk.opens()[0]!.time).toBe(Date.UTC(2024, 9, 28, 8, 0));
  });

  it("fades a down-trending Asia with a long, stop below the low, target in R multiples when asked", () => {
    const s = run(JAN, ramp(2012, 2000, 96), flatAt(2000, 2), { targetR: "2", stopBufferPct: "0" });
    const o = s.risk.opens()[0]!;
    expect(o.side).toBe("buy");
    expect(o.sl).toBeCloseTo(1999.9, 6);
    expect(o.tp).toBeCloseTo(2000 + 2 * 0.1, 6);
  });

  it("a flat Asia → no trade", () => {
    const s = run(JAN, ramp(2000, 2004, 96), flatAt(2004, 24)); // +0.2% < 0.3%
    expect(s.risk.opens()).toEqual([]);
  });

  it("no entry after the window: data resuming at 10:00 London, or confirmation coming too late", () => {
    const gap = botScenario("XAUUSD", bot());
    gap.feed("M5", JAN, upAsia.slice(0, 90)); // up to 07:30
    gap.feed("M5", Date.UTC(2024, 0, 10, 10, 0), flatAt(2012, 6));
    expect(gap.risk.opens()).toEqual([]);

    const rising = ramp(2012, 2020, 24); // 08:00–10:00: no bar against the Asian move
    const late = run(JAN, upAsia, [...rising, [2020, 2020.1, 2015, 2015]], { confirm: "1" });
    expect(late.risk.opens()).toEqual([]);
  });

  it("with confirm=1 enters on the first bar closing against the move, the stop above the new high", () => {
    const s = run(JAN, upAsia, [...ramp(2012, 2016, 6), [2016, 2016.2, 2014, 2014.5], ...flatAt(2014.5, 2)], {
      confirm: "1",
    });
    const o = s.risk.opens()[0]!;
    expect(o).toMatchObject({ side: "sell", time: Date.UTC(2024, 0, 10, 8, 35) });
    expect(o.sl).toBeCloseTo(2016.2 * 1.0005, 6);
  });

  it("trades once a day: no second entry after the stop is hit", () => {
    const stopOut: Ohlcv = [2012, 2020, 2011, 2019];
    const s = run(JAN, upAsia, [...flatAt(2012, 1), stopOut, ...ramp(2019, 2018, 10)]);
    expect(s.risk.opens()).toHaveLength(1);
    expect(s.fills.map((f) => f.reason)).toEqual(["market", "sl"]);
  });

  it("rejects a bad session time naming the parameter", () => {
    expect(() => bot({ londonOpen: "8am" })).toThrow(/londonOpen/);
    expect(() => bot({ zone: "Mars/Base" })).toThrow(/zone/);
  });
});
