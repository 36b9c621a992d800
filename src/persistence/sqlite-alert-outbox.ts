import type { Alert } from "../alerts/alert.js";
import type { AlertCount, AlertOutbox, AlertRecord, DueDelivery } from "../alerts/outbox.js";
import type { ChannelName } from "../alerts/routing.js";
import { type AlertRow, alertOf, alertValues, type DeliveryRow, deliveryOf } from "./alert-rows.js";
import { DEFAULT_ALERTS_KEEP } from "./alerts-keep.js";
import { guarded, openSqlite, type SqliteDatabase } from "./sqlite-database.js";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS alerts (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  key       TEXT NOT NULL UNIQUE,
  event     TEXT NOT NULL,
  severity  TEXT NOT NULL,
  node      TEXT NOT NULL,
  wall_ms   INTEGER NOT NULL,
  market_ms INTEGER,
  facts     TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS alert_deliveries (
  alert_id   INTEGER NOT NULL REFERENCES alerts(id),
  channel    TEXT NOT NULL,
  state      TEXT NOT NULL,
  attempts   INTEGER NOT NULL DEFAULT 0,
  at_ms      INTEGER NOT NULL,
  last_error TEXT,
  PRIMARY KEY (alert_id, channel)
);
CREATE INDEX IF NOT EXISTS alert_deliveries_due ON alert_deliveries (channel, state, at_ms);
`;

/**
 * The alert outbox in the node's SQLite database (tables alerts and alert_deliveries). It keeps the
 * newest `keep` alerts: each add deletes older ones that have nothing pending (delivered on every
 * channel, or recorded with no channel); an alert still due is never deleted, whatever its age.
 */
export class SqliteAlertOutbox implements AlertOutbox {
  private constructor(
    private readonly db: SqliteDatabase,
    private readonly file: string,
    private readonly keep: number,
  ) {}

  static open(file: string, keep = DEFAULT_ALERTS_KEEP): SqliteAlertOutbox {
    const db = openSqlite(file);
    guarded("cannot create the alert outbox", file, () => db.exec(SCHEMA));
    return new SqliteAlertOutbox(db, file, keep);
  }

  add(alert: Alert, channels: readonly ChannelName[], sendableAtMs: number): number | undefined {
    return guarded("cannot record an alert", this.file, () =>
      this.db.transaction(() => {
        const r = this.db
          .prepare(
            "INSERT OR IGNORE INTO alerts (key, event, severity, node, wall_ms, market_ms, facts) VALUES (?,?,?,?,?,?,?)",
          )
          .run(...alertValues(alert));
        if (r.changes === 0) return undefined;
        const id = Number(r.lastInsertRowid);
        const ins = this.db.prepare(
          "INSERT INTO alert_deliveries (alert_id, channel, state, attempts, at_ms) VALUES (?, ?, 'pending', 0, ?)",
        );
        for (const c of channels) ins.run(id, c, Math.round(sendableAtMs));
        this.prune(id - this.keep);
        return id;
      })(),
    );
  }

  due(channel: ChannelName, nowMs: number, limit: number): DueDelivery[] {
    const rows = guarded("cannot read the alert outbox", this.file, () =>
      this.db
        .prepare(
          `SELECT a.*, d.attempts FROM alert_deliveries d JOIN alerts a ON a.id = d.alert_id
           WHERE d.channel = ? AND d.state = 'pending' AND d.at_ms <= ? ORDER BY a.id LIMIT ?`,
        )
        .all(channel, Math.round(nowMs), limit),
    ) as Array<AlertRow & { attempts: number }>;
    return rows.map((r) => ({ alertId: r.id, channel, attempts: r.attempts, alert: alertOf(r) }));
  }

  sent(alertIds: readonly number[], channel: ChannelName, nowMs: number): void {
    this.update(
      "UPDATE alert_deliveries SET state = 'sent', at_ms = ?, last_error = NULL WHERE alert_id = ? AND channel = ?",
      alertIds,
      (id) => [Math.round(nowMs), id, channel],
    );
  }

  failed(alertIds: readonly number[], channel: ChannelName, nextAtMs: number, error: string): void {
    this.update(
      "UPDATE alert_deliveries SET attempts = attempts + 1, at_ms = ?, last_error = ? WHERE alert_id = ? AND channel = ? AND state = 'pending'",
      alertIds,
      (id) => [Math.round(nextAtMs), error.slice(0, 500), id, channel],
    );
  }

  addChannel(alertId: number, channel: ChannelName, nowMs: number): void {
    guarded("cannot record an alert's delivery", this.file, () =>
      this.db
        .prepare(
          "INSERT OR IGNORE INTO alert_deliveries (alert_id, channel, state, attempts, at_ms) VALUES (?, ?, 'pending', 0, ?)",
        )
        .run(alertId, channel, Math.round(nowMs)),
    );
  }

  channelsOf(alertId: number): ChannelName[] {
    return guarded("cannot read the alert outbox", this.file, () =>
      (
        this.db.prepare("SELECT channel FROM alert_deliveries WHERE alert_id = ?").all(alertId) as Array<{
          channel: ChannelName;
        }>
      ).map((r) => r.channel),
    );
  }

  recent(limit: number): AlertRecord[] {
    return guarded("cannot read the alert outbox", this.file, () => {
      const alerts = this.db
        .prepare("SELECT * FROM alerts ORDER BY id DESC LIMIT ?")
        .all(limit) as AlertRow[];
      const deliveries = this.db.prepare(
        "SELECT channel, state, attempts, at_ms, last_error FROM alert_deliveries WHERE alert_id = ? ORDER BY channel",
      );
      return alerts.reverse().map((r) => ({
        id: r.id,
        ...alertOf(r),
        deliveries: (deliveries.all(r.id) as Array<Omit<DeliveryRow, "alert_id">>).map(deliveryOf),
      }));
    });
  }

  /** Deliveries by severity and state; an alert with no channel counts once as `recorded`. */
  counts(): AlertCount[] {
    return guarded(
      "cannot read the alert outbox",
      this.file,
      () =>
        this.db
          .prepare(
            `SELECT a.severity AS severity, COALESCE(d.state, 'recorded') AS state, COUNT(*) AS count
             FROM alerts a LEFT JOIN alert_deliveries d ON d.alert_id = a.id
            GROUP BY a.severity, COALESCE(d.state, 'recorded')`,
          )
          .all() as AlertCount[],
    );
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Deletes alerts up to `lastId` with nothing pending (ids only grow: AUTOINCREMENT). */
  private prune(lastId: number): void {
    if (lastId < 1) return;
    const old = `SELECT id FROM alerts WHERE id <= ? AND NOT EXISTS
      (SELECT 1 FROM alert_deliveries p WHERE p.alert_id = alerts.id AND p.state = 'pending')`;
    this.db.prepare(`DELETE FROM alert_deliveries WHERE alert_id IN (${old})`).run(lastId);
    this.db.prepare(`DELETE FROM alerts WHERE id IN (${old})`).run(lastId);
  }

  private update(sql: string, ids: readonly number[], args: (id: number) => unknown[]): void {
    guarded("cannot record an alert's delivery", this.file, () => {
      const st = this.db.prepare(sql);
      this.db.transaction(() => {
        for (const id of ids) st.run(...args(id));
      })();
    });
  }
}
