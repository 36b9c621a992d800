import { describe, expect, it } from "vitest";
import { inSession, parseChoice, parseHm, SessionClock } from "./ftmo-session.js";

const utc = (mo: number, d: number, h: number, mi = 0) => Date.UTC(2024, mo - 1, d, h, mi);

describe("SessionClock", () => {
  it("reads London wall-clock minutes through both DST changes of 2024", () => {
    const c = new SessionClock("Europe/London");
    expect(c.minute(utc(3, 31, 0, 59))).toBe(59); // 00:59 GMT
    expect(c.minute(utc(3, 31, 1, 0))).toBe(120); // 02:00 BST: 01:00–02:00 never happened
    expect(c.minute(utc(7, 10, 7, 0))).toBe(480);
    expect(c.minute(utc(10, 27, 0, 59))).toBe(119); // 01:59 BST
    expect(c.minute(utc(10, 27, 1, 0))).toBe(60); // 01:00 GMT again
    expect(c.minute(utc(10, 28, 8, 0))).toBe(480);
  });

  it("keys the FX day from 17:00 New York, EST and EDT", () => {
    const c = new SessionClock("America/New_York");
    const fx = 17 * 60;
    expect(c.day(utc(1, 10, 21, 59), fx)).toBe(c.day(utc(1, 10, 12), fx));
    expect(c.day(utc(1, 10, 22, 0), fx)).toBe(c.day(utc(1, 10, 12), fx) + 1);
    expect(c.day(utc(7, 10, 20, 59), fx)).toBe(c.day(utc(7, 10, 12), fx));
    expect(c.day(utc(7, 10, 21, 0), fx)).toBe(c.day(utc(7, 10, 12), fx) + 1);
    // the change itself: Sunday 10 March 2024, 02:00 EST → 03:00 EDT
    expect(c.minute(utc(3, 10, 6, 59))).toBe(60 + 59);
    expect(c.minute(utc(3, 10, 7, 0))).toBe(180);
  });

  it("gives the same answers whatever order it is asked in (the cache is per day)", () => {
    const c = new SessionClock("Europe/London");
    const fresh = (t: number) => new SessionClock("Europe/London").minute(t);
    for (const t of [utc(10, 27, 1, 15), utc(3, 31, 0, 30), utc(10, 27, 0, 15), utc(3, 31, 1, 30)]) {
      expect(c.minute(t)).toBe(fresh(t));
    }
  });
});

describe("session helpers", () => {
  it("windows, wrapping past midnight", () => {
    expect(inSession(570, 570, 960)).toBe(true);
    expect(inSession(960, 570, 960)).toBe(false);
    expect(inSession(1430, 1380, 60)).toBe(true);
    expect(inSession(30, 1380, 60)).toBe(true);
    expect(inSession(600, 1380, 60)).toBe(false);
  });

  it("parses HH:MM and choices, naming the parameter", () => {
    expect(parseHm("09:30", "s", "p")).toBe(570);
    expect(parseHm("24:00", "s", "p")).toBe(1440);
    expect(() => parseHm("9.30", "s", "start")).toThrow(/"start" must be HH:MM/);
    expect(() => parseHm("10:75", "s", "p")).toThrow();
    expect(parseChoice("atr", ["atr", "std"], "s", "p")).toBe("atr");
    expect(() => parseChoice("x", ["atr", "std"], "s", "band")).toThrow(/band/);
  });
});
