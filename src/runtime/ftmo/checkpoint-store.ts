import type { FtmoCheckpoint } from "./ftmo-checkpoint.js";

/**
 * Where the FTMO runner keeps its checkpoint: a JSON file beside its database, or a row of PostgreSQL's
 * ftmo_checkpoints under its node id.
 */
export interface CheckpointStore {
  /** where it is, for messages: the file, or the table and the node id */
  readonly where: string;
  /**
   * The last checkpoint; undefined on a first start. One that cannot be read is refused (CONFIG_INVALID)
   * naming where it is and what to do, never taken for a first start.
   */
  read(): FtmoCheckpoint | undefined;
  /** replaces it whole: a restart after a crash reads the previous one or this one, never a mix */
  write(c: FtmoCheckpoint): void;
}
