import type { Alert, Severity } from "../alerts/alert.js";
import type { AlertRecord, DeliveryState } from "../alerts/outbox.js";
import type { ChannelName } from "../alerts/routing.js";

/** A row of the alerts table as SQLite and PostgreSQL give it back (PostgreSQL adds node_id). */
export interface AlertRow {
  id: number;
  key: string;
  event: string;
  severity: string;
  node: string;
  wall_ms: number;
  market_ms: number | null;
  facts: string;
}

/** A row of alert_deliveries (PostgreSQL adds node_id). */
export interface DeliveryRow {
  alert_id: number;
  channel: ChannelName;
  state: DeliveryState;
  attempts: number;
  at_ms: number;
  last_error: string | null;
}

/** The alerts columns after id, in the order of the tables: key, event, severity, node, wall_ms, market_ms, facts. */
export const alertValues = (alert: Alert): unknown[] => [
  alert.key,
  alert.event,
  alert.severity,
  alert.node,
  Math.round(alert.wallMs),
  alert.marketMs === null ? null : Math.round(alert.marketMs),
  JSON.stringify(alert.facts),
];

export const alertOf = (r: AlertRow): Alert => ({
  key: r.key,
  event: r.event,
  severity: r.severity as Severity,
  node: r.node,
  wallMs: r.wall_ms,
  marketMs: r.market_ms,
  facts: JSON.parse(r.facts) as Alert["facts"],
});

export const deliveryOf = (d: Omit<DeliveryRow, "alert_id">): AlertRecord["deliveries"][number] => ({
  channel: d.channel,
  state: d.state,
  attempts: d.attempts,
  atMs: d.at_ms,
  lastError: d.last_error,
});

/** `rows`' deliveries by `keyOf` their alert, each list in the order of `rows`. */
export function deliveriesBy<D extends DeliveryRow, K>(
  rows: readonly D[],
  keyOf: (d: D) => K,
): Map<K, AlertRecord["deliveries"]> {
  const byAlert = new Map<K, AlertRecord["deliveries"]>();
  for (const d of rows) {
    const k = keyOf(d);
    const list = byAlert.get(k) ?? [];
    list.push(deliveryOf(d));
    byAlert.set(k, list);
  }
  return byAlert;
}
