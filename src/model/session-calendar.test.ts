import { describe, expect, it } from "vitest";
import { DEFAULT_INSTRUMENTS } from "./default-instruments.js";
import { SessionCalendar } from "./session-calendar.js";

const utc = (s: string): number => Date.parse(s);

describe("SessionCalendar", () => {
  const gold = new SessionCalendar(DEFAULT_INSTRUMENTS.XAUUSD!.sessions);
  const fx = new SessionCalendar(DEFAULT_INSTRUMENTS.EURUSD!.sessions);
  const btc = new SessionCalendar(DEFAULT_INSTRUMENTS["BTC-USD"]!.sessions);

  it("closes gold for the daily break 17:00–18:00 New York in winter and in summer", () => {
    // Winter: New York = UTC−5; summer: UTC−4.
    expect(gold.isOpen(utc("2024-01-10T21:59:00Z"))).toBe(true);
    expect(gold.isOpen(utc("2024-01-10T22:00:00Z"))).toBe(false);
    expect(gold.isOpen(utc("2024-01-10T22:59:00Z"))).toBe(false);
    expect(gold.isOpen(utc("2024-01-10T23:00:00Z"))).toBe(true);
    expect(gold.isOpen(utc("2024-07-10T21:00:00Z"))).toBe(false);
    expect(gold.isOpen(utc("2024-07-10T22:00:00Z"))).toBe(true);
  });

  it("closes for the weekend and reopens Sunday evening New York", () => {
    expect(fx.isOpen(utc("2024-01-12T21:59:00Z"))).toBe(true); // Fri 16:59 NY
    expect(fx.isOpen(utc("2024-01-12T22:00:00Z"))).toBe(false); // Fri 17:00 NY
    expect(fx.isOpen(utc("2024-01-13T12:00:00Z"))).toBe(false); // Saturday
    expect(fx.isOpen(utc("2024-01-14T22:00:00Z"))).toBe(true); // Sun 17:00 NY
    expect(gold.isOpen(utc("2024-01-14T22:30:00Z"))).toBe(false); // Sun 17:30 NY
    expect(gold.isOpen(utc("2024-01-14T23:00:00Z"))).toBe(true); // Sun 18:00 NY
  });

  it("tells the next change, right across the US DST change", () => {
    // Friday 2024-03-08 16:00 NY (EST) → close at 17:00 EST = 22:00Z.
    expect(fx.nextChange(utc("2024-03-08T21:00:00Z"))).toBe(utc("2024-03-08T22:00:00Z"));
    // Closed on Saturday; reopens Sunday 2024-03-10 17:00 EDT = 21:00Z (DST began that morning).
    expect(fx.nextChange(utc("2024-03-09T12:00:00Z"))).toBe(utc("2024-03-10T21:00:00Z"));
    expect(fx.isOpen(utc("2024-03-10T21:00:00Z"))).toBe(true);
    expect(fx.isOpen(utc("2024-03-10T20:59:00Z"))).toBe(false);
  });

  it("keeps crypto open around the clock", () => {
    expect(btc.isOpen(utc("2024-01-13T12:00:00Z"))).toBe(true);
    expect(btc.nextChange(0)).toBe(Number.POSITIVE_INFINITY);
  });

  it("rejects malformed session times", () => {
    expect(() => new SessionCalendar({ zone: "UTC", weekOpen: "Sunday", weekClose: "Fri 17:00" })).toThrow(
      /weekOpen/,
    );
    expect(
      () =>
        new SessionCalendar({
          zone: "UTC",
          weekOpen: "Sun 17:00",
          weekClose: "Fri 17:00",
          dailyBreaks: [{ from: "25:00", to: "1" }],
        }),
    ).toThrow(/dailyBreaks/);
  });
});
