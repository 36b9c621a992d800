import type { Clock } from "../core/clock.js";
import { redact } from "../core/redact.js";
import type { Alert, AlertFacts, AlertSink } from "./alert.js";
import { type AlertEventName, severityOf } from "./catalog.js";
import { type AlertChannel, ChannelError } from "./channels/channel.js";
import type { AlertOutbox, DueDelivery } from "./outbox.js";
import { renderAlerts } from "./render.js";
import type { AlertRouting, ChannelName } from "./routing.js";

export interface AlertServiceOptions {
  outbox: AlertOutbox;
  routing: AlertRouting;
  channels: readonly AlertChannel[];
  /** wall clock: retries, backoff, rate limits and quiet hours are wall-time matters */
  wall: Clock;
  /** credential values: never in a log line, a message or the database */
  secrets: readonly string[];
  log: (line: string) => void;
  /** how often due deliveries are looked at (wall ms) */
  pollMs?: number;
}

const MAX_BACKOFF_MS = 60_000;
const GROUP_LIMIT = 50;

/**
 * A node's alerts: `raise` writes the alert to the durable outbox (routed to its channels, deduplicated
 * by key) before anything is sent; the dispatcher then delivers what is due on each channel — a burst
 * as one grouped message, within the channel's rate limit —, retries with exponential backoff (a
 * provider's retry-after honoured), and sends a critical alert that a channel keeps failing to the
 * next channel too. Delivery is at least once: a delivery is marked sent only after the channel took it,
 * so alerts still due when a node stops (or is killed) go out after it starts again.
 */
export class AlertService {
  private readonly byName = new Map<ChannelName, AlertChannel>();
  private readonly sentAt = new Map<ChannelName, number[]>();
  private readonly busy = new Set<ChannelName>();
  /** a channel that failed is left alone until then (wall ms): what comes meanwhile waits and is grouped */
  private readonly retryAt = new Map<ChannelName, number>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private lastStorageError = "";

  constructor(private readonly o: AlertServiceOptions) {
    for (const c of o.channels) this.byName.set(c.name, c);
  }

  get channelNames(): ChannelName[] {
    return [...this.byName.keys()];
  }

  /** What one node of the process raises through (hydra demo: "ftmo" and "hydra" share the outbox). */
  sink(node: string): AlertSink {
    return { raise: (event, key, facts, marketMs) => this.raise(node, event, key, facts, marketMs ?? null) };
  }

  private raise(
    node: string,
    event: AlertEventName,
    key: string,
    facts: AlertFacts,
    marketMs: number | null,
  ): void {
    const clean: Record<string, string | number | boolean | null> = {};
    for (const [k, v] of Object.entries(facts)) clean[k] = typeof v === "string" ? this.scrub(v) : v;
    const alert: Alert = {
      key: this.scrub(key),
      event,
      severity: severityOf(event),
      node,
      wallMs: this.o.wall.now(),
      marketMs,
      facts: clean,
    };
    const channels = this.o.routing.channelsFor(alert);
    let id: number | undefined;
    try {
      id = this.o.outbox.add(alert, channels, this.o.routing.sendableAt(alert, alert.wallMs));
    } catch (e) {
      this.storageError(e);
      return;
    }
    if (id === undefined) return; // the same alert (its key) is already in the outbox
    const facts1 = Object.entries(clean)
      .map(([k, v]) => `${k}=${v}`)
      .join(" ");
    this.o.log(
      `alert ${alert.severity} ${event}: ${facts1}${channels.length === 0 ? " (no channel: recorded only)" : ` → ${channels.join(", ")}`}`,
    );
    if (this.timer !== undefined) setImmediate(() => void this.tick());
  }

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.o.pollMs ?? 500);
    this.timer.unref();
    void this.tick();
  }

  /** Stops the dispatcher after one last try for what is due (at most `graceMs`); the rest waits in the outbox. */
  async stop(graceMs = 3000): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    const deadline = this.o.wall.now() + graceMs;
    await Promise.race([
      this.tick(),
      new Promise((r) => setTimeout(r, Math.max(0, deadline - this.o.wall.now())).unref()),
    ]);
    for (const c of this.byName.values()) (c as { close?: () => void }).close?.();
  }

  /** One pass over every channel: what is due goes out (a burst as one message). */
  async tick(): Promise<void> {
    await Promise.all([...this.byName.keys()].map((c) => this.deliver(c)));
  }

  private async deliver(name: ChannelName): Promise<void> {
    if (this.busy.has(name)) return;
    const now = this.o.wall.now();
    if (now < (this.retryAt.get(name) ?? 0)) return;
    const recent = (this.sentAt.get(name) ?? []).filter((t) => t > now - 60_000);
    this.sentAt.set(name, recent);
    if (recent.length >= this.o.routing.perMinute(name)) return; // the burst waits and goes out as one
    let due: DueDelivery[];
    try {
      due = this.o.outbox.due(name, now, GROUP_LIMIT);
    } catch (e) {
      this.storageError(e);
      return;
    }
    if (due.length === 0) return;
    this.busy.add(name);
    const ids = due.map((d) => d.alertId);
    try {
      await this.byName.get(name)!.send(renderAlerts(due.map((d) => d.alert)));
      recent.push(this.o.wall.now());
      this.retryAt.delete(name);
      this.o.outbox.sent(ids, name, this.o.wall.now());
      if (due.some((d) => d.attempts > 0))
        this.o.log(
          `alerts: ${name} delivered ${due.length} alert(s) after ${Math.max(...due.map((d) => d.attempts))} failed attempt(s)`,
        );
    } catch (e) {
      this.failed(name, due, e);
    } finally {
      this.busy.delete(name);
    }
  }

  private failed(name: ChannelName, due: readonly DueDelivery[], e: unknown): void {
    const why = this.scrub(e instanceof Error ? e.message : String(e));
    const attempts = Math.max(...due.map((d) => d.attempts)) + 1;
    const retryAfter = e instanceof ChannelError ? e.retryAfterMs : undefined;
    const wait = retryAfter ?? Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (attempts - 1));
    const now = this.o.wall.now();
    this.retryAt.set(name, now + wait);
    try {
      this.o.outbox.failed(
        due.map((d) => d.alertId),
        name,
        now + wait,
        why,
      );
      // a critical alert this channel keeps failing goes to the next channel too
      for (const d of due) {
        if (d.alert.severity !== "critical" || d.attempts + 1 < this.o.routing.failoverAfter) continue;
        const next = this.o.routing.failover(this.o.outbox.channelsOf(d.alertId));
        if (next === undefined) continue;
        this.o.outbox.addChannel(d.alertId, next, now);
        this.o.log(
          `alerts: ${name} failed ${d.attempts + 1} times on critical ${d.alert.event}: sent by ${next} too`,
        );
      }
    } catch (err) {
      this.storageError(err);
    }
    if (attempts === 1 || attempts % 10 === 0)
      this.o.log(
        `alerts: ${name} did not take ${due.length} alert(s) (attempt ${attempts}): ${why}; next try in ${Math.round(wait / 1000)} s`,
      );
  }

  private scrub(text: string): string {
    return redact(text, this.o.secrets);
  }

  private storageError(e: unknown): void {
    const why = e instanceof Error ? e.message : String(e);
    if (why !== this.lastStorageError) this.o.log(`alerts: ${why}`);
    this.lastStorageError = why;
  }
}
