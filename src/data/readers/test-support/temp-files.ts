import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { expect } from "vitest";
import { DataError } from "../../../core/errors.js";

/** A temporary folder for hand-built data files; `cleanup` removes it. */
export interface TempFiles {
  readonly dir: string;
  /** writes `content` to dir/name (gzip-compressed when `gzip`), returns the path */
  write(name: string, content: string, gzip?: boolean): string;
  cleanup(): void;
}

export function tempFiles(prefix = "hydra-readers-"): TempFiles {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return {
    dir,
    write(name, content, gzip = false) {
      const p = path.join(dir, name);
      writeFileSync(p, gzip ? gzipSync(Buffer.from(content, "utf8")) : content);
      return p;
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs `fn`, expects a DataError and returns it (tests then check its code, line and field). */
function dataErrorOf(fn: () => unknown): DataError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return e as DataError;
  }
  throw new Error("expected a DataError, nothing was thrown");
}

/** The code, line and field of the DataError `fn` throws, for one-line assertions. */
export function errorWhere(fn: () => unknown): {
  code: string;
  line: number | undefined;
  field: string | undefined;
} {
  const e = dataErrorOf(fn);
  return { code: e.code, line: e.line, field: e.field };
}

/** An ISO string of epoch ms (assertion messages read better than numbers). */
export function iso(ms: number | undefined): string {
  return ms === undefined || Number.isNaN(ms) ? String(ms) : new Date(ms).toISOString();
}
