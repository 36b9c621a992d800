import type { Alert } from "../../alerts/alert.js";
import type {
  AlertCount,
  AlertOutbox,
  AlertRecord,
  DeliveryState,
  DueDelivery,
} from "../../alerts/outbox.js";
import type { ChannelName } from "../../alerts/routing.js";
import { type AlertRow, alertOf, alertValues, type DeliveryRow, deliveriesBy } from "../alert-rows.js";
import { DEFAULT_ALERTS_KEEP } from "../alerts-keep.js";
import { pgGuarded } from "./pg-store-guard.js";
import type { PgSyncClient } from "./pg-sync-client.js";

/** What the store knows of an alert it holds: its key and each channel's state. */
interface Held {
  key: string;
  channels: Map<ChannelName, DeliveryState>;
}

const INSERT_ALERT = `INSERT INTO alerts (node_id, id, key, event, severity, node, wall_ms, market_ms, facts)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`;
const INSERT_DELIVERIES = `INSERT INTO alert_deliveries (node_id, alert_id, channel, state, attempts, at_ms)
  SELECT $1, $2, c, 'pending', 0, $3 FROM unnest($4::text[]) AS c ON CONFLICT DO NOTHING`;

/**
 * One node's alert outbox in PostgreSQL (alerts, alert_deliveries; migrations 3 and 4), beside the other
 * nodes' under their node ids: what `hydra alerts` lists on a shared database. It behaves as the SQLite
 * outbox, retention included (the newest `keep` alerts; one still due is never deleted), and never reads
 * back what it wrote to decide: it reads the node's alert ids, keys and delivery states once at open
 * (one process writes a node id at a time) and keeps them in memory, so adding an alert, its dedupe, its
 * id and the alerts its retention deletes are known without an answer from the database. Its inserts are
 * idempotent (ON CONFLICT DO NOTHING), so a write applied twice after a lost answer adds nothing.
 */
export class PostgresAlertOutbox implements AlertOutbox {
  private readonly held = new Map<number, Held>();
  private readonly byKey = new Map<string, number>();
  private lastId = 0;
  private closed = false;
  private readonly where: string;

  constructor(
    private readonly client: PgSyncClient,
    readonly nodeId: string,
    private readonly keep = DEFAULT_ALERTS_KEEP,
  ) {
    this.where = `alerts of node ${nodeId}`;
    this.guarded("cannot open the alert outbox", () => {
      const alerts = client.query<{ id: number; key: string }>(
        "SELECT id, key FROM alerts WHERE node_id = $1 ORDER BY id",
        [nodeId],
      ).rows;
      for (const a of alerts) {
        this.held.set(a.id, { key: a.key, channels: new Map() });
        this.byKey.set(a.key, a.id);
        this.lastId = a.id;
      }
      const deliveries = client.query<{ alert_id: number; channel: ChannelName; state: DeliveryState }>(
        "SELECT alert_id, channel, state FROM alert_deliveries WHERE node_id = $1",
        [nodeId],
      ).rows;
      for (const d of deliveries) this.held.get(d.alert_id)?.channels.set(d.channel, d.state);
    });
  }

  add(alert: Alert, channels: readonly ChannelName[], sendableAtMs: number): number | undefined {
    return this.guarded("cannot record an alert", () => {
      if (this.byKey.has(alert.key)) {
        // SQLite's INSERT OR IGNORE uses up an AUTOINCREMENT id: the same adds give the same ids on both
        this.lastId += 1;
        return undefined;
      }
      const id = this.lastId + 1;
      const statements: Array<[string, unknown[]]> = [
        [INSERT_ALERT, [this.nodeId, id, ...alertValues(alert)]],
      ];
      if (channels.length > 0)
        statements.push([INSERT_DELIVERIES, [this.nodeId, id, Math.round(sendableAtMs), [...channels]]]);
      const pruned = this.prunable(id - this.keep);
      if (pruned.length > 0)
        statements.push(
          [
            "DELETE FROM alert_deliveries WHERE node_id = $1 AND alert_id = ANY($2::bigint[])",
            [this.nodeId, pruned],
          ],
          ["DELETE FROM alerts WHERE node_id = $1 AND id = ANY($2::bigint[])", [this.nodeId, pruned]],
        );
      this.client.writeAll(statements);
      this.lastId = id;
      this.held.set(id, { key: alert.key, channels: new Map(channels.map((c) => [c, "pending"])) });
      this.byKey.set(alert.key, id);
      for (const p of pruned) {
        const key = this.held.get(p)!.key;
        // a copied database may hold a key twice (deleted by the SQLite outbox, then raised again)
        if (this.byKey.get(key) === p) this.byKey.delete(key);
        this.held.delete(p);
      }
      return id;
    });
  }

  due(channel: ChannelName, nowMs: number, limit: number): DueDelivery[] {
    const rows = this.guarded("cannot read the alert outbox", () =>
      this.client.query<AlertRow & { attempts: number }>(
        `SELECT a.*, d.attempts FROM alert_deliveries d JOIN alerts a ON a.node_id = d.node_id AND a.id = d.alert_id
         WHERE d.node_id = $1 AND d.channel = $2 AND d.state = 'pending' AND d.at_ms <= $3 ORDER BY a.id LIMIT $4`,
        [this.nodeId, channel, Math.round(nowMs), limit],
      ),
    ).rows;
    return rows.map((r) => ({ alertId: r.id, channel, attempts: r.attempts, alert: alertOf(r) }));
  }

  sent(alertIds: readonly number[], channel: ChannelName, nowMs: number): void {
    this.guarded("cannot record an alert's delivery", () => {
      if (alertIds.length === 0) return;
      this.client.write(
        `UPDATE alert_deliveries SET state = 'sent', at_ms = $1, last_error = NULL
         WHERE node_id = $2 AND channel = $3 AND alert_id = ANY($4::bigint[])`,
        [Math.round(nowMs), this.nodeId, channel, [...alertIds]],
      );
      for (const id of alertIds) {
        const channels = this.held.get(id)?.channels;
        if (channels?.has(channel)) channels.set(channel, "sent");
      }
    });
  }

  failed(alertIds: readonly number[], channel: ChannelName, nextAtMs: number, error: string): void {
    this.guarded("cannot record an alert's delivery", () => {
      if (alertIds.length === 0) return;
      this.client.write(
        `UPDATE alert_deliveries SET attempts = attempts + 1, at_ms = $1, last_error = $2
         WHERE node_id = $3 AND channel = $4 AND state = 'pending' AND alert_id = ANY($5::bigint[])`,
        [Math.round(nextAtMs), error.slice(0, 500), this.nodeId, channel, [...alertIds]],
      );
    });
  }

  addChannel(alertId: number, channel: ChannelName, nowMs: number): void {
    this.guarded("cannot record an alert's delivery", () => {
      this.client.write(INSERT_DELIVERIES, [this.nodeId, alertId, Math.round(nowMs), [channel]]);
      const channels = this.held.get(alertId)?.channels;
      if (channels !== undefined && !channels.has(channel)) channels.set(channel, "pending");
    });
  }

  /** from memory: the failover asks it right after `addChannel`, whose write may not be applied yet */
  channelsOf(alertId: number): ChannelName[] {
    return this.guarded("cannot read the alert outbox", () => [
      ...(this.held.get(alertId)?.channels.keys() ?? []),
    ]).sort();
  }

  recent(limit: number): AlertRecord[] {
    return this.guarded("cannot read the alert outbox", () => {
      const alerts = this.client.query<AlertRow>(
        "SELECT * FROM alerts WHERE node_id = $1 ORDER BY id DESC LIMIT $2",
        [this.nodeId, limit],
      ).rows;
      const deliveries = this.client.query<DeliveryRow>(
        `SELECT alert_id, channel, state, attempts, at_ms, last_error FROM alert_deliveries
         WHERE node_id = $1 AND alert_id = ANY($2::bigint[]) ORDER BY channel COLLATE "C"`,
        [this.nodeId, alerts.map((a) => a.id)],
      ).rows;
      const byAlert = deliveriesBy(deliveries, (d) => d.alert_id);
      return alerts.reverse().map((r) => ({ id: r.id, ...alertOf(r), deliveries: byAlert.get(r.id) ?? [] }));
    });
  }

  counts(): AlertCount[] {
    return this.guarded(
      "cannot read the alert outbox",
      () =>
        this.client.query<AlertCount>(
          `SELECT a.severity AS severity, COALESCE(d.state, 'recorded') AS state, COUNT(*)::int AS count
           FROM alerts a LEFT JOIN alert_deliveries d ON d.node_id = a.node_id AND d.alert_id = a.id
           WHERE a.node_id = $1 GROUP BY a.severity, COALESCE(d.state, 'recorded') ORDER BY 1, 2`,
          [this.nodeId],
        ).rows,
    );
  }

  close(): void {
    this.closed = true;
  }

  /** Held alerts up to `lastId` with nothing pending, oldest first (ids only grow). */
  private prunable(lastId: number): number[] {
    const out: number[] = [];
    for (const [id, a] of this.held) {
      if (id > lastId) break;
      if (![...a.channels.values()].includes("pending")) out.push(id);
    }
    return out;
  }

  private guarded<T>(what: string, f: () => T): T {
    return pgGuarded(this.closed, what, this.where, f);
  }
}
