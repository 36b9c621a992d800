import { appendFileSync, existsSync, readFileSync, rmSync } from "node:fs";
import { HydraError } from "../../core/errors.js";
import { writeFileAtomic } from "../atomic-file.js";

/** One write the database could not take: its statements, applied together (one transaction) or alone. */
export type SpooledWrite = ReadonlyArray<readonly [string, unknown[]]>;

/** The first line of a spool file: whose writes these are, so that a file is never applied to another node. */
interface Header {
  spool: 1;
  node: string;
  db: string;
}

/** Writes kept at most before the spool refuses more (a database away for very long halts the node). */
const SPOOL_LIMIT = 1_000_000;

/**
 * The writes a node made while its PostgreSQL did not answer, in order, in a file of its own (one JSON
 * line each, appended before the call returns, so a node killed during the outage keeps them: the next
 * start applies them first). Applied in order once the database answers again; the file is emptied once
 * all are in.
 */
export class PgSpool {
  private readonly pending: SpooledWrite[] = [];

  /** Opens `file` (creating nothing yet); refuses a file left by another node or database, naming it. */
  constructor(
    readonly file: string,
    private readonly node: string,
    private readonly db: string,
  ) {
    if (!existsSync(file)) return;
    const text = readFileSync(file, "utf8");
    const lines = text.split("\n");
    const torn = !text.endsWith("\n");
    // a line cut short by a crash mid-append was never acknowledged: drop it (the call did not return)
    if (torn) lines.pop();
    const body = lines.filter((l) => l !== "");
    if (body.length === 0) return;
    let header: Partial<Header>;
    try {
      header = JSON.parse(body[0]!) as Partial<Header>;
    } catch {
      throw spoolError(file, 1, "is not a HYDRA spool file");
    }
    if (header.spool !== 1) throw spoolError(file, 1, "is not a HYDRA spool file");
    if (header.node !== node || header.db !== db)
      throw new HydraError(
        "STORAGE",
        `${file}: holds writes of node "${header.node}" on ${header.db}, not of node "${node}" on ${db}; apply it with that node id and HYDRA_DB_URL, or move it away`,
        { file },
      );
    for (let i = 1; i < body.length; i++) {
      try {
        this.pending.push(JSON.parse(body[i]!) as SpooledWrite);
      } catch {
        throw spoolError(file, i + 1, "is not a JSON write");
      }
    }
    if (torn) this.rewrite();
  }

  get size(): number {
    return this.pending.length;
  }

  /** the oldest write not yet applied */
  peek(): SpooledWrite | undefined {
    return this.pending[0];
  }

  /** Keeps a write, on disk before this returns; STORAGE when the disk refuses or the spool is full. */
  push(w: SpooledWrite): void {
    if (this.pending.length >= SPOOL_LIMIT)
      throw new HydraError(
        "STORAGE",
        `${this.file}: ${SPOOL_LIMIT} writes are waiting for PostgreSQL; no more are kept`,
        { file: this.file },
      );
    try {
      const head =
        this.pending.length === 0 && !this.hasContent()
          ? `${JSON.stringify({ spool: 1, node: this.node, db: this.db } satisfies Header)}\n`
          : "";
      appendFileSync(this.file, `${head}${JSON.stringify(w)}\n`, { mode: 0o600 });
    } catch (e) {
      throw new HydraError("STORAGE", `${this.file}: cannot keep a write: ${(e as Error).message}`, {
        file: this.file,
      });
    }
    this.pending.push(w);
  }

  /** The oldest write is in the database: drop it (the file follows at `settle`). */
  shift(): void {
    this.pending.shift();
  }

  /** Brings the file in line with what is still pending (removed when nothing is). */
  settle(): void {
    if (this.pending.length === 0) rmSync(this.file, { force: true });
    else this.rewrite();
  }

  private hasContent(): boolean {
    return existsSync(this.file) && readFileSync(this.file, "utf8").trim() !== "";
  }

  private rewrite(): void {
    const header = JSON.stringify({ spool: 1, node: this.node, db: this.db } satisfies Header);
    writeFileAtomic(this.file, `${[header, ...this.pending.map((w) => JSON.stringify(w))].join("\n")}\n`);
  }
}

function spoolError(file: string, line: number, what: string): HydraError {
  return new HydraError("STORAGE", `${file}:${line} ${what}; move the file away to start without it`, {
    file,
    line,
  });
}
