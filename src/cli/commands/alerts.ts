import { existsSync } from "node:fs";
import type { Command } from "commander";
import { channelsFromEnv } from "../../alerts/channels/channels-from-env.js";
import type { AlertRecord } from "../../alerts/outbox.js";
import { renderAlerts } from "../../alerts/render.js";
import { LiveClock } from "../../core/clock.js";
import { HydraError } from "../../core/errors.js";
import { redactDbUrl } from "../../persistence/postgres/db-url.js";
import { migrate } from "../../persistence/postgres/migrations.js";
import { PgSyncClient } from "../../persistence/postgres/pg-sync-client.js";
import { recentNodeAlerts } from "../../persistence/postgres/postgres-alerts.js";
import { SqliteAlertOutbox } from "../../persistence/sqlite-alert-outbox.js";
import type { CliIo } from "../io.js";
import { numberOption } from "../options.js";
import { postgresUrl } from "./db-postgres.js";
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
    .option(
      "--db <path>",
      `SQLite database (default: $HYDRA_DB, else ${DEFAULT_DB}); without it, HYDRA_DB_URL lists every node's alerts in PostgreSQL`,
    )
    .option("--limit <n>", "how many of the latest alerts (default 50)")
    .option("--json", "print them as JSON")
    .action((flags: AlertsFlags) => {
      const limit = numberOption("--limit", flags.limit, { integer: true, min: 1 }) ?? 50;
      // HYDRA_DB_URL (unless --db names a file): every node's alerts, as copied to PostgreSQL
      if (flags.db === undefined && (process.env.HYDRA_DB_URL ?? "") !== "") {
        const url = postgresUrl("alerts", undefined, process.env);
        const client = new PgSyncClient(url);
        try {
          migrate(client, new LiveClock().now());
          printAlerts(recentNodeAlerts(client, limit), redactDbUrl(url), flags.json === true, io);
        } finally {
          client.close();
        }
        return;
      }
      const db = databasePath(flags.db, process.env);
      if (!existsSync(db))
        throw new HydraError("CLI_USAGE", `--db: no database at ${db} (a node creates it when it starts)`, {
          field: "--db",
        });
      const outbox = SqliteAlertOutbox.open(db);
      try {
        printAlerts(outbox.recent(limit), db, flags.json === true, io);
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

/** one line an alert (on a shared database, headed by its node's id), or JSON */
function printAlerts(
  list: ReadonlyArray<AlertRecord & { nodeId?: string }>,
  where: string,
  json: boolean,
  io: CliIo,
): void {
  if (json) {
    io.out(`${JSON.stringify(list)}\n`);
    return;
  }
  if (list.length === 0) {
    io.out(`no alert in ${where}\n`);
    return;
  }
  for (const a of list) {
    const facts = Object.entries(a.facts)
      .map(([k, v]) => `${k}=${v}`)
      .join(" ");
    const went =
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
      `${a.nodeId === undefined ? "" : `${a.nodeId} `}#${a.id} ${iso(a.wallMs)} (wall) ${a.severity} ${a.event} [${a.node}] ${facts} → ${went}\n`,
    );
  }
}
