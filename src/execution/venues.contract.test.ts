import { DayBoundary } from "../core/time.js";
import { resolveInstrument } from "../model/default-instruments.js";
import { InstrumentTable } from "../model/instrument-table.js";
import { Ledger } from "../portfolio/ledger.js";
import { ShadowVenue } from "./shadow/shadow-venue.js";
import { SimVenue, type SimVenueConfig } from "./sim/sim-venue.js";
import { CONTRACT_CASH, type VenueDriver, venueContract } from "./test-support/venue-contract.js";
import type { Venue } from "./venue.js";

/**
 * A simulated venue on the account's ledger, wired as the kernel wires them: the ledger books every fill
 * the venue reports (its margin and equity are what the venue's stop-out reads) and is marked after the
 * venue has seen each price.
 */
function onLedger(make: (config: SimVenueConfig) => Venue): VenueDriver {
  const instruments = new InstrumentTable([resolveInstrument("XAUUSD")]);
  const ledger = new Ledger(instruments, CONTRACT_CASH, new DayBoundary("UTC"));
  const venue = make({ instruments, account: ledger });
  const setListener = venue.setListener.bind(venue);
  venue.setListener = (listener) =>
    setListener({
      ...listener,
      onFill: (fill, position) => {
        ledger.applyFill(fill, position);
        listener.onFill(fill, position);
      },
      onPositionModified: (position) => {
        ledger.setLevels(position.id, position.sl, position.tp);
        listener.onPositionModified?.(position);
      },
    });
  return {
    venue,
    quote: async (t, bid, ask) => {
      ledger.onTime(t);
      venue.onTick(0, t, bid, ask);
      ledger.mark(0, bid, ask);
    },
    settle: async () => {},
    close: async () => {},
  };
}

venueContract("simulated", async () => onLedger((config) => new SimVenue(config)));

venueContract("shadow", async () => onLedger((config) => new ShadowVenue(config)));
