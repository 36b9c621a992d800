/** The run before this one, when it did not stop cleanly. */
export interface UncleanRun {
  run: string;
  startedAtWallMs: number;
}

/**
 * Each node's current run on its database (table node_lives): a run is marked started, then stopped
 * cleanly; a run that never was (it crashed, was killed, lost power) is told to the next start, which
 * raises restart-after-crash.
 */
export interface NodeLives {
  /** marks `run` of `node` started; the previous run when it did not stop cleanly */
  nodeStarted(node: string, run: string, wallMs: number): UncleanRun | undefined;
  /** `run` of `node` stopped as it should (its state saved); nothing when another run is current */
  nodeStopped(node: string, run: string): void;
  close(): void;
}
