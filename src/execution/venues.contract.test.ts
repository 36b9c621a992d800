import { resolveInstrument } from "../model/default-instruments.js";
import { InstrumentTable } from "../model/instrument-table.js";
import { ShadowVenue } from "./shadow/shadow-venue.js";
import { SimVenue } from "./sim/sim-venue.js";
import { venueContract } from "./test-support/venue-contract.js";

const instruments = () => new InstrumentTable([resolveInstrument("XAUUSD")]);
const account = { freeMargin: 1_000_000 };

venueContract("simulated", async () => {
  const venue = new SimVenue({ instruments: instruments(), account });
  return {
    venue,
    quote: async (t, b, a) => venue.onTick(0, t, b, a),
    settle: async () => {},
    close: async () => {},
  };
});

venueContract("shadow", async () => {
  const venue = new ShadowVenue({ instruments: instruments(), account });
  return {
    venue,
    quote: async (t, b, a) => venue.onTick(0, t, b, a),
    settle: async () => {},
    close: async () => {},
  };
});
