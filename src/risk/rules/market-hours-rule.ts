import type { InstrumentTable } from "../../model/instrument-table.js";
import { SessionCalendar } from "../../model/session-calendar.js";
import type { Denial, PreTradeRule, TradeCheck } from "./pre-trade-rule.js";

/** No new trade while the instrument's market is closed (weekend, daily break). */
export class MarketHoursRule implements PreTradeRule {
  readonly name = "market-hours";
  private readonly calendars: SessionCalendar[];

  constructor(instruments: InstrumentTable) {
    this.calendars = instruments.specs.map((s) => new SessionCalendar(s.sessions));
  }

  check(c: TradeCheck): Denial | undefined {
    if (this.calendars[c.sym]!.isOpen(c.now)) return undefined;
    return { code: "MARKET_CLOSED", reason: `${c.intent.symbol} is outside its trading session` };
  }
}
