import { describe, expect, it } from "vitest";
import { DenialLog } from "./denial-log.js";

const T = Date.UTC(2024, 0, 2);

describe("DenialLog", () => {
  it("says a denial once per source and code, then counts its repeats until the next flush", () => {
    const lines: string[] = [];
    const d = new DenialLog((l) => lines.push(l));
    for (let i = 0; i < 300; i++) d.denied(T + i, "us30-orb", "MAX_POSITIONS", "3 open");
    d.denied(T, "hf-scalper:XAUUSD", "CORRELATION", "0.9");
    expect(lines).toEqual([
      "2024-01-02T00:00:00.000Z (market) us30-orb denied MAX_POSITIONS: 3 open (further MAX_POSITIONS of us30-orb are counted, not printed)",
      "2024-01-02T00:00:00.000Z (market) hf-scalper:XAUUSD denied CORRELATION: 0.9 (further CORRELATION of hf-scalper:XAUUSD are counted, not printed)",
    ]);
    d.flush();
    expect(lines[2]).toBe("denied again: us30-orb MAX_POSITIONS ×299");
    d.flush();
    expect(lines).toHaveLength(3);
    expect(d.total).toBe(301);
    expect(d.summary()).toBe("MAX_POSITIONS ×300, CORRELATION ×1");
  });

  it("per code only: one line whichever desk is refused, the venue's rejections said with their verb", () => {
    const lines: string[] = [];
    const d = new DenialLog((l) => lines.push(l), { perSource: false });
    d.denied(T, "offline-momentum", "NO_MONEY", "NO_MONEY", "rejected by the venue:");
    d.denied(T, "offline-breakout", "NO_MONEY", "free margin", "rejected by the venue:");
    expect(lines).toEqual([
      "2024-01-02T00:00:00.000Z (market) offline-momentum rejected by the venue: NO_MONEY (further NO_MONEY are counted, not printed)",
    ]);
    expect(d.count("NO_MONEY")).toBe(2);
  });
});
