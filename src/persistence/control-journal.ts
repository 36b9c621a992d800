/**
 * Every control action an operator took on a node through its API or its Telegram bot (kill switch,
 * pause, resume, close, reload), with who and when (wall time): the table control_actions of the node's
 * database (its SQLite file, or PostgreSQL under its node id).
 */
export interface ControlJournal {
  record(wallMs: number, node: string, who: string, action: string): void;
  close(): void;
}
