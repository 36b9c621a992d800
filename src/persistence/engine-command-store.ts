export type EngineAction = "pause" | "resume";

export interface EngineCommand {
  id: number;
  engine: string;
  action: EngineAction;
  requestedWall: string;
  requestedBy: string;
}

/**
 * The operator's commands for one node's engines (`hydra engine pause|resume`): asked by the CLI,
 * applied by the running node within a second, each noted with when and how it was applied. In the
 * node's SQLite file (the default) or in PostgreSQL (HYDRA_DB_URL), where the commands of every node
 * sit in one table, each under its node id, so that any host can ask any node.
 */
export interface EngineCommandStore {
  /** asks the store's node to pause or resume an engine; returns the command's id */
  request(engine: string, action: EngineAction, by: string, wallMs: number): number;
  /** the node's commands not yet applied, oldest first */
  pending(): EngineCommand[];
  applied(id: number, wallMs: number, outcome: string): void;
  close(): void;
}
