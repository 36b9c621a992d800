import { describe, expect, it } from "vitest";
import { FeedClock, TestClock } from "./clock.js";

describe("FeedClock", () => {
  it("reads the feed's market time, runs on with the wall clock × speed, and never goes back", () => {
    const wall = new TestClock(1_000);
    const c = new FeedClock(wall, Date.UTC(2024, 2, 12, 12), 60);
    expect(c.now()).toBe(Date.UTC(2024, 2, 12, 12));
    wall.advance(1_000); // one wall second at 60× = a market minute
    expect(c.now()).toBe(Date.UTC(2024, 2, 12, 12, 1));
    c.observe(Date.UTC(2024, 2, 12, 12, 5)); // a tick ahead re-anchors
    expect(c.now()).toBe(Date.UTC(2024, 2, 12, 12, 5));
    c.observe(Date.UTC(2024, 2, 12, 12, 4)); // an older tick does not move it back
    expect(c.now()).toBe(Date.UTC(2024, 2, 12, 12, 5));
  });

  it("without a start, reads the wall clock until the first tick sets it (even back in time)", () => {
    const wall = new TestClock(Date.UTC(2026, 11, 6));
    const c = new FeedClock(wall);
    expect(c.now()).toBe(Date.UTC(2026, 11, 6));
    c.observe(Date.UTC(2024, 2, 12, 12));
    expect(c.now()).toBe(Date.UTC(2024, 2, 12, 12));
  });
});
