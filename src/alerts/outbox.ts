import type { Alert } from "./alert.js";
import type { ChannelName } from "./routing.js";

/** One alert due on one channel. */
export interface DueDelivery {
  alertId: number;
  channel: ChannelName;
  /** failed attempts so far */
  attempts: number;
  alert: Alert;
}

export type DeliveryState = "pending" | "sent";

/** An alert with where it went, as `hydra alerts` lists it. */
export interface AlertRecord extends Alert {
  id: number;
  deliveries: Array<{
    channel: ChannelName;
    state: DeliveryState;
    attempts: number;
    /** wall time of the next attempt (pending), of the delivery (sent) */
    atMs: number;
    lastError: string | null;
  }>;
}

/** How many deliveries an outbox holds of one severity in one state (`recorded`: an alert with no channel). */
export interface AlertCount {
  severity: string;
  state: string;
  count: number;
}

/**
 * The durable outbox of a node's alerts (in the node's database): an alert is written before anything
 * is sent, each channel's delivery is marked sent only after the channel took it, so a crash loses
 * nothing and a restarted node sends what is still due (at least once). Keys deduplicate: adding an
 * alert whose key is already there adds nothing.
 */
export interface AlertOutbox {
  /** the new alert's id, or undefined when its key is already in the outbox */
  add(alert: Alert, channels: readonly ChannelName[], sendableAtMs: number): number | undefined;
  /** deliveries of `channel` whose time has come, oldest first */
  due(channel: ChannelName, nowMs: number, limit: number): DueDelivery[];
  sent(alertIds: readonly number[], channel: ChannelName, nowMs: number): void;
  failed(alertIds: readonly number[], channel: ChannelName, nextAtMs: number, error: string): void;
  /** one more channel for an alert (failover); nothing when it has it already */
  addChannel(alertId: number, channel: ChannelName, nowMs: number): void;
  channelsOf(alertId: number): ChannelName[];
  /** the newest `limit` alerts with their deliveries, oldest first */
  recent(limit: number): AlertRecord[];
  /** deliveries by severity and state (the metrics read it at each scrape) */
  counts(): AlertCount[];
  close(): void;
}
