import { copyFileSync, existsSync, mkdirSync, readdirSync } from "node:fs";
import path from "node:path";
import { HydraError } from "../core/errors.js";
import { openSqlite, storageError } from "./sqlite-database.js";

/**
 * A consistent copy of a node's database while the nodes run (SQLite's online backup: every page as of
 * one instant, the WAL included), and the files kept beside it (`<db>.ftmo-*`: the FTMO checkpoint,
 * written atomically, and the append-only trade history) into `outDir`. Returns the files written.
 */
export async function backupDatabase(file: string, outDir: string): Promise<string[]> {
  const src = path.resolve(file);
  if (!existsSync(src))
    throw new HydraError("CONFIG_INVALID", `no database at ${src} (give --db)`, { field: "--db" });
  const dest = path.resolve(outDir, path.basename(src));
  if (dest === src)
    throw new HydraError("CONFIG_INVALID", "--out must be another folder than the database's", {
      field: "--out",
    });
  mkdirSync(path.dirname(dest), { recursive: true });
  const db = openSqlite(src);
  try {
    await db.backup(dest);
  } catch (e) {
    throw storageError("cannot back the database up", src, e);
  } finally {
    db.close();
  }
  const written = [dest];
  const prefix = `${path.basename(src)}.ftmo-`;
  for (const name of readdirSync(path.dirname(src))
    .filter((n) => n.startsWith(prefix))
    .sort()) {
    const to = path.join(path.dirname(dest), name);
    copyFileSync(path.join(path.dirname(src), name), to);
    written.push(to);
  }
  return written;
}
