import { describe, expect, it } from "vitest";
import { T0 } from "../../kernel/test-support/harness.js";
import { resolveInstrument } from "../../model/default-instruments.js";
import { InstrumentTable } from "../../model/instrument-table.js";
import { ShadowVenue } from "./shadow-venue.js";

describe("shadow venue", () => {
  it("records every order as it would have been sent and trades it on a simulated book only", () => {
    const instruments = new InstrumentTable([resolveInstrument("XAUUSD")]);
    const venue = new ShadowVenue({ instruments, account: { freeMargin: 1e9 } });
    const fills: string[] = [];
    venue.setListener({ onFill: (f) => fills.push(f.side), onOrderUpdate: () => {} });
    venue.submit({
      id: "O1",
      source: "bot",
      symbol: "XAUUSD",
      side: "buy",
      type: "market",
      volume: 0.5,
      price: Number.NaN,
      sl: 1990,
      tp: Number.NaN,
      closesPositionId: undefined,
      expiresAt: Number.POSITIVE_INFINITY,
      tag: "",
      createdAt: T0,
      state: "initialized",
      updatedAt: T0,
      fillPrice: Number.NaN,
      reason: "",
    });
    venue.onTick(0, T0 + 1, 2000, 2000.3);
    expect(venue.journal).toEqual([
      {
        time: T0,
        orderId: "O1",
        source: "bot",
        symbol: "XAUUSD",
        side: "buy",
        type: "market",
        volume: 0.5,
        sl: 1990,
        tp: null,
        closesPositionId: null,
      },
    ]);
    expect(fills).toEqual(["buy"]);
    expect(venue.positions()).toHaveLength(1);
  });
});
