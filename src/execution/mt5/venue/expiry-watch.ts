import type { Clock } from "../../../core/clock.js";
import type { InstrumentTable } from "../../../model/instrument-table.js";
import type { PriceWatch } from "../../venue.js";
import type { BridgeClient } from "../client/bridge-client.js";
import { checkWorking, type WorkingOrderTarget } from "./working-orders.js";

/**
 * The expiries of the venue's working orders. The broker removes an order at its expiry without a deal, so
 * nothing on the event stream says so: once one is due on the market clock, the venue looks at the broker
 * (at most once a second of wall time) and books the expiry, or the fill if it filled first. The price watch
 * wakes the venue at each symbol's earliest expiry.
 */
export class ExpiryWatch {
  /** wall time of the last look (NaN while one is under way) */
  private lookedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly venue: WorkingOrderTarget,
    private readonly client: BridgeClient,
    private readonly instruments: InstrumentTable,
    private readonly watch: PriceWatch,
    private readonly wall: Clock,
    private readonly log?: (line: string) => void,
  ) {}

  /** The symbol's working orders changed: its wake-up time is their earliest expiry. */
  rewatch(symbol: string): void {
    let at = Number.POSITIVE_INFINITY;
    for (const w of this.venue.working.values())
      if (w.order.symbol === symbol) at = Math.min(at, w.order.expiresAt);
    this.watch.wakeAt[this.instruments.index(symbol)] = at;
  }

  onTick(): void {
    const wall = this.wall.now();
    if (this.venue.working.size === 0 || !(wall - this.lookedAt >= 1000)) return;
    const now = this.venue.marketNow();
    if (![...this.venue.working.values()].some((w) => w.order.expiresAt <= now)) return;
    this.lookedAt = Number.NaN;
    void checkWorking(this.venue, this.client)
      .catch((e: unknown) => this.log?.(`mt5 venue: looking for expired orders failed: ${String(e)}`))
      .finally(() => {
        this.lookedAt = wall;
      });
  }
}
