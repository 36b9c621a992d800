import { isHydraError } from "../core/errors.js";
import type { Alert } from "./alert.js";
import type { AlertCount, AlertOutbox, AlertRecord, DueDelivery } from "./outbox.js";
import type { ChannelName } from "./routing.js";

type Counts = AlertCount[];

const storage = (e: unknown): boolean => isHydraError(e) && e.code === "STORAGE";

/**
 * One outbox in two places: the shared database's (PostgreSQL, where every node's alerts are) and the
 * node's own file. An alert goes to the shared one; when that cannot take it (the database is away) it
 * goes to the node's own, so that an alert raised during the outage — the one that says the database
 * is lost first of all — is still kept and sent. Deliveries due are read from both (the node's own
 * first: they were raised while the database was away); the node's own alerts have negative ids here.
 * Alerts of the shared database wait while it is away, and go once it is back.
 */
export class FailoverOutbox implements AlertOutbox {
  constructor(
    private readonly shared: AlertOutbox,
    private readonly local: AlertOutbox,
  ) {}

  add(alert: Alert, channels: readonly ChannelName[], sendableAtMs: number): number | undefined {
    try {
      return this.shared.add(alert, channels, sendableAtMs);
    } catch (e) {
      if (!storage(e)) throw e;
      const id = this.local.add(alert, channels, sendableAtMs);
      return id === undefined ? undefined : -id;
    }
  }

  due(channel: ChannelName, nowMs: number, limit: number): DueDelivery[] {
    const local = this.local.due(channel, nowMs, limit).map((d) => ({ ...d, alertId: -d.alertId }));
    if (local.length >= limit) return local;
    let shared: DueDelivery[];
    try {
      shared = this.shared.due(channel, nowMs, limit - local.length);
    } catch (e) {
      // the node says the database is lost already (its kill switch); these wait for it quietly
      if (!storage(e)) throw e;
      shared = [];
    }
    return [...local, ...shared];
  }

  sent(alertIds: readonly number[], channel: ChannelName, nowMs: number): void {
    this.split(alertIds, (o, ids) => o.sent(ids, channel, nowMs));
  }

  failed(alertIds: readonly number[], channel: ChannelName, nextAtMs: number, error: string): void {
    this.split(alertIds, (o, ids) => o.failed(ids, channel, nextAtMs, error));
  }

  addChannel(alertId: number, channel: ChannelName, nowMs: number): void {
    if (alertId < 0) this.local.addChannel(-alertId, channel, nowMs);
    else this.shared.addChannel(alertId, channel, nowMs);
  }

  channelsOf(alertId: number): ChannelName[] {
    return alertId < 0 ? this.local.channelsOf(-alertId) : this.shared.channelsOf(alertId);
  }

  /** the newest of both, oldest first (the node's own with negative ids) */
  recent(limit: number): AlertRecord[] {
    const local = this.local.recent(limit).map((a) => ({ ...a, id: -a.id }));
    let shared: AlertRecord[] = [];
    try {
      shared = this.shared.recent(limit);
    } catch (e) {
      if (!storage(e)) throw e;
    }
    return [...shared, ...local].sort((a, b) => a.wallMs - b.wallMs).slice(-limit);
  }

  counts(): Counts {
    const sum = new Map<string, { severity: string; state: string; count: number }>();
    const add = (rows: Counts): void => {
      for (const r of rows) {
        const k = `${r.severity}\u0000${r.state}`;
        const s = sum.get(k);
        if (s === undefined) sum.set(k, { ...r });
        else s.count += r.count;
      }
    };
    add(this.local.counts());
    try {
      add(this.shared.counts());
    } catch (e) {
      if (!storage(e)) throw e;
    }
    return [...sum.values()];
  }

  close(): void {
    try {
      this.shared.close();
    } finally {
      this.local.close();
    }
  }

  private split(ids: readonly number[], f: (o: AlertOutbox, ids: number[]) => void): void {
    const local = ids.filter((id) => id < 0).map((id) => -id);
    const shared = ids.filter((id) => id > 0);
    if (local.length > 0) f(this.local, local);
    if (shared.length > 0) f(this.shared, shared);
  }
}
