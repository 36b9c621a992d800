import { describe, expect, it } from "vitest";
import { TestClock } from "../../core/clock.js";
import { resolveInstrument } from "../../model/default-instruments.js";
import { InstrumentTable } from "../../model/instrument-table.js";
import { bookFactory } from "../../runtime/node/build-book.js";
import { EngineDesk } from "./engine-desk.js";

describe("EngineDesk", () => {
  it("shows engines the position P&L the ledger books, contract size included (XAUUSD: 100 oz a lot)", () => {
    const T0 = Date.UTC(2024, 0, 10, 9);
    const clock = new TestClock(T0);
    const instruments = new InstrumentTable([resolveInstrument("XAUUSD")]);
    const desk = new EngineDesk({
      engineId: "e",
      cash: 25_000,
      books: bookFactory({ instruments, clock, testClock: clock }),
    });
    desk.kernel.onTick(0, T0, 2650.0, 2650.2);
    const r = desk.submit({
      kind: "open",
      symbol: "XAUUSD",
      side: "buy",
      orderType: "market",
      volume: 0,
      sl: 2600,
      tp: 2800,
      tag: "t",
    });
    expect(r.accepted).toBe(true);
    desk.kernel.onTick(0, T0 + 1000, 2650.1, 2650.3);
    desk.kernel.onTick(0, T0 + 2000, 2651.8, 2652.0);
    const [pos] = desk.portfolio().positions;
    expect(pos!.volume).toBeGreaterThan(0);
    expect(pos!.pnl).toBeCloseTo(desk.ledger.floatingPnl, 2);
    // 1.7 × volume × 100 (not 1.7 × volume)
    expect(pos!.pnl).toBeCloseTo((2651.8 - pos!.entry) * pos!.volume * 100, 2);
  });
});
