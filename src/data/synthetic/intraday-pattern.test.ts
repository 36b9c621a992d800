import { describe, expect, it } from "vitest";
import {
  activitySpreadFactor,
  IntradayPattern,
  MAX_SPREAD_FACTOR,
  REOPEN_WINDOW_MS,
  reopenSpreadFactor,
} from "./intraday-pattern.js";

const utc = (y: number, mo: number, d: number, h: number, mi = 0): number => Date.UTC(y, mo - 1, d, h, mi);

describe("IntradayPattern (session)", () => {
  const p = new IntradayPattern("session");

  it("peaks at 09:45 New York in winter (14:45 UTC) and in summer (13:45 UTC)", () => {
    expect(p.activity(utc(2024, 1, 10, 14, 45))).toBe(1);
    expect(p.activity(utc(2024, 7, 10, 13, 45))).toBe(1);
    // the same UTC times an hour off are not the New York open
    expect(p.activity(utc(2024, 1, 10, 13, 45))).toBeLessThan(1);
    expect(p.activity(utc(2024, 7, 10, 15, 45))).toBeLessThan(1);
  });

  it("follows each side's DST in the weeks when the US has changed and the UK has not", () => {
    // 2024-03-12: New York on EDT (UTC−4), London still on GMT.
    expect(p.activity(utc(2024, 3, 12, 13, 45))).toBe(1); // 09:45 New York
    expect(p.activity(utc(2024, 3, 12, 8, 15))).toBe(0.6); // 08:15 London, 04:15 New York
    expect(p.activity(utc(2024, 3, 12, 7, 15))).toBe(0.4); // 07:15 London pre-open
  });

  it("is low in Asian hours and after the New York close, rising at the London open", () => {
    const asia = p.activity(utc(2024, 1, 10, 3)); // 03:00 UTC, 22:00 New York
    const london = p.activity(utc(2024, 7, 10, 7, 30)); // 08:30 London (BST)
    const evening = p.activity(utc(2024, 1, 10, 23)); // 18:00 New York
    expect(asia).toBeLessThan(london);
    expect(evening).toBeLessThan(london);
    expect(london).toBeLessThan(1);
  });

  it("is constant within a 15-minute slot and crosses DST days without error", () => {
    const t = utc(2024, 10, 27, 0, 0); // London falls back at 01:00 UTC
    for (let m = 0; m < 24 * 60; m += 5) {
      const a = p.activity(t + m * 60_000);
      expect(a).toBeGreaterThan(0);
      expect(a).toBeLessThanOrEqual(1);
    }
    expect(p.activity(utc(2024, 1, 10, 14, 31))).toBe(p.activity(utc(2024, 1, 10, 14, 44)));
  });
});

describe("IntradayPattern (crypto)", () => {
  const p = new IntradayPattern("crypto");

  it("is milder than the session pattern and quieter at weekends", () => {
    const quiet = p.activity(utc(2024, 1, 10, 3)); // Wednesday, Asian hours
    const busy = p.activity(utc(2024, 1, 10, 15)); // Wednesday, New York
    expect(busy).toBe(1);
    expect(quiet).toBeGreaterThanOrEqual(0.5);
    expect(p.activity(utc(2024, 1, 13, 15))).toBeLessThan(busy); // Saturday
  });
});

describe("spread factors", () => {
  it("widen the spread when activity is low, capped", () => {
    expect(activitySpreadFactor(1)).toBe(1);
    expect(activitySpreadFactor(0.25)).toBe(2);
    expect(activitySpreadFactor(1e-6)).toBe(MAX_SPREAD_FACTOR);
  });

  it("widen the spread right after a reopen, back to normal after the window", () => {
    expect(reopenSpreadFactor(0)).toBe(3);
    expect(reopenSpreadFactor(REOPEN_WINDOW_MS / 2)).toBe(2);
    expect(reopenSpreadFactor(REOPEN_WINDOW_MS)).toBe(1);
  });
});
