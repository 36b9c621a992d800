import { describe, expect, it } from "vitest";
import { TestClock } from "../core/clock.js";
import { resolveInstrument } from "../model/default-instruments.js";
import { InstrumentTable } from "../model/instrument-table.js";
import { BridgeClient } from "./mt5/client/bridge-client.js";
import { Mt5Venue } from "./mt5/venue/mt5-venue.js";
import { OrderManager } from "./order-manager.js";

describe("OrderManager: what the venue declares it cannot do is denied with a code", () => {
  it("a limit order on a market-orders-only venue (MT5) is UNSUPPORTED_BY_VENUE, and nothing is sent", () => {
    const instruments = new InstrumentTable([resolveInstrument("XAUUSD")]);
    // nothing listens here: a request sent would fail; the denial comes before any
    const client = new BridgeClient({ endpoint: "tcp://127.0.0.1:9", timeoutMs: 100, retries: 0 });
    const venue = new Mt5Venue({ client, instruments, clock: new TestClock(0) });
    const orders = new OrderManager(instruments, venue, () => []);
    try {
      expect(venue.capabilities.pendingOrders).toBe(false);
      const r = orders.submit(
        {
          kind: "open",
          symbol: "XAUUSD",
          side: "buy",
          orderType: "limit",
          price: 1990,
          volume: 0.1,
          sl: 1980,
        },
        "bot",
        0,
      );
      expect(r).toMatchObject({ accepted: false, code: "UNSUPPORTED_BY_VENUE" });
      expect(r.accepted ? "" : r.reason).toContain("market orders only");
      expect(venue.inFlight.size).toBe(0);
      expect(orders.openOrders()).toHaveLength(0);
    } finally {
      client.close();
    }
  });
});
