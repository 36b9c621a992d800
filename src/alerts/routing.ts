import { DateTime } from "luxon";
import { z } from "zod";
import type { Alert, Severity } from "./alert.js";
import { ALERT_EVENT_NAMES } from "./catalog.js";

const CHANNEL_NAMES = ["telegram", "email", "sms"] as const;
export type ChannelName = (typeof CHANNEL_NAMES)[number];

const channels = z.array(z.enum(CHANNEL_NAMES));
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a time of day as HH:MM (24 h)");

/**
 * The `alerts` section of a node's configuration file: which channels receive which alerts. Every field
 * is optional; the defaults are SPEC's: every configured channel receives critical alerts, Telegram and
 * email receive warnings, Telegram alone receives info. SMS (Twilio) carries critical alerts only,
 * whatever the routes say.
 */
export const AlertRoutingSchema = z
  .strictObject({
    /** channels by severity */
    severity: z.strictObject({ critical: channels, warning: channels, info: channels }).partial(),
    /** channels by event: overrides the severity's (an empty list: the event is recorded, never sent) */
    events: z.partialRecord(z.enum(ALERT_EVENT_NAMES as [string, ...string[]]), channels),
    /** messages per minute per channel; a burst beyond it becomes one grouped message */
    perMinute: z
      .strictObject({
        telegram: z.number().int().min(1).max(600),
        email: z.number().int().min(1).max(600),
        sms: z.number().int().min(1).max(600),
      })
      .partial(),
    /** info alerts raised in these hours (wall clock, in `zone`) wait until they end */
    quietHours: z
      .strictObject({ from: hhmm, to: hhmm, zone: z.string().min(1) })
      .refine((q) => DateTime.now().setZone(q.zone).isValid, {
        message: "an IANA time zone such as Europe/Prague",
        path: ["zone"],
      }),
    /** a symbol silent this many wall seconds while its session is open raises no-ticks (default 60) */
    noTicksS: z.number().int().min(5).max(86_400),
    /** a critical alert a channel failed this many times goes to the next channel too (telegram → email → sms) */
    failoverAfter: z.number().int().min(1).max(100),
  })
  .partial();

export type AlertRoutingConfig = z.infer<typeof AlertRoutingSchema>;

const DEFAULT_SEVERITY: Record<Severity, readonly ChannelName[]> = {
  critical: CHANNEL_NAMES,
  warning: ["telegram", "email"],
  info: ["telegram"],
};

const DEFAULT_PER_MINUTE: Record<ChannelName, number> = { telegram: 20, email: 6, sms: 3 };

/** The routing of a node: which configured channels an alert goes to, rate limits, quiet hours. */
export class AlertRouting {
  constructor(
    private readonly config: AlertRoutingConfig,
    /** the channels whose credentials are in the environment */
    readonly configured: readonly ChannelName[],
  ) {}

  /** The configured channels that receive `alert` (SMS only for critical ones). */
  channelsFor(alert: Pick<Alert, "event" | "severity">): ChannelName[] {
    const byEvent = (this.config.events as Record<string, ChannelName[] | undefined> | undefined)?.[
      alert.event
    ];
    const wanted = byEvent ?? this.config.severity?.[alert.severity] ?? DEFAULT_SEVERITY[alert.severity];
    return CHANNEL_NAMES.filter(
      (c) =>
        wanted.includes(c) && this.configured.includes(c) && (c !== "sms" || alert.severity === "critical"),
    );
  }

  /** The next configured channel a failed critical alert goes to, after those it already has. */
  failover(tried: readonly ChannelName[]): ChannelName | undefined {
    return CHANNEL_NAMES.find((c) => this.configured.includes(c) && !tried.includes(c));
  }

  get failoverAfter(): number {
    return this.config.failoverAfter ?? 3;
  }

  perMinute(channel: ChannelName): number {
    return this.config.perMinute?.[channel] ?? DEFAULT_PER_MINUTE[channel];
  }

  /** When an info alert raised at `wallMs` may be sent: then, or the end of the quiet hours it falls in. */
  sendableAt(alert: Pick<Alert, "severity">, wallMs: number): number {
    const q = this.config.quietHours;
    if (q === undefined || alert.severity !== "info") return wallMs;
    const t = DateTime.fromMillis(wallMs, { zone: q.zone });
    const at = (hm: string, base: DateTime) => {
      const [h, m] = hm.split(":").map(Number) as [number, number];
      return base.set({ hour: h, minute: m, second: 0, millisecond: 0 });
    };
    const from = at(q.from, t);
    let to = at(q.to, t);
    const minutes = t.hour * 60 + t.minute;
    const fromMin = from.hour * 60 + from.minute;
    const toMin = to.hour * 60 + to.minute;
    const quiet =
      fromMin <= toMin ? minutes >= fromMin && minutes < toMin : minutes >= fromMin || minutes < toMin;
    if (!quiet) return wallMs;
    if (to <= t) to = to.plus({ days: 1 });
    return to.toMillis();
  }
}
