import { describe, expect, it } from "vitest";
import { REPLY_DATA } from "../../execution/mt5/protocol/messages.js";
import { resolveInstrument } from "../../model/default-instruments.js";
import type { BrokerReply } from "./broker-types.js";
import { SimBroker } from "./sim-broker.js";

const TUE = Date.parse("2024-06-04T12:00:00Z");
const HOUR = 3_600_000;

function ok(reply: BrokerReply): unknown {
  if (!reply.ok) throw new Error(`expected ok, got ${JSON.stringify(reply)}`);
  return reply.data;
}

describe("SimBroker: commission and swap as MT5 reports them", () => {
  it("books swap at the rollovers (17:00 New York = 21:00 UTC in June) and reports it with the OUT deal", () => {
    const xau = resolveInstrument("XAUUSD", { commissionPerLot: 3, swapLong: -10, swapShort: 4 });
    const b = new SimBroker({ symbols: ["XAUUSD"], cash: 100_000, specs: { XAUUSD: xau } });
    b.onTick(0, TUE - 1000, 2345.1, 2345.3);
    const trade = REPLY_DATA.TRADE.parse(
      ok(b.handle({ cmd: "TRADE", symbol: "XAUUSD", direction: "BUY", volume: 0.1, requestId: "s1" }, TUE)),
    );
    b.onTick(0, TUE + 10 * HOUR, 2345.3, 2345.5); // Tuesday 22:00 UTC: one night
    b.onTick(0, TUE + 34 * HOUR, 2345.3, 2345.5); // Wednesday 22:00 UTC: three more
    // 0.1 lot × −10 × (1 + 3) = −4.00, floating: the balance has paid the opening commission only
    const [position] = REPLY_DATA.POSITIONS.parse(
      ok(b.handle({ cmd: "POSITIONS" }, TUE + 34 * HOUR)),
    ).positions;
    expect(position).toMatchObject({ ticket: trade.ticket, profit: 0, swap: -4 });
    const account = REPLY_DATA.ACCOUNT.parse(ok(b.handle({ cmd: "ACCOUNT" }, TUE + 34 * HOUR)));
    expect(account).toMatchObject({ balance: 99_999.7, equity: 99_995.7 });
    ok(b.handle({ cmd: "CLOSE", ticket: trade.ticket, requestId: "s2" }, TUE + 35 * HOUR));
    const { deals } = REPLY_DATA.HISTORY.parse(ok(b.handle({ cmd: "HISTORY", since: 0 }, TUE + 35 * HOUR)));
    expect(deals.map((d) => [d.entry, d.profit, d.commission, d.swap])).toEqual([
      ["IN", 0, -0.3, 0],
      ["OUT", 0, -0.3, -4],
    ]);
    expect(b.ledger.balance).toBe(99_995.4);
    expect(b.ledger.trades[0]).toMatchObject({ commission: 0.6, swap: -4, netPnl: -4.6 });
  });
});
