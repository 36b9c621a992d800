import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TestClock } from "../core/clock.js";
import { alertsKeep } from "../persistence/alerts-keep.js";
import { SqliteAlertOutbox } from "../persistence/sqlite-alert-outbox.js";
import { AlertService } from "./alert-service.js";
import type { AlertChannel } from "./channels/channel.js";
import { SmtpChannel } from "./channels/smtp-channel.js";
import { TelegramApi } from "./channels/telegram-api.js";
import { TelegramChannel } from "./channels/telegram-channel.js";
import { AlertRouting, type AlertRoutingConfig } from "./routing.js";
import { FakeTelegram } from "./test-support/fake-telegram.js";
import { SmtpSink } from "./test-support/smtp-sink.js";

const CHAT = "4242";
let dir: string;
let tg: FakeTelegram;
let smtp: SmtpSink;
let outbox: SqliteAlertOutbox;
let clock: TestClock;
const lines: string[] = [];

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "hydra-alerts-"));
  tg = await FakeTelegram.start();
  smtp = await SmtpSink.start();
  outbox = SqliteAlertOutbox.open(path.join(dir, "node.db"));
  clock = new TestClock(Date.parse("2026-03-02T10:00:00Z"));
  lines.length = 0;
});
afterEach(async () => {
  outbox.close();
  await tg.close();
  await smtp.close();
  rmSync(dir, { recursive: true, force: true });
});

function service(config: AlertRoutingConfig = {}, withEmail = false): AlertService {
  const channels: AlertChannel[] = [new TelegramChannel(new TelegramApi(tg.url, tg.token), [CHAT])];
  if (withEmail)
    channels.push(
      new SmtpChannel({
        host: "127.0.0.1",
        port: smtp.port,
        secure: false,
        from: "hydra@localhost",
        to: ["ops@localhost"],
      }),
    );
  return new AlertService({
    outbox,
    routing: new AlertRouting(
      config,
      channels.map((c) => c.name),
    ),
    channels,
    wall: clock,
    secrets: [tg.token],
    log: (l) => lines.push(l),
  });
}

describe("the alert service: outbox, dispatcher, channels", () => {
  it("sends an alert to Telegram in MarkdownV2 the Bot API accepts, once per key", async () => {
    const s = service();
    const sink = s.sink("ftmo");
    sink.raise(
      "kill-switch-on",
      "ks:1",
      { reason: "drawdown (manual) 5.5% - stop!", by: "ops" },
      Date.parse("2024-03-05T13:00:00Z"),
    );
    sink.raise("kill-switch-on", "ks:1", { reason: "again" });
    await s.tick();
    await s.tick();
    expect(tg.sent).toHaveLength(1);
    const m = tg.sent[0]!;
    expect(m.parse_mode).toBe("MarkdownV2");
    expect(m.chat_id).toBe(CHAT);
    expect(m.text).toContain("CRITICAL kill\\-switch\\-on \\(ftmo\\)");
    expect(m.text).toContain("reason: drawdown \\(manual\\) 5\\.5% \\- stop\\!");
    expect(m.text).toContain("\\(market\\)");
    expect(outbox.recent(10)[0]!.deliveries).toEqual([
      expect.objectContaining({ channel: "telegram", state: "sent", attempts: 0 }),
    ]);
  });

  it("groups a burst into one message with a count", async () => {
    const s = service();
    for (let i = 0; i < 5; i++)
      s.sink("ftmo").raise("no-ticks", `nt:${i}`, { symbol: `S${i}`, silentS: 60 + i });
    await s.tick();
    expect(tg.sent).toHaveLength(1);
    expect(tg.sent[0]!.text).toContain("HYDRA 5 alerts \\(worst: warning\\)");
    for (let i = 0; i < 5; i++) expect(tg.sent[0]!.text).toContain(`symbol: S${i}`);
  });

  it("loses nothing in an outage: retries with backoff, then one grouped message", async () => {
    const s = service();
    tg.fail(502, 60_000);
    const sink = s.sink("ftmo");
    sink.raise("kill-switch-on", "a", { reason: "x" });
    await s.tick(); // attempt 1 fails: next in 1 s
    sink.raise("kill-switch-off", "b", { by: "ops" });
    sink.raise("bridge-down", "c", { since: "now" });
    const pending = outbox.recent(10).flatMap((a) => a.deliveries.map((d) => d.state));
    expect(pending).toEqual(["pending", "pending", "pending"]);
    const first = outbox.recent(10)[0]!.deliveries[0]!;
    expect(first.attempts).toBe(1);
    expect(first.lastError).toMatch(/telegram: sendMessage: HTTP 502/);
    expect(first.lastError).not.toContain(tg.token);
    // backoff: 1 s, 2 s, 4 s … (at most 60 s) for the channel: nothing is tried before the time
    // comes, and what was raised meanwhile waits with the rest
    clock.advance(500);
    const before = tg.requests.length;
    await s.tick();
    expect(tg.requests.length).toBe(before);
    clock.advance(500);
    await s.tick(); // attempt 2: all three, grouped, fail; next in 2 s
    expect(tg.requests.length).toBe(before + 1);
    expect(outbox.recent(10).map((a) => a.deliveries[0]!.attempts)).toEqual([2, 1, 1]);
    tg.heal();
    clock.advance(60_000);
    await s.tick();
    expect(tg.sent.filter((m) => m.text.includes("alerts"))).toHaveLength(1);
    const delivered = tg.sent.at(-1)!.text;
    expect(delivered).toContain("HYDRA 3 alerts");
    expect(outbox.recent(10).every((a) => a.deliveries.every((d) => d.state === "sent"))).toBe(true);
    expect(lines.some((l) => /delivered 3 alert\(s\) after/.test(l))).toBe(true);
  });

  it("honours Telegram's 429 retry_after", async () => {
    const s = service();
    tg.fail(429, 10_000, { retryAfterS: 7 });
    s.sink("hydra").raise("breaker-open", "br:1", { engine: "claude" });
    await s.tick();
    tg.heal();
    clock.advance(6_900);
    await s.tick();
    expect(tg.sent.filter((_, i) => i > 0)).toHaveLength(0);
    expect(outbox.recent(1)[0]!.deliveries[0]!.state).toBe("pending");
    clock.advance(100);
    await s.tick();
    expect(outbox.recent(1)[0]!.deliveries[0]!.state).toBe("sent");
  });

  it("sends a critical alert Telegram keeps failing to the next channel (email)", async () => {
    const s = service({ severity: { critical: ["telegram"] }, failoverAfter: 3 }, true);
    tg.fail(500, 600_000);
    s.sink("ftmo").raise("challenge-failed", "cf:1", {
      rule: "max-daily-loss",
      equity: 94_900.12,
      floor: 95_000,
    });
    for (let i = 0; i < 3; i++) {
      await s.tick();
      clock.advance(60_000);
    }
    expect(smtp.mails).toHaveLength(0);
    await s.tick();
    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0]!.raw;
    expect(mail).toContain("Subject: HYDRA CRITICAL challenge-failed (ftmo)");
    expect(mail).toContain("text/plain");
    expect(mail).toContain("text/html");
    expect(mail).toContain("rule: max-daily-loss");
    const d = outbox.recent(1)[0]!.deliveries;
    expect(d.map((x) => [x.channel, x.state])).toEqual([
      ["email", "sent"],
      ["telegram", "pending"],
    ]);
    // a warning is not failed over
    s.sink("ftmo").raise("no-ticks", "nt", { symbol: "XAUUSD" });
    for (let i = 0; i < 5; i++) {
      await s.tick();
      clock.advance(60_000);
    }
    expect(smtp.mails).toHaveLength(2); // the warning went to email by its own route, once
  });

  it("keeps to the channel's rate limit: what comes beyond it goes out as one message when the minute is up", async () => {
    const s = service({ perMinute: { telegram: 2 } });
    const sink = s.sink("ftmo");
    sink.raise("bridge-down", "1", {});
    await s.tick();
    clock.advance(1000);
    sink.raise("bridge-up", "2", {});
    await s.tick();
    clock.advance(1000);
    for (let i = 3; i <= 6; i++) sink.raise("no-ticks", String(i), { symbol: `S${i}` });
    await s.tick();
    expect(tg.sent).toHaveLength(2);
    clock.advance(58_500);
    await s.tick();
    expect(tg.sent).toHaveLength(3);
    expect(tg.sent[2]!.text).toContain("HYDRA 4 alerts");
  });

  it("holds info alerts raised in quiet hours until they end (wall clock, in the zone)", async () => {
    // 10:00 UTC = 11:00 in Prague (winter): quiet 10:30–12:00 Prague
    const s = service({ quietHours: { from: "10:30", to: "12:00", zone: "Europe/Prague" } });
    s.sink("ftmo").raise("daily-summary", "ds", { day: "2026-03-01", pnl: 12.5 });
    s.sink("ftmo").raise("kill-switch-on", "ks", { reason: "r" });
    await s.tick();
    expect(tg.sent).toHaveLength(1);
    expect(tg.sent[0]!.text).toContain("kill\\-switch\\-on");
    clock.set(Date.parse("2026-03-02T10:59:59Z"));
    await s.tick();
    expect(tg.sent).toHaveLength(1);
    clock.set(Date.parse("2026-03-02T11:00:00Z"));
    await s.tick();
    expect(tg.sent).toHaveLength(2);
    expect(tg.sent[1]!.text).toContain("daily\\-summary");
  });

  it("records alerts with no channel configured (hydra alerts lists them)", async () => {
    const s = new AlertService({
      outbox,
      routing: new AlertRouting({}, []),
      channels: [],
      wall: clock,
      secrets: [],
      log: (l) => lines.push(l),
    });
    s.sink("ftmo").raise("kill-switch-on", "k", { reason: "r" });
    await s.tick();
    expect(outbox.recent(5)).toHaveLength(1);
    expect(outbox.recent(5)[0]!.deliveries).toEqual([]);
    expect(lines.join("\n")).toContain("no channel: recorded only");
  });

  it("keeps the newest HYDRA_ALERTS_KEEP alerts, and never deletes one still due", () => {
    const small = SqliteAlertOutbox.open(path.join(dir, "small.db"), 3);
    const alert = (i: number) => ({
      key: `k${i}`,
      event: "daily-summary",
      severity: "info" as const,
      node: "ftmo",
      wallMs: i,
      marketMs: null,
      facts: {},
    });
    // the first is due on Telegram and never taken; the others are recorded (no channel) or sent
    small.add(alert(0), ["telegram"], 0);
    for (let i = 1; i <= 20; i++) {
      const id = small.add(alert(i), i % 2 === 0 ? ["telegram"] : [], 0)!;
      if (i % 2 === 0) small.sent([id], "telegram", i);
    }
    const kept = small.recent(100).map((a) => a.key);
    expect(kept).toEqual(["k0", "k18", "k19", "k20"]);
    small.close();
    expect(alertsKeep(undefined)).toBe(10_000);
    expect(alertsKeep("50")).toBe(50);
    for (const bad of ["0", "-1", "lots", "2.5"])
      expect(() => alertsKeep(bad)).toThrow(/HYDRA_ALERTS_KEEP must be a whole number of alerts >= 1/);
  });
});
