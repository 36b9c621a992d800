import type { AlertEventName } from "./catalog.js";

import type { Severity } from "./severity.js";

export type { Severity };

/** The facts of an alert: numbers and short values, never prose (the channels render them). */
export type AlertFacts = Readonly<Record<string, string | number | boolean | null>>;

/**
 * One alert a node raised. `key` deduplicates: an alert whose key is already in the outbox is the same
 * alert (raised again after a restart, say) and is not sent twice. Times: `wallMs` the wall clock's,
 * `marketMs` the market's (the broker's in live mode) when the event has one.
 */
export interface Alert {
  key: string;
  event: string;
  severity: Severity;
  /** the node that raised it ("ftmo", "hydra", "demo") */
  node: string;
  wallMs: number;
  marketMs: number | null;
  facts: AlertFacts;
}

/** What a node calls to raise an alert; never throws into the node. */
export interface AlertSink {
  raise(event: AlertEventName, key: string, facts: AlertFacts, marketMs?: number | null): void;
}
