import { HydraError } from "../../core/errors.js";
import { toIsoUtc } from "../../core/time.js";
import type { SavedHydraRun } from "../../hydra/orchestrator/hydra-state.js";
import type { HydraStateStoreHandle } from "../hydra-journal-store.js";
import { redactDbUrl } from "./db-url.js";
import { insertRows, lastOfEachKey } from "./pg-rows.js";
import type { PgSyncClient } from "./pg-sync-client.js";

/**
 * One node's HYDRA tournament state in PostgreSQL: hydra_runs and hydra_state (migration 7, the tables
 * `hydra db copy` restores a node's file from) and hydra_lessons (migration 8), with the values
 * SqliteHydraState writes, each row under the node's id. Run ids are the node's own: counted on from its
 * highest at open. The store does not own the connection.
 */
export class PostgresHydraState implements HydraStateStoreHandle {
  private lastRun: number;
  private closed = false;
  private readonly where: string;

  constructor(
    private readonly client: PgSyncClient,
    readonly nodeId: string,
  ) {
    this.where = `hydra_state of node ${nodeId} (${redactDbUrl(client.url)})`;
    this.lastRun = client.query<{ m: number }>(
      "SELECT COALESCE(MAX(run_id), 0) AS m FROM hydra_runs WHERE node_id = $1",
      [nodeId],
    ).rows[0]!.m;
  }

  load(): SavedHydraRun | null {
    this.open("load the state");
    const row = this.client.query<{ state: string }>(
      "SELECT state FROM hydra_state WHERE node_id = $1 AND id = 1",
      [this.nodeId],
    ).rows[0];
    if (row === undefined) return null;
    let saved: SavedHydraRun;
    try {
      saved = JSON.parse(row.state) as SavedHydraRun;
    } catch (e) {
      throw new HydraError("STORAGE", `${this.where} is not valid JSON`, { node: this.nodeId }, e);
    }
    if (saved.state?.version !== 1)
      throw new HydraError(
        "STORAGE",
        `${this.where} has version ${String(saved.state?.version)}; this HYDRA reads version 1 — use another node id or database`,
        { node: this.nodeId },
      );
    return saved;
  }

  beginRun(startedWallMs: number): number {
    this.open("begin a run");
    const runId = this.lastRun + 1;
    this.client.write("INSERT INTO hydra_runs (node_id, run_id, started_wall) VALUES ($1, $2, $3)", [
      this.nodeId,
      runId,
      toIsoUtc(startedWallMs),
    ]);
    this.lastRun = runId;
    return runId;
  }

  save(run: SavedHydraRun): void {
    this.open("save the state");
    const wall = toIsoUtc(run.savedWallMs);
    const lessons = lastOfEachKey(
      run.state.lessons.map((l, i) => [
        this.nodeId,
        l.engineId,
        l.version,
        l.text,
        l.sample,
        i,
        run.runId,
        wall,
      ]),
      (r) => `${r[1]}\u0000${r[2]}`,
    );
    this.client.writeAll([
      [
        `INSERT INTO hydra_state (node_id, id, run_id, saved_wall, last_market_time, cycles, state)
         VALUES ($1, 1, $2, $3, $4, $5, $6)
         ON CONFLICT (node_id, id) DO UPDATE SET run_id = excluded.run_id, saved_wall = excluded.saved_wall,
           last_market_time = excluded.last_market_time, cycles = excluded.cycles, state = excluded.state`,
        [
          this.nodeId,
          run.runId,
          wall,
          toIsoUtc(run.state.lastMarketMs),
          run.state.cycles,
          JSON.stringify(run),
        ],
      ],
      [
        "UPDATE hydra_runs SET saved_wall = $1 WHERE node_id = $2 AND run_id = $3",
        [wall, this.nodeId, run.runId],
      ],
      ["DELETE FROM hydra_lessons WHERE node_id = $1", [this.nodeId]],
      ...insertRows(
        "INSERT INTO hydra_lessons (node_id, engine, version, text, sample, position, run_id, saved_wall) VALUES",
        lessons,
      ),
    ]);
  }

  /** The store is closed (later calls throw); the connection is its owner's to close. */
  close(): void {
    this.closed = true;
  }

  private open(what: string): void {
    if (this.closed)
      throw new HydraError("STORAGE", `${this.where}: cannot ${what}, the store is closed`, {
        node: this.nodeId,
      });
  }
}
