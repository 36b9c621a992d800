/**
 * A strategy the risk layer sizes (the FTMO bots propose volume 0) trades in a plain `hydra backtest`:
 * the pre-trade rules and sizing run without --challenge or --guardian (before, every intent was refused
 * with INVALID_VOLUME and no trade was made).
 */
import { describe, expect, it } from "vitest";
import { BUILT, spawnHydra } from "../test-support/spawn-hydra.js";

describe.skipIf(!BUILT)("hydra backtest of an FTMO bot without --challenge", () => {
  it("sizes the bot's trades by risk: trades, and no volume refused", async () => {
    const h = spawnHydra(["backtest", "--strategy", "gold-london-reversal", "--days", "10", "--json"]);
    expect(await h.exited()).toBe(0);
    const r = JSON.parse(h.stdout()) as {
      stats: { trades: number };
      denials: Array<{ code: string }>;
      fills: Array<{ volume: number }>;
    };
    expect(r.denials.filter((d) => d.code === "INVALID_VOLUME")).toEqual([]);
    expect(r.stats.trades).toBeGreaterThan(0);
    for (const f of r.fills) expect(f.volume).toBeGreaterThan(0);
  });
});
