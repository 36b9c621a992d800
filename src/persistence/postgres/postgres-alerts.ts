import type { AlertRecord } from "../../alerts/outbox.js";
import { type AlertRow, alertOf, type DeliveryRow, deliveriesBy } from "../alert-rows.js";
import type { PgSyncClient } from "./pg-sync-client.js";

/** An alert of a node on a shared database: its node's id beside what its outbox holds. */
export interface NodeAlertRecord extends AlertRecord {
  nodeId: string;
}

/**
 * The newest `limit` alerts of every node, as copied to PostgreSQL with their deliveries (a second
 * behind each node's outbox), oldest first: what `hydra alerts` lists on a shared database.
 */
export function recentNodeAlerts(client: PgSyncClient, limit: number): NodeAlertRecord[] {
  const alerts = client.query<AlertRow & { node_id: string }>(
    "SELECT * FROM alerts ORDER BY wall_ms DESC, node_id DESC, id DESC LIMIT $1",
    [limit],
  ).rows;
  const deliveries = client.query<DeliveryRow & { node_id: string }>(
    `SELECT d.* FROM alert_deliveries d
     JOIN (SELECT node_id, id FROM alerts ORDER BY wall_ms DESC, node_id DESC, id DESC LIMIT $1) a
       ON a.node_id = d.node_id AND a.id = d.alert_id
     ORDER BY d.channel`,
    [limit],
  ).rows;
  const byAlert = deliveriesBy(deliveries, (d) => `${d.node_id}\u0000${d.alert_id}`);
  return alerts.reverse().map((r) => ({
    nodeId: r.node_id,
    id: r.id,
    ...alertOf(r),
    deliveries: byAlert.get(`${r.node_id}\u0000${r.id}`) ?? [],
  }));
}
