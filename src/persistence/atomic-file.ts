import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { HydraError } from "../core/errors.js";

/** fsyncs a directory so a rename or a new file in it survives a crash (a no-op where unsupported). */
export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, "r");
    fsyncSync(fd);
  } catch {
    // some platforms/filesystems cannot fsync a directory; the data itself is already synced
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Replaces `file` with `data` so that a reader (or a restart after a crash) sees either the old content
 * or the new one, never a mix: writes a temp file in the same directory, fsyncs it, renames it over the
 * target and fsyncs the directory. Used for checkpoints.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const dir = path.dirname(path.resolve(file));
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, "wx", 0o644);
    writeFileSync(fd, data);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, file);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    throw new HydraError("STORAGE", `cannot write ${file}: ${(e as Error).message}`, { file }, e);
  }
  fsyncDir(dir);
}
