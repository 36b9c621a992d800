import type { PgSyncClient } from "./pg-sync-client.js";

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * The schema, one versioned step after another; a step, once released, is never edited (add the next).
 * Times are epoch ms (BIGINT, wall time where the column says so); every row a node writes carries its
 * node id.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "kill switch and node registry",
    sql: `
CREATE TABLE guardian_state (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  kill_switch BOOLEAN NOT NULL DEFAULT FALSE,
  reason      TEXT,
  updated_at  BIGINT,
  updated_by  TEXT
);
INSERT INTO guardian_state (id, kill_switch, reason, updated_at, updated_by) VALUES (1, FALSE, '', 0, '');
CREATE TABLE node_processes (
  node_id           TEXT NOT NULL,
  host              TEXT NOT NULL,
  pid               INTEGER NOT NULL,
  name              TEXT NOT NULL,
  started_at_wall   BIGINT NOT NULL,
  last_poll_at_wall BIGINT NOT NULL,
  halted            BOOLEAN NOT NULL DEFAULT FALSE,
  PRIMARY KEY (host, pid)
);`,
  },
  {
    version: 2,
    name: "HYDRA journal (copied from each node's SQLite)",
    // the columns of the SQLite journal, each row keyed by its node and its id in that node's file
    sql: `
CREATE TABLE hydra_trades (
  node_id TEXT NOT NULL, id BIGINT NOT NULL, trade_id TEXT NOT NULL, run_id BIGINT NOT NULL,
  timestamp TEXT NOT NULL, engine TEXT NOT NULL, asset TEXT NOT NULL, direction TEXT NOT NULL,
  status TEXT NOT NULL, outcome TEXT NOT NULL, pnl DOUBLE PRECISION NOT NULL,
  pnl_percent DOUBLE PRECISION NOT NULL, volume DOUBLE PRECISION NOT NULL,
  entry_price DOUBLE PRECISION NOT NULL, exit_price DOUBLE PRECISION NOT NULL, open_time TEXT NOT NULL,
  exit_reason TEXT NOT NULL, gross_pnl DOUBLE PRECISION NOT NULL, commission DOUBLE PRECISION NOT NULL,
  recorded_wall TEXT NOT NULL, PRIMARY KEY (node_id, id), UNIQUE (node_id, trade_id)
);
CREATE TABLE hydra_decisions (
  node_id TEXT NOT NULL, id BIGINT NOT NULL, run_id BIGINT NOT NULL, cycle BIGINT NOT NULL,
  market_time TEXT NOT NULL, recorded_wall TEXT NOT NULL, engine TEXT NOT NULL, template TEXT NOT NULL,
  prompt_hash TEXT NOT NULL, decision TEXT, cause TEXT, detail TEXT, input_tokens BIGINT NOT NULL,
  output_tokens BIGINT NOT NULL, cost_usd DOUBLE PRECISION NOT NULL, latency_ms DOUBLE PRECISION NOT NULL,
  outcome TEXT NOT NULL, PRIMARY KEY (node_id, id)
);
CREATE TABLE tournament_scores (
  node_id TEXT NOT NULL, engine TEXT NOT NULL, timestamp TEXT NOT NULL, label TEXT NOT NULL,
  rank INTEGER NOT NULL, weight DOUBLE PRECISION NOT NULL, total_points DOUBLE PRECISION NOT NULL,
  realized_pnl DOUBLE PRECISION NOT NULL, trades BIGINT NOT NULL, wins BIGINT NOT NULL,
  sharpe DOUBLE PRECISION, max_drawdown_pct DOUBLE PRECISION NOT NULL,
  llm_cost_usd DOUBLE PRECISION NOT NULL, net_of_cost DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (node_id, engine)
);
CREATE TABLE tournament_history (
  node_id TEXT NOT NULL, id BIGINT NOT NULL, run_id BIGINT NOT NULL, timestamp TEXT NOT NULL,
  engine TEXT NOT NULL, label TEXT NOT NULL, rank INTEGER NOT NULL, weight DOUBLE PRECISION NOT NULL,
  total_points DOUBLE PRECISION NOT NULL, realized_pnl DOUBLE PRECISION NOT NULL, trades BIGINT NOT NULL,
  wins BIGINT NOT NULL, sharpe DOUBLE PRECISION, max_drawdown_pct DOUBLE PRECISION NOT NULL,
  llm_cost_usd DOUBLE PRECISION NOT NULL, net_of_cost DOUBLE PRECISION NOT NULL, PRIMARY KEY (node_id, id)
);
CREATE TABLE hydra_asks (
  node_id TEXT NOT NULL, id BIGINT NOT NULL, run_id BIGINT NOT NULL, cycle BIGINT NOT NULL,
  market_time TEXT NOT NULL, recorded_wall TEXT NOT NULL, engine TEXT NOT NULL, cause TEXT,
  decisions INTEGER NOT NULL, input_tokens BIGINT NOT NULL, output_tokens BIGINT NOT NULL,
  cost_usd DOUBLE PRECISION NOT NULL, latency_ms DOUBLE PRECISION NOT NULL, PRIMARY KEY (node_id, id)
);
CREATE TABLE hydra_marks (
  node_id TEXT NOT NULL, desk TEXT NOT NULL, point TEXT NOT NULL, day TEXT NOT NULL,
  market_time TEXT NOT NULL, run_id BIGINT NOT NULL, equity DOUBLE PRECISION NOT NULL, prices TEXT NOT NULL,
  PRIMARY KEY (node_id, desk, point, day)
);
CREATE INDEX hydra_trades_engine ON hydra_trades (engine);
CREATE INDEX hydra_trades_time ON hydra_trades (timestamp);
CREATE INDEX hydra_decisions_wall ON hydra_decisions (recorded_wall);
CREATE INDEX tournament_history_time ON tournament_history (timestamp);`,
  },
  {
    version: 3,
    name: "alerts (copied from each node's outbox)",
    // the outbox itself stays in the node's SQLite file: an alert that PostgreSQL is lost must be kept
    sql: `
CREATE TABLE alerts (
  node_id TEXT NOT NULL, id BIGINT NOT NULL, key TEXT NOT NULL, event TEXT NOT NULL, severity TEXT NOT NULL,
  node TEXT NOT NULL, wall_ms BIGINT NOT NULL, market_ms BIGINT, facts TEXT NOT NULL,
  PRIMARY KEY (node_id, id)
);
CREATE INDEX alerts_wall ON alerts (wall_ms);`,
  },
  {
    version: 4,
    name: "alert deliveries (copied from each node's outbox)",
    // each alert's state per channel as the node's outbox holds it (pending, sent), a second behind
    sql: `
CREATE TABLE alert_deliveries (
  node_id TEXT NOT NULL, alert_id BIGINT NOT NULL, channel TEXT NOT NULL, state TEXT NOT NULL,
  attempts INTEGER NOT NULL, at_ms BIGINT NOT NULL, last_error TEXT,
  PRIMARY KEY (node_id, alert_id, channel)
);
CREATE INDEX alert_deliveries_pending ON alert_deliveries (node_id) WHERE state = 'pending';`,
  },
  {
    version: 5,
    name: "optimisation results",
    // a run is keyed by its configuration's id (any node may resume it); node_id: who started or computed
    sql: `
CREATE TABLE optimize_runs (
  run_id TEXT PRIMARY KEY, config TEXT NOT NULL, units INTEGER NOT NULL, node_id TEXT NOT NULL
);
CREATE TABLE optimize_units (
  run_id TEXT NOT NULL REFERENCES optimize_runs (run_id), trial INTEGER NOT NULL, segment TEXT NOT NULL,
  params TEXT NOT NULL, trades INTEGER NOT NULL, net_profit DOUBLE PRECISION NOT NULL, days TEXT NOT NULL,
  returns TEXT NOT NULL, node_id TEXT NOT NULL, PRIMARY KEY (run_id, trial, segment)
);`,
  },
  {
    version: 6,
    name: "engine commands and the control journal",
    // engine_commands: asked by the CLI of any host, read by the node whose id they carry;
    // control_actions: copied from each node's SQLite file (its API's and its Telegram bot's actions)
    sql: `
CREATE TABLE engine_commands (
  id BIGSERIAL PRIMARY KEY, node_id TEXT NOT NULL, engine TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('pause', 'resume')), requested_wall TEXT NOT NULL,
  requested_by TEXT NOT NULL, applied_wall TEXT, outcome TEXT
);
CREATE INDEX engine_commands_pending ON engine_commands (node_id) WHERE applied_wall IS NULL;
CREATE TABLE control_actions (
  node_id TEXT NOT NULL, id BIGINT NOT NULL, at_wall TEXT NOT NULL, node TEXT NOT NULL, who TEXT NOT NULL,
  action TEXT NOT NULL, PRIMARY KEY (node_id, id)
);`,
  },
  {
    version: 7,
    name: "HYDRA state (copied from each node's SQLite)",
    // the checkpoint a node resumes from, so that `hydra db copy --from postgres://…` rebuilds its file on another host
    sql: `
CREATE TABLE hydra_runs (
  node_id TEXT NOT NULL, run_id BIGINT NOT NULL, started_wall TEXT NOT NULL, saved_wall TEXT,
  PRIMARY KEY (node_id, run_id)
);
CREATE TABLE hydra_state (
  node_id TEXT NOT NULL, id INTEGER NOT NULL, run_id BIGINT NOT NULL, saved_wall TEXT NOT NULL,
  last_market_time TEXT NOT NULL, cycles BIGINT NOT NULL, state TEXT NOT NULL, PRIMARY KEY (node_id, id)
);`,
  },
  {
    version: 8,
    name: "HYDRA lessons",
    // each engine's current lessons as the node's state store keeps them (also inside hydra_state's JSON), readable with SQL
    sql: `
CREATE TABLE hydra_lessons (
  node_id TEXT NOT NULL, engine TEXT NOT NULL, version TEXT NOT NULL, text TEXT NOT NULL, sample BIGINT NOT NULL,
  position INTEGER NOT NULL, run_id BIGINT NOT NULL, saved_wall TEXT NOT NULL, PRIMARY KEY (node_id, engine, version)
);`,
  },
  {
    version: 9,
    name: "node lives and runs (written natively, per node id)",
    // the columns of the SQLite tables node_lives and node_runs, keyed by node id too. No UNIQUE
    // (node_id, key) on alerts: the copy keeps alerts the outbox deleted, whose key may have come again
    // (a test shows it), so such a step would fail on a copied database; the store deduplicates keys itself
    sql: `
CREATE TABLE node_lives (
  node_id TEXT NOT NULL, node TEXT NOT NULL, run TEXT NOT NULL, started_wall BIGINT NOT NULL,
  stopped_clean INTEGER NOT NULL CHECK (stopped_clean IN (0, 1)), PRIMARY KEY (node_id, node)
);
CREATE TABLE node_runs (
  node_id TEXT NOT NULL, id BIGINT NOT NULL, command TEXT NOT NULL, mode TEXT NOT NULL,
  started_at_wall BIGINT NOT NULL, PRIMARY KEY (node_id, id)
);`,
  },
  {
    version: 10,
    name: "FTMO trading journal and checkpoint",
    // the tables of the node's SQLite trading journal, each row keyed by its node too; market times are
    // DOUBLE PRECISION, not BIGINT: a market clock at a fractional --speed gives fractional ms, which
    // SQLite keeps as they are (every integer ms up to 2^53 is exact in a double)
    sql: `
CREATE TABLE trades (
  node_id TEXT NOT NULL, id BIGINT NOT NULL, position_id TEXT NOT NULL, bot TEXT NOT NULL, symbol TEXT NOT NULL,
  side TEXT NOT NULL, volume DOUBLE PRECISION NOT NULL, open_market_ms DOUBLE PRECISION NOT NULL,
  open_price DOUBLE PRECISION NOT NULL, close_market_ms DOUBLE PRECISION NOT NULL,
  close_price DOUBLE PRECISION NOT NULL, gross_pnl DOUBLE PRECISION NOT NULL,
  commission DOUBLE PRECISION NOT NULL, swap DOUBLE PRECISION NOT NULL DEFAULT 0,
  net_pnl DOUBLE PRECISION NOT NULL, exit_reason TEXT NOT NULL, PRIMARY KEY (node_id, id),
  UNIQUE (node_id, position_id, close_market_ms, volume, close_price)
);
CREATE TABLE orders (
  node_id TEXT NOT NULL, id TEXT NOT NULL, bot TEXT NOT NULL, symbol TEXT NOT NULL, side TEXT NOT NULL,
  type TEXT NOT NULL, volume DOUBLE PRECISION NOT NULL, state TEXT NOT NULL, reason TEXT, code TEXT,
  created_market_ms DOUBLE PRECISION NOT NULL, updated_market_ms DOUBLE PRECISION NOT NULL,
  fill_price DOUBLE PRECISION, PRIMARY KEY (node_id, id)
);
CREATE TABLE positions (
  node_id TEXT NOT NULL, id TEXT NOT NULL, bot TEXT NOT NULL, symbol TEXT NOT NULL, side TEXT NOT NULL,
  volume DOUBLE PRECISION NOT NULL, open_price DOUBLE PRECISION NOT NULL,
  open_market_ms DOUBLE PRECISION NOT NULL, sl DOUBLE PRECISION, tp DOUBLE PRECISION,
  PRIMARY KEY (node_id, id)
);
CREATE TABLE daily_stats (
  node_id TEXT NOT NULL, day TEXT NOT NULL, start_market_ms DOUBLE PRECISION NOT NULL,
  start_balance DOUBLE PRECISION NOT NULL, start_equity DOUBLE PRECISION, end_balance DOUBLE PRECISION NOT NULL,
  end_equity DOUBLE PRECISION NOT NULL, min_equity DOUBLE PRECISION NOT NULL,
  max_equity DOUBLE PRECISION NOT NULL, realized_pnl DOUBLE PRECISION NOT NULL, opened INTEGER NOT NULL,
  closed INTEGER NOT NULL, PRIMARY KEY (node_id, day)
);
CREATE TABLE rule_state (
  node_id TEXT PRIMARY KEY, json TEXT NOT NULL, updated_market_ms DOUBLE PRECISION NOT NULL
);
CREATE TABLE ftmo_checkpoints (
  node_id TEXT PRIMARY KEY, json TEXT NOT NULL, saved_wall BIGINT NOT NULL
);`,
  },
];

export interface MigrationState {
  version: number;
  name: string;
  /** wall time (epoch ms) it was applied; null when pending */
  appliedAt: number | null;
}

const LEDGER = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at_wall BIGINT NOT NULL)`;

// any constant: nodes that start together take turns to migrate
const MIGRATION_LOCK = 190_001;

/** Each migration and when it was applied (null: pending). */
export function migrationStatus(
  client: PgSyncClient,
  migrations: readonly Migration[] = MIGRATIONS,
): MigrationState[] {
  const ledger = client.query<{ present: boolean }>(
    "SELECT to_regclass('schema_migrations') IS NOT NULL AS present",
  ).rows[0]?.present;
  const applied = new Map<number, number>();
  if (ledger === true)
    for (const r of client.query<{ version: number; applied_at_wall: number }>(
      "SELECT version, applied_at_wall FROM schema_migrations",
    ).rows)
      applied.set(r.version, r.applied_at_wall);
  return migrations.map((m) => ({
    version: m.version,
    name: m.name,
    appliedAt: applied.get(m.version) ?? null,
  }));
}

/**
 * Applies the pending migrations in order, in one transaction (all or none: PostgreSQL's DDL is
 * transactional), under an advisory lock so that nodes starting at once do not apply one twice.
 * Returns the versions it applied.
 */
export function migrate(
  client: PgSyncClient,
  nowWallMs: number,
  migrations: readonly Migration[] = MIGRATIONS,
): number[] {
  const done: number[] = [];
  client.transaction(() => {
    client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
    client.query(LEDGER);
    const applied = new Set(
      client.query<{ version: number }>("SELECT version FROM schema_migrations").rows.map((r) => r.version),
    );
    for (const m of migrations) {
      if (applied.has(m.version)) continue;
      client.query(m.sql);
      client.query("INSERT INTO schema_migrations (version, name, applied_at_wall) VALUES ($1, $2, $3)", [
        m.version,
        m.name,
        nowWallMs,
      ]);
      done.push(m.version);
    }
  });
  return done;
}
