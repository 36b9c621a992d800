import type { NodeLives, UncleanRun } from "../node-lives.js";
import { pgGuarded } from "./pg-store-guard.js";
import type { PgSyncClient } from "./pg-sync-client.js";

interface Life {
  run: string;
  startedWall: number;
  stoppedClean: boolean;
}

/**
 * One node id's node lives in PostgreSQL's node_lives (migration 9). It reads them once at open (one
 * process writes a node id at a time) and answers from memory after, so a start never reads back a stop
 * this process wrote (which may not be applied yet) and a start or stop never waits for an answer.
 */
export class PostgresNodeLives implements NodeLives {
  private readonly lives = new Map<string, Life>();
  private closed = false;
  private readonly where: string;

  constructor(
    private readonly client: PgSyncClient,
    readonly nodeId: string,
  ) {
    this.where = `node_lives of node ${nodeId}`;
    pgGuarded(false, "cannot open the node lives", this.where, () => {
      for (const r of client.query<{
        node: string;
        run: string;
        started_wall: number;
        stopped_clean: number;
      }>("SELECT node, run, started_wall, stopped_clean FROM node_lives WHERE node_id = $1", [nodeId]).rows)
        this.lives.set(r.node, {
          run: r.run,
          startedWall: r.started_wall,
          stoppedClean: r.stopped_clean === 1,
        });
    });
  }

  nodeStarted(node: string, run: string, wallMs: number): UncleanRun | undefined {
    return pgGuarded(this.closed, "cannot record the node's start", this.where, () => {
      const startedWall = Math.round(wallMs);
      this.client.write(
        `INSERT INTO node_lives (node_id, node, run, started_wall, stopped_clean) VALUES ($1, $2, $3, $4, 0)
         ON CONFLICT (node_id, node) DO UPDATE SET run = excluded.run, started_wall = excluded.started_wall,
         stopped_clean = 0`,
        [this.nodeId, node, run, startedWall],
      );
      const prev = this.lives.get(node);
      this.lives.set(node, { run, startedWall, stoppedClean: false });
      return prev === undefined || prev.stoppedClean
        ? undefined
        : { run: prev.run, startedAtWallMs: prev.startedWall };
    });
  }

  nodeStopped(node: string, run: string): void {
    pgGuarded(this.closed, "cannot record the node's stop", this.where, () => {
      this.client.write(
        "UPDATE node_lives SET stopped_clean = 1 WHERE node_id = $1 AND node = $2 AND run = $3",
        [this.nodeId, node, run],
      );
      const life = this.lives.get(node);
      if (life?.run === run) life.stoppedClean = true;
    });
  }

  close(): void {
    this.closed = true;
  }
}
