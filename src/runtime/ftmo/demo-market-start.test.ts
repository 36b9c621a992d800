import { describe, expect, it } from "vitest";
import { demoMarketStart } from "./demo-market-start.js";

describe("demoMarketStart", () => {
  it("is the latest weekday 07:45 in New York at or before now (winter and summer time)", () => {
    const at = (iso: string) => new Date(demoMarketStart(Date.parse(iso))).toISOString();
    expect(at("2026-12-08T15:00:00Z")).toBe("2026-12-08T12:45:00.000Z"); // Tuesday, EST
    expect(at("2026-12-08T09:00:00Z")).toBe("2026-12-07T12:45:00.000Z"); // before it → Monday
    expect(at("2026-12-06T02:32:00Z")).toBe("2026-12-04T12:45:00.000Z"); // Sunday → Friday
    expect(at("2026-07-08T15:00:00Z")).toBe("2026-07-08T11:45:00.000Z"); // EDT
  });
});
