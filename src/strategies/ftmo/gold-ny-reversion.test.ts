import { describe, expect, it } from "vitest";
import { ATR } from "../../indicators/atr.js";
import { SessionVwap } from "../../indicators/session-vwap.js";
import { parseParams } from "../strategy-params.js";
import { GOLD_NY_REVERSION_PARAMS, GoldNyReversion } from "./gold-ny-reversion.js";
import { botScenario, type Ohlcv, ramp } from "./test-support/bot-scenario.js";

const M5 = 300_000;
const bot = (raw: Record<string, string> = {}) =>
  new GoldNyReversion("XAUUSD", "M5", parseParams("gnr", GOLD_NY_REVERSION_PARAMS, raw));
const flat = (n: number, p = 2000): Ohlcv[] => ramp(p, p, n, 0.2);
const SPIKE: Ohlcv = [2000, 2003, 2000, 2002.5];
const DIP: Ohlcv = [2000, 2000, 1997, 1997.5];
const REVERT: Ohlcv = [2002.5, 2002.5, 1999.5, 2000];
/** 09:30 New York: 14:30 UTC in January (EST), 13:30 UTC on 12 March 2024 (EDT, London still on GMT) */
const JAN_OPEN = Date.UTC(2024, 0, 10, 14, 30);
const MAR_OPEN = Date.UTC(2024, 2, 12, 13, 30);

/** 14 pre-session bars (ATR warm), then `session` bars from the open. */
function run(open: number, session: Ohlcv[], raw: Record<string, string> = {}) {
  const s = botScenario("XAUUSD", bot(raw));
  s.feed("M5", open - 14 * M5, flat(14));
  s.feed("M5", open, session);
  return s;
}

/** What the bot should compute after 14 flat bars, 6 flat session bars and `last`. */
function expected(last: Ohlcv) {
  const atr = new ATR(14);
  for (const b of [...flat(20), last]) atr.updateBar(b[1], b[2], b[3]);
  const vwap = new SessionVwap();
  for (const b of [...flat(6), last]) vwap.add(b[1], b[2], b[3], 0);
  return { atr: atr.value, vwap: vwap.value };
}

describe("SessionVwap", () => {
  it("weights the typical price by volume, equally when there is none", () => {
    const v = new SessionVwap();
    v.add(12, 9, 9, 1); // typical price 10
    v.add(21, 18, 21, 3); // 20
    expect(v.value).toBe(17.5);
    expect(v.std).toBeCloseTo(Math.sqrt(0.25 * 56.25 + 0.75 * 6.25), 9);
    const eq = new SessionVwap();
    eq.add(12, 9, 9, 0);
    eq.add(21, 18, 21, 0);
    expect(eq.value).toBe(15);
  });
});

describe("Gold NY Reversion", () => {
  it("a spike above the VWAP → short, target the VWAP, stop above the spike; flat at the session end", () => {
    const session = [...flat(6), SPIKE, ...flat(72, 2002.5)]; // 09:30 … 16:05
    const s = run(JAN_OPEN, session);
    const { atr, vwap } = expected(SPIKE);
    const opens = s.risk.opens();
    expect(opens).toHaveLength(1);
    expect(opens[0]).toMatchObject({ side: "sell", volume: 0, time: JAN_OPEN + 7 * M5 });
    expect(opens[0]!.tp).toBeCloseTo(vwap, 9);
    expect(opens[0]!.sl).toBeCloseTo(2003 + 0.5 * atr, 9);
    expect(opens[0]!.tag).toMatch(/^gold-ny-reversion: close 2002.5 /);
    const closes = s.risk.intents.filter((r) => r.intent.kind === "close");
    expect(closes.map((r) => r.time)).toEqual([Date.UTC(2024, 0, 10, 21, 0)]);
    expect(s.fills.map((f) => [f.reason, f.time])).toEqual([
      ["market", JAN_OPEN + 7 * M5],
      ["close", Date.UTC(2024, 0, 10, 21, 0)],
    ]);
    expect(s.ledger.positions).toHaveLength(0);
  });

  it("a dip below the VWAP → long, and the target at the VWAP is taken", () => {
    const s = run(JAN_OPEN, [...flat(6), DIP, [1997.5, 2000.5, 1997.5, 2000.5], ...flat(3)]);
    const { atr, vwap } = expected(DIP);
    const o = s.risk.opens()[0]!;
    expect(o.side).toBe("buy");
    expect(o.tp).toBeCloseTo(vwap, 9);
    expect(o.sl).toBeCloseTo(1997 - 0.5 * atr, 9);
    expect(s.fills.map((f) => f.reason)).toEqual(["market", "tp"]);
  });

  it("follows New York's clock: the session opens 13:30 UTC in March after the US change", () => {
    const session = [...flat(6), SPIKE, ...flat(2, 2002.5)];
    expect(run(MAR_OPEN, session).risk.opens()[0]!.time).toBe(MAR_OPEN + 7 * M5);
    // the same bars an hour earlier in January are before 09:30 New York: no VWAP session, no trade
    expect(run(JAN_OPEN - 3_600_000, session).risk.opens()).toEqual([]);
  });

  it("at most maxTrades entries a session", () => {
    const round = [SPIKE, REVERT, ...flat(3)];
    const session = [...flat(6), ...round, ...round, ...round];
    expect(run(JAN_OPEN, session).risk.opens()).toHaveLength(2);
    expect(run(JAN_OPEN, session, { maxTrades: "3" }).risk.opens()).toHaveLength(3);
  });

  it("no entry before warmupBars session bars, nor after entryEnd", () => {
    expect(run(JAN_OPEN, [...flat(2), SPIKE, ...flat(2, 2002.5)]).risk.opens()).toEqual([]);
    const lateOpen = Date.UTC(2024, 0, 10, 20, 30) - 7 * M5; // the spike ends at 15:30 New York
    const late = (raw: Record<string, string>) => {
      const s = botScenario("XAUUSD", bot(raw));
      s.feed("M5", JAN_OPEN - 14 * M5, flat(14));
      s.feed("M5", lateOpen, [...flat(6), SPIKE, ...flat(2, 2002.5)]);
      return s.risk.opens();
    };
    expect(late({})).toEqual([]);
    expect(late({ entryEnd: "15:35" })).toHaveLength(1);
  });

  it("band=std measures the deviation in VWAP standard deviations", () => {
    const s = run(JAN_OPEN, [...flat(6), SPIKE, ...flat(2, 2002.5)], { band: "std", k: "2" });
    expect(s.risk.opens()[0]!.side).toBe("sell");
    expect(() => bot({ band: "bollinger" })).toThrow(/band/);
  });
});
