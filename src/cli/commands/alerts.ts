import { existsSync } from "node:fs";
import type { Command } from "commander";
import { channelsFromEnv } from "../../alerts/channels/channels-from-env.js";
import { renderAlerts } from "../../alerts/render.js";
import { LiveClock } from "../../core/clock.js";
import { HydraError } from "../../core/errors.js";
import { SqliteAlertOutbox } from "../../persistence/sqlite-alert-outbox.js";
import type { CliIo } from "../io.js";
import { numberOption } from "../options.js";
import { DEFAULT_DB, databasePath } from "./kill-switch.js";

interface AlertsFlags {
  db?: string;
  json?: boolean;
  limit?: string;
}

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** `hydra alerts`: recent alerts and where each went; `hydra alerts test`: a test message to every channel. */
export function registerAlerts(program: Command, io: CliIo): void {
  const alerts = program
    .command("alerts")
    .description("the node's recent alerts and their delivery state per channel (from its database)")
    .option("--db <path>", `SQLite database (default: $HYDRA_DB, else ${DEFAULT_DB})`)
    .option("--limit <n>", "how many of the latest alerts (default 50)")
    .option("--json", "print them as JSON")
    .action((flags: AlertsFlags) => {
      const db = databasePath(flags.db, process.env);
      const limit = numberOption("--limit", flags.limit, { integer: true, min: 1 }) ?? 50;
      if (!existsSync(db))
        throw new HydraError("CLI_USAGE", `--db: no database at ${db} (a node creates it when it starts)`, {
          field: "--db",
        });
      const outbox = SqliteAlertOutbox.open(db);
      try {
        const list = outbox.recent(limit);
        if (flags.json === true) {
          io.out(`${JSON.stringify(list)}\n`);
          return;
        }
        if (list.length === 0) {
          io.out(`no alert in ${db}\n`);
          return;
        }
        for (const a of list) {
          const facts = Object.entries(a.facts)
            .map(([k, v]) => `${k}=${v}`)
            .join(" ");
          const where =
            a.deliveries.length === 0
              ? "recorded only (no channel)"
              : a.deliveries
                  .map((d) =>
                    d.state === "sent"
                      ? `${d.channel} sent ${iso(d.atMs)}${d.attempts > 0 ? ` after ${d.attempts} failed attempt(s)` : ""}`
                      : `${d.channel} PENDING${d.attempts > 0 ? ` (${d.attempts} failed: ${d.lastError ?? "?"}; next ${iso(d.atMs)})` : ""}`,
                  )
                  .join("; ");
          io.out(
            `#${a.id} ${iso(a.wallMs)} (wall) ${a.severity} ${a.event} [${a.node}] ${facts} → ${where}\n`,
          );
        }
      } finally {
        outbox.close();
      }
    });
  alerts
    .command("test")
    .description(
      "send a test message to every configured channel (Telegram, SMS, email) and say how each went",
    )
    .action(async () => {
      const { channels } = channelsFromEnv(process.env);
      if (channels.length === 0)
        throw new HydraError(
          "CONFIG_INVALID",
          "no alert channel configured: set TELEGRAM_TOKEN and TELEGRAM_CHAT_ID, TWILIO_SID…, or SMTP_HOST… (see README, Alerts)",
          { field: "TELEGRAM_TOKEN" },
        );
      const now = new LiveClock().now();
      const message = renderAlerts([
        {
          key: `test:${now}`,
          event: "test",
          severity: "info",
          node: "cli",
          wallMs: now,
          marketMs: null,
          facts: { message: "a test from hydra alerts test: this channel works" },
        },
      ]);
      let failed = 0;
      for (const c of channels) {
        try {
          await c.send(message);
          io.out(`${c.name}: sent\n`);
        } catch (e) {
          failed++;
          io.out(`${c.name}: FAILED: ${e instanceof Error ? e.message : String(e)}\n`);
        }
        (c as { close?: () => void }).close?.();
      }
      if (failed > 0)
        throw new HydraError("RUN_FAILED", `alerts test: ${failed} of ${channels.length} channel(s) failed`, {
          failed,
        });
    });
}
