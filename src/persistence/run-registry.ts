/**
 * Numbers each run of a long-running command on a database (table node_runs), so that the order and
 * position ids of one run ("R3.O1") never collide with another's in the same journal.
 */
export interface RunRegistry {
  /** the new run's number: 1 for the first on this database (node id), then one more each run */
  startRun(command: string, mode: string, wallMs: number): number;
  close(): void;
}
