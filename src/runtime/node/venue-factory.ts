import type { Clock } from "../../core/clock.js";
import type { BridgeClient } from "../../execution/mt5/client/bridge-client.js";
import { Mt5Venue } from "../../execution/mt5/venue/mt5-venue.js";
import { ShadowVenue } from "../../execution/shadow/shadow-venue.js";
import { SimVenue } from "../../execution/sim/sim-venue.js";
import type { Venue } from "../../execution/venue.js";
import type { InstrumentTable } from "../../model/instrument-table.js";
import type { Ledger } from "../../portfolio/ledger.js";
import type { ExecutionMode } from "../execution-mode.js";

export interface VenueDeps {
  instruments: InstrumentTable;
  /** the bridge's trade server (live orders) */
  client: BridgeClient;
  /** wall clock: order timeouts */
  wall: Clock;
  /** market clock: fill and order times */
  market: Clock;
  log: (line: string) => void;
  /** run id prefix of simulated order and position ids */
  idPrefix?: string;
  /** live: broker deals since this time are reconciled (a restart: the checkpoint's) */
  since?: number;
}

/** What each execution mode trades on (SPEC §2: paper executes on the simulated venue, shadow records and sends nothing, live sends to MT5). */
const VENUES: Readonly<Record<ExecutionMode, (ledger: Ledger, d: VenueDeps) => Venue>> = {
  paper: (ledger, d) =>
    new SimVenue({
      instruments: d.instruments,
      account: ledger,
      ...(d.idPrefix === undefined ? {} : { idPrefix: d.idPrefix }),
    }),
  shadow: (ledger, d) =>
    new ShadowVenue({
      instruments: d.instruments,
      account: ledger,
      ...(d.idPrefix === undefined ? {} : { idPrefix: d.idPrefix }),
    }),
  live: (_ledger, d) =>
    new Mt5Venue({
      client: d.client,
      instruments: d.instruments,
      clock: d.wall,
      marketClock: d.market,
      log: d.log,
      ...(d.since === undefined ? {} : { since: d.since }),
    }),
};

/**
 * The venue of an execution mode, for the node builder; everything after the choice asks the venue's
 * declared capabilities (reconcile, settle, in-flight orders), never its class or the mode's name.
 */
export function venueForMode(mode: ExecutionMode, deps: VenueDeps): (ledger: Ledger) => Venue {
  return (ledger) => VENUES[mode](ledger, deps);
}
