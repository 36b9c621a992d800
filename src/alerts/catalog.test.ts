import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ALERT_EVENT_NAMES, ALERT_EVENTS } from "./catalog.js";
import { AlertRouting } from "./routing.js";

const README = readFileSync(
  path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "README.md"),
  "utf8",
);

describe("the alert catalog", () => {
  it("README lists every alert with its severity and default channels", () => {
    const all = new AlertRouting({}, ["telegram", "email", "sms"]);
    const names = { telegram: "Telegram", email: "email", sms: "SMS" } as const;
    for (const event of ALERT_EVENT_NAMES) {
      const { severity } = ALERT_EVENTS[event];
      const channels = all
        .channelsFor({ event, severity })
        .map((c) => names[c])
        .join(", ");
      expect(README, event).toContain(`| \`${event}\` | ${severity} | ${channels} |`);
    }
  });

  it("routes by event over severity, SMS for critical alerts only, among configured channels", () => {
    const r = new AlertRouting(
      { severity: { warning: ["telegram", "sms"] }, events: { "daily-summary": ["email"] } },
      ["telegram", "email", "sms"],
    );
    expect(r.channelsFor({ event: "no-ticks", severity: "warning" })).toEqual(["telegram"]);
    expect(r.channelsFor({ event: "daily-summary", severity: "info" })).toEqual(["email"]);
    expect(r.channelsFor({ event: "kill-switch-on", severity: "critical" })).toEqual([
      "telegram",
      "email",
      "sms",
    ]);
    const tgOnly = new AlertRouting({}, ["telegram"]);
    expect(tgOnly.channelsFor({ event: "kill-switch-on", severity: "critical" })).toEqual(["telegram"]);
    expect(tgOnly.failover(["telegram"])).toBeUndefined();
    expect(r.failover(["telegram"])).toBe("email");
  });
});
