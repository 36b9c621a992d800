import { HydraError } from "../../core/errors.js";
import type { OptimizeStore, OptimizeUnitRow } from "../optimize-store.js";
import { redactDbUrl } from "./db-url.js";
import type { PgSyncClient } from "./pg-sync-client.js";
import { openPostgres } from "./postgres-database.js";

/**
 * `hydra optimize`'s results in PostgreSQL (optimize_runs, optimize_units; migration 5): a run is
 * keyed by its configuration's id, not by a node, so a run interrupted on one host resumes on any
 * other; each row says which node started the run or computed the backtest (node_id).
 */
export class PostgresOptimizeStore implements OptimizeStore {
  readonly where: string;

  private constructor(
    private readonly client: PgSyncClient,
    private readonly nodeId: string,
  ) {
    this.where = redactDbUrl(client.url);
  }

  static open(url: string, nodeId: string, nowWallMs: number): PostgresOptimizeStore {
    return new PostgresOptimizeStore(openPostgres(url, nowWallMs), nodeId);
  }

  runConfig(runId: string): string | undefined {
    return this.client.query<{ config: string }>("SELECT config FROM optimize_runs WHERE run_id = $1", [
      runId,
    ]).rows[0]?.config;
  }

  startRun(runId: string, config: string, units: number): void {
    // two hosts starting one run at once: the first insert wins, the second finds it
    this.client.query(
      "INSERT INTO optimize_runs (run_id, config, units, node_id) VALUES ($1, $2, $3, $4) ON CONFLICT (run_id) DO NOTHING",
      [runId, config, units, this.nodeId],
    );
    if (this.runConfig(runId) !== config)
      throw new HydraError("STORAGE", `optimisation run ${runId} is stored with another configuration`, {
        runId,
      });
  }

  saveUnit(runId: string, u: OptimizeUnitRow): void {
    this.client.query(
      `INSERT INTO optimize_units (run_id, trial, segment, params, trades, net_profit, days, returns, node_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (run_id, trial, segment) DO UPDATE SET params = excluded.params, trades = excluded.trades,
         net_profit = excluded.net_profit, days = excluded.days, returns = excluded.returns, node_id = excluded.node_id`,
      [
        runId,
        u.trial,
        u.segment,
        u.params,
        u.trades,
        u.netProfit,
        JSON.stringify(u.days),
        JSON.stringify(u.returns),
        this.nodeId,
      ],
    );
  }

  units(runId: string): OptimizeUnitRow[] {
    return this.client
      .query<{
        trial: number;
        segment: string;
        params: string;
        trades: number;
        net_profit: number;
        days: string;
        returns: string;
      }>(
        // byte order, as SQLite sorts
        `SELECT trial, segment, params, trades, net_profit, days, returns FROM optimize_units
         WHERE run_id = $1 ORDER BY trial, segment COLLATE "C"`,
        [runId],
      )
      .rows.map((r) => ({
        trial: r.trial,
        segment: r.segment,
        params: r.params,
        trades: r.trades,
        netProfit: r.net_profit,
        days: JSON.parse(r.days) as string[],
        returns: JSON.parse(r.returns) as number[],
      }));
  }

  close(): void {
    this.client.close();
  }
}
