import { describe, expect, it } from "vitest";
import { inWindow, parseHm, parseWindows, ZoneClock } from "./ny-session.js";

const MIN = 60_000;

describe("ZoneClock", () => {
  const ny = new ZoneClock("America/New_York");

  it("gives the wall-clock minute and weekday in winter and summer", () => {
    expect(ny.minute(Date.UTC(2024, 0, 10, 14, 30))).toBe(9 * 60 + 30); // EST
    expect(ny.minute(Date.UTC(2024, 6, 10, 13, 30))).toBe(9 * 60 + 30); // EDT
    expect(ny.weekday(Date.UTC(2024, 0, 10, 14, 30))).toBe(3); // Wednesday
    expect(ny.weekday(Date.UTC(2024, 0, 14, 4, 59))).toBe(6); // still Saturday 23:59 in New York
    expect(ny.day(Date.UTC(2024, 0, 11, 4, 59))).toBe(ny.day(Date.UTC(2024, 0, 10, 5, 0)));
    expect(ny.day(Date.UTC(2024, 0, 11, 5, 0))).toBe(ny.day(Date.UTC(2024, 0, 10, 5, 0)) + 1);
  });

  it("follows the spring-forward and fall-back days minute by minute", () => {
    const c = new ZoneClock("America/New_York");
    // 2024-03-10: 01:59 EST (06:59 UTC) → 03:00 EDT (07:00 UTC)
    const seen: number[] = [];
    for (let t = Date.UTC(2024, 2, 10, 6, 58); t <= Date.UTC(2024, 2, 10, 7, 1); t += MIN)
      seen.push(c.minute(t));
    expect(seen).toEqual([118, 119, 180, 181]);
    // 2024-11-03: 01:59 EDT (05:59 UTC) → 01:00 EST (06:00 UTC): 01:30 happens twice
    expect(c.minute(Date.UTC(2024, 10, 3, 5, 30))).toBe(90);
    expect(c.minute(Date.UTC(2024, 10, 3, 6, 30))).toBe(90);
    expect(c.minute(Date.UTC(2024, 10, 3, 14, 30))).toBe(9 * 60 + 30);
    // going back in time after the cache moved on still answers right
    expect(c.minute(Date.UTC(2024, 2, 10, 6, 59))).toBe(119);
  });
});

describe("session windows", () => {
  it("intersects windows in two zones (the London/NY overlap), also while only the US has changed clocks", () => {
    const w = parseWindows("Europe/London 08:00-16:30, America/New_York 08:00-17:00", "x", "hours");
    const open = (t: number) => w.every((x) => inWindow(x, t));
    expect(open(Date.UTC(2024, 0, 10, 13, 0))).toBe(true); // NY 08:00 EST
    expect(open(Date.UTC(2024, 0, 10, 12, 59))).toBe(false);
    expect(open(Date.UTC(2024, 2, 13, 12, 0))).toBe(true); // NY 08:00 EDT, London 12:00 GMT
    expect(open(Date.UTC(2024, 2, 13, 16, 29))).toBe(true);
    expect(open(Date.UTC(2024, 2, 13, 16, 30))).toBe(false);
    expect(open(Date.UTC(2024, 6, 10, 15, 30))).toBe(false); // London 16:30 BST
  });

  it("wraps a window past midnight and rejects bad text", () => {
    const [w] = parseWindows("Asia/Tokyo 22:00-02:00", "x", "hours");
    expect(inWindow(w!, Date.UTC(2024, 0, 10, 14, 0))).toBe(true); // Tokyo 23:00
    expect(inWindow(w!, Date.UTC(2024, 0, 10, 18, 0))).toBe(false); // Tokyo 03:00
    expect(parseHm("24:00", "x", "p")).toBe(1440);
    expect(() => parseHm("25:00", "x", "p")).toThrow(/"p" must be HH:MM/);
    expect(() => parseWindows("Europe/Nowhere 08:00-09:00", "x", "hours")).toThrow(/IANA zone/);
  });
});
