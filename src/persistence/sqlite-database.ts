import { accessSync, constants, existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { HydraError } from "../core/errors.js";
import { databaseHolders, describeHolders } from "./database-holders.js";

export type SqliteDatabase = Database.Database;

const BUSY_TIMEOUT_MS = 5000;

export function storageError(what: string, file: string, e: unknown): HydraError {
  const why = e instanceof Error ? e.message : String(e);
  const code = (e as { code?: unknown } | null)?.code;
  return new HydraError("STORAGE", `${what} (${file}): ${why}${remedy(code, file)}`, { file }, e);
}

/** What to do about a storage error, from SQLite's code (never its words); "" when there is nothing to add. */
function remedy(code: unknown, file: string): string {
  if (typeof code !== "string") return "";
  // a database still locked after the busy timeout: say who holds it
  if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED"))
    return `; held open by ${describeHolders(databaseHolders(file))} (hydra db holders --db ${file})`;
  if (code.startsWith("SQLITE_FULL"))
    return "; the disk is full: free space on it, then restart (what was recorded before is kept)";
  if (code.startsWith("SQLITE_READONLY") || (code.startsWith("SQLITE_CANTOPEN") && !writable(file)))
    return `; the database or its folder is read-only: make both writable for this user (SQLite writes ${path.basename(file)}-wal and -shm beside it), then restart`;
  return "";
}

/** The folder, and the file when it exists, can be written by this process. */
function writable(file: string): boolean {
  try {
    accessSync(path.dirname(file), constants.W_OK);
    if (existsSync(file)) accessSync(file, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Opens (creating it and its folders when missing) a SQLite database in WAL mode, so one writer and many
 * readers in other processes work side by side; a locked database is waited on for up to 5 s.
 */
export function openSqlite(file: string): SqliteDatabase {
  const resolved = path.resolve(file);
  let db: SqliteDatabase | undefined;
  try {
    mkdirSync(path.dirname(resolved), { recursive: true });
    db = new Database(resolved, { timeout: BUSY_TIMEOUT_MS });
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    return db;
  } catch (e) {
    db?.close();
    throw storageError("cannot open the database", resolved, e);
  }
}

/** Runs a storage call; a driver error becomes a STORAGE error naming what and the file (typed errors pass). */
export function guarded<T>(what: string, file: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof HydraError) throw e;
    throw storageError(what, file, e);
  }
}
