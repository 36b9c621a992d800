import { describe, expect, it } from "vitest";
import { resolveInstrument } from "../model/default-instruments.js";
import { InstrumentTable } from "../model/instrument-table.js";
import { OrderManager } from "./order-manager.js";
import { SIM_CAPABILITIES, SimVenue } from "./sim/sim-venue.js";
import type { VenueCapabilities } from "./venue.js";

/** A venue that takes market orders only (as MT5 did before the bridge spoke ORDER). */
class MarketOnlyVenue extends SimVenue {
  override readonly capabilities: VenueCapabilities = { ...SIM_CAPABILITIES, pendingOrders: false };
}

describe("OrderManager: what the venue declares it cannot do is denied with a code", () => {
  it("a limit order on a market-orders-only venue is UNSUPPORTED_BY_VENUE, and nothing is sent", () => {
    const instruments = new InstrumentTable([resolveInstrument("XAUUSD")]);
    const venue = new MarketOnlyVenue({ instruments, account: { freeMargin: 1_000_000 } });
    const orders = new OrderManager(instruments, venue, () => []);
    const r = orders.submit(
      { kind: "open", symbol: "XAUUSD", side: "buy", orderType: "limit", price: 1990, volume: 0.1, sl: 1980 },
      "bot",
      0,
    );
    expect(r).toMatchObject({ accepted: false, code: "UNSUPPORTED_BY_VENUE" });
    expect(r.accepted ? "" : r.reason).toContain("market orders only");
    expect(venue.openOrders()).toHaveLength(0);
    expect(orders.openOrders()).toHaveLength(0);
  });
});
