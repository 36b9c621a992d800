import { describe, expect, it } from "vitest";
import { DenialLog } from "./denial-log.js";

describe("DenialLog", () => {
  it("says a denial once, then counts its repeats until the next flush", () => {
    const lines: string[] = [];
    const d = new DenialLog((l) => lines.push(l));
    for (let i = 0; i < 300; i++) d.denied(Date.UTC(2024, 0, 2) + i, "us30-orb", "MAX_POSITIONS", "3 open");
    d.denied(Date.UTC(2024, 0, 2), "hf-scalper", "CORRELATION", "0.9");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(
      "2024-01-02T00:00:00.000Z (market) denied us30-orb: MAX_POSITIONS 3 open (repeats are counted)",
    );
    d.flush();
    expect(lines[2]).toBe("denied again: us30-orb MAX_POSITIONS ×299");
    d.flush();
    expect(lines).toHaveLength(3);
    expect(d.total).toBe(301);
  });
});
