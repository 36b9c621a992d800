import { existsSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { LiveClock } from "../../core/clock.js";
import { HydraError } from "../../core/errors.js";
import { type Env, killSwitchFromEnv } from "../../risk/kill-switch/kill-switch-env.js";
import { type KillSwitchRecord, NEVER_SET } from "../../risk/kill-switch/kill-switch-store.js";
import type { NodeProcess } from "../../risk/kill-switch/process-registry.js";
import { openSharedStores } from "../../runtime/node/shared-stores.js";
import type { CliIo } from "../io.js";

const ACTIONS = ["on", "off", "status"] as const;
type Action = (typeof ACTIONS)[number];
export const DEFAULT_DB = path.join("data", "hydra", "hydra.db");

interface KillSwitchFlags {
  db?: string;
  reason?: string;
  json?: boolean;
}

/** --db, else HYDRA_DB, else data/hydra/hydra.db; relative paths against the working directory. */
export function databasePath(flag: string | undefined, env: Env): string {
  const fromEnv = env.HYDRA_DB === "" ? undefined : env.HYDRA_DB;
  return path.resolve(flag ?? fromEnv ?? DEFAULT_DB);
}

const iso = (ms: number): string | null => (ms > 0 ? new Date(ms).toISOString() : null);

function describeRecord(r: KillSwitchRecord): string {
  if (r.updatedAt === 0 && r.updatedBy === "") return r.active ? "on" : "off (never set)";
  const why = r.reason === "" ? "" : `, reason "${r.reason}"`;
  return `${r.active ? "on" : "off"}${why}, at ${iso(r.updatedAt) ?? "?"} by ${r.updatedBy || "?"}`;
}

export function registerKillSwitch(program: Command, io: CliIo, env: Env = process.env): void {
  program
    .command("kill-switch")
    .description(
      "turn the shared kill switch on or off, or show it; every running HYDRA process polling the same database halts within a second",
    )
    .argument("<action>", "on, off or status")
    .option("--db <path>", `SQLite database (default: $HYDRA_DB, else ${DEFAULT_DB})`)
    .option("--reason <text>", "why (stored with the switch, shown in the trading-state history)")
    .option("--json", "print the record as JSON")
    .action((action: string, flags: KillSwitchFlags) => {
      if (!(ACTIONS as readonly string[]).includes(action))
        throw new HydraError(
          "CLI_USAGE",
          `kill-switch: the action must be on, off or status, got "${action}"`,
          {
            field: "action",
          },
        );
      const path = databasePath(flags.db, env);
      const envActive = killSwitchFromEnv(env);
      const { record, list, db } = run(action as Action, path, flags.reason, env);
      const active = record.active || envActive;
      const now = new LiveClock().now();
      const processes = list.map((p) => ({
        ...(p.host === undefined ? {} : { host: p.host, node: p.node }),
        pid: p.pid,
        name: p.name,
        startedAt: iso(p.startedAt),
        lastPollAt: iso(p.lastPollAt),
        lastPollAgoMs: now - p.lastPollAt,
        halted: p.halted,
        // a process that has not polled for 5 s is gone (SIGKILL, crash) or stuck
        alive: now - p.lastPollAt <= STALE_POLL_MS,
      }));
      if (flags.json) {
        const { active: storeActive, reason, updatedBy } = record;
        const at = iso(record.updatedAt);
        const json = { active, storeActive, reason, updatedAt: at, updatedBy, envActive, db, processes };
        io.out(`${JSON.stringify(json)}\n`);
        return;
      }
      const rows = processes.map(
        (p) =>
          `    ${p.node === undefined ? String(p.pid).padStart(7) : p.node}  ${p.name.padEnd(9)}  last poll ${p.lastPollAt} (wall, ${(p.lastPollAgoMs / 1000).toFixed(1)} s ago)  ${p.alive ? (p.halted ? "halted" : "trading") : "NOT POLLING"}`,
      );
      io.out(
        `kill switch: ${active ? "ACTIVE (trading halted)" : "inactive"}\n` +
          `  store: ${describeRecord(record)} (${db})\n` +
          `  env KILL_SWITCH: ${envActive ? `set (${env.KILL_SWITCH}) in this shell` : "not set in this shell"}\n` +
          `  processes that honour it: ${processes.length === 0 ? "none running" : `${processes.length}\n      pid  name       last poll`}\n` +
          rows.map((r) => `${r}\n`).join(""),
      );
      if (action === "off" && envActive)
        io.err(
          "hydra: note: KILL_SWITCH is set in this environment; processes started with it stay halted\n",
        );
    });
}

/** a process whose last poll is older than this is reported as not polling */
const STALE_POLL_MS = 5000;

/** Reads or writes the switch and lists the processes, in SQLite (`file`) or HYDRA_DB_URL's PostgreSQL. */
function run(
  action: Action,
  file: string,
  reason: string | undefined,
  env: Env,
): { record: KillSwitchRecord; list: NodeProcess[]; db: string } {
  const postgres = (env.HYDRA_DB_URL ?? "") !== "";
  // a status of a SQLite file that does not exist: never set, nobody running (and no file created)
  if (action === "status" && !postgres && !existsSync(file))
    return { record: { ...NEVER_SET }, list: [], db: file };
  const now = new LiveClock().now();
  const shared = openSharedStores(file, env, now);
  try {
    const why = reason ?? (action === "on" ? "manual" : "");
    const record =
      action === "status"
        ? shared.killSwitch.read()
        : shared.killSwitch.write(action === "on", why, now, "cli");
    return { record, list: shared.registry.list(), db: shared.where };
  } finally {
    shared.close();
  }
}
