import type { Severity } from "../../alerts/alert.js";
import type { AlertRecord, DeliveryState } from "../../alerts/outbox.js";
import type { ChannelName } from "../../alerts/routing.js";
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
  const alerts = client.query<{
    node_id: string;
    id: number;
    key: string;
    event: string;
    severity: string;
    node: string;
    wall_ms: number;
    market_ms: number | null;
    facts: string;
  }>("SELECT * FROM alerts ORDER BY wall_ms DESC, node_id DESC, id DESC LIMIT $1", [limit]).rows;
  const deliveries = client.query<{
    node_id: string;
    alert_id: number;
    channel: ChannelName;
    state: DeliveryState;
    attempts: number;
    at_ms: number;
    last_error: string | null;
  }>(
    `SELECT d.* FROM alert_deliveries d
     JOIN (SELECT node_id, id FROM alerts ORDER BY wall_ms DESC, node_id DESC, id DESC LIMIT $1) a
       ON a.node_id = d.node_id AND a.id = d.alert_id
     ORDER BY d.channel`,
    [limit],
  ).rows;
  const byAlert = new Map<string, AlertRecord["deliveries"]>();
  for (const d of deliveries) {
    const k = `${d.node_id}\u0000${d.alert_id}`;
    const list = byAlert.get(k) ?? [];
    list.push({
      channel: d.channel,
      state: d.state,
      attempts: d.attempts,
      atMs: d.at_ms,
      lastError: d.last_error,
    });
    byAlert.set(k, list);
  }
  return alerts.reverse().map((r) => ({
    nodeId: r.node_id,
    id: r.id,
    key: r.key,
    event: r.event,
    severity: r.severity as Severity,
    node: r.node,
    wallMs: r.wall_ms,
    marketMs: r.market_ms,
    facts: JSON.parse(r.facts) as AlertRecord["facts"],
    deliveries: byAlert.get(`${r.node_id}\u0000${r.id}`) ?? [],
  }));
}
