import { describe, expect, it } from "vitest";
import { overfitVerdict } from "./overfit-verdict.js";

describe("the overfitting verdict", () => {
  const clean = { dsr: 0.99, pbo: 0.1, efficiency: 0.8, oosLoss: false };

  it("no sign of overfit only when every guard passes", () => {
    expect(overfitVerdict(clean).level).toBe("no-sign-of-overfit");
  });

  it("likely overfit on a PBO above one half, a DSR below one half, or an out-of-sample loss", () => {
    expect(overfitVerdict({ ...clean, pbo: 0.6 })).toMatchObject({
      level: "likely-overfit",
      reasons: [expect.stringMatching(/^PBO 0.60/)],
    });
    expect(overfitVerdict({ ...clean, dsr: 0.3 }).level).toBe("likely-overfit");
    expect(overfitVerdict({ ...clean, oosLoss: true }).level).toBe("likely-overfit");
  });

  it("inconclusive on a DSR not significant, a low efficiency, or a guard that could not be computed", () => {
    expect(overfitVerdict({ ...clean, dsr: 0.8 }).level).toBe("inconclusive");
    expect(overfitVerdict({ ...clean, efficiency: 0.2 }).level).toBe("inconclusive");
    expect(overfitVerdict({ ...clean, pbo: null }).level).toBe("inconclusive");
  });
});
