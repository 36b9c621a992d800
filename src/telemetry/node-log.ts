import { closeSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import path from "node:path";
import { pino } from "pino";
import { type Clock, LiveClock } from "../core/clock.js";
import { HydraError } from "../core/errors.js";

export type LogLevel = "info" | "warn" | "error";
export const LOG_LEVELS: readonly LogLevel[] = ["info", "warn", "error"];
const DEFAULT_LOG_MAX_BYTES = 10 * 1024 * 1024;
const DEFAULT_LOG_KEEP = 5;

/** One record of a node's log file (one JSON line). */
export interface NodeLogRecord {
  time: string;
  level: LogLevel;
  node: string;
  msg: string;
}

export interface NodeLog {
  log(line: string, level?: LogLevel): void;
  close(): void;
}

export interface NodeLogOptions {
  file: string;
  node: string;
  maxBytes?: number;
  /** rotated files kept: file.1 (newest) … file.keep */
  keep?: number;
  clock?: Clock;
  /** told once, on the first write error; later errors are dropped silently */
  onError?: (message: string) => void;
}

/**
 * The level of a human line when the call site gives none, read from its first line only (a table's
 * column "failed" is not a failure): error when it says error, DEAD or crash; warn when it says
 * fail(ed/ure), refused, denied, rejected, halt(ed) or warning; info otherwise.
 */
export function levelOf(line: string): LogLevel {
  const first = line.split("\n", 1)[0] ?? "";
  if (/\b(error|errors|dead|crash(ed)?)\b/i.test(first)) return "error";
  if (/\b(fail(s|ed|ure)?|refused|denied|rejected|halt(s|ed)?|warning)\b/i.test(first)) return "warn";
  return "info";
}

/**
 * An append-only file that rotates itself: before a write would take it past maxBytes, file → file.1
 * (file.1 → file.2 …, the oldest beyond `keep` deleted) and a new file starts. Writes are synchronous,
 * so a line is on disk before the node goes on and none is lost on rotation; errors never throw.
 */
class RotatingFile {
  private fd: number | undefined;
  private size = 0;
  private failed = false;

  constructor(
    readonly file: string,
    private readonly maxBytes: number,
    private readonly keep: number,
    private readonly onError: (message: string) => void,
  ) {}

  write(chunk: string): boolean {
    try {
      const bytes = Buffer.from(chunk, "utf8");
      if (this.fd === undefined) this.open();
      if (this.size > 0 && this.size + bytes.length > this.maxBytes) this.rotate();
      writeSync(this.fd!, bytes);
      this.size += bytes.length;
    } catch (e) {
      if (!this.failed) this.onError(`log file ${this.file}: ${e instanceof Error ? e.message : String(e)}`);
      this.failed = true;
    }
    return true;
  }

  close(): void {
    if (this.fd === undefined) return;
    try {
      closeSync(this.fd);
    } catch {
      // closing a file that failed is not the node's concern
    }
    this.fd = undefined;
  }

  private open(): void {
    mkdirSync(path.dirname(this.file), { recursive: true });
    this.fd = openSync(this.file, "a");
    this.size = fstatSync(this.fd).size;
  }

  private rotate(): void {
    this.close();
    rmSync(`${this.file}.${this.keep}`, { force: true });
    for (let i = this.keep - 1; i >= 1; i--) {
      try {
        renameSync(`${this.file}.${i}`, `${this.file}.${i + 1}`);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
      }
    }
    if (this.keep >= 1) renameSync(this.file, `${this.file}.1`);
    else rmSync(this.file, { force: true });
    this.open();
  }
}

/** A node's structured log: one JSON line per human line (time, level, node, msg), rotated by size. */
export function openNodeLog(options: NodeLogOptions): NodeLog {
  const clock = options.clock ?? new LiveClock();
  const stream = new RotatingFile(
    options.file,
    options.maxBytes ?? DEFAULT_LOG_MAX_BYTES,
    options.keep ?? DEFAULT_LOG_KEEP,
    options.onError ?? (() => {}),
  );
  const logger = pino(
    {
      base: { node: options.node },
      messageKey: "msg",
      timestamp: () => `,"time":"${new Date(clock.now()).toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
    },
    stream,
  );
  return {
    log: (line, level) => logger[level ?? levelOf(line)](line),
    close: () => stream.close(),
  };
}

/** The file a node logs to: the flag (`none` for no file), else `<dirname of db>/logs/<node>.log`. */
export function nodeLogPath(flag: string | undefined, db: string, node: string): string | undefined {
  if (flag === "none") return undefined;
  return flag ?? path.join(path.dirname(db), "logs", `${node}.log`);
}

/**
 * HYDRA_LOG_MAX_BYTES: unset or empty for the default, else a whole number of bytes ≥ 1024 (a smaller
 * file would rotate at every line); anything else is refused, naming it, rather than ignored.
 */
export function logMaxBytes(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  const v = Number(text);
  if (!Number.isInteger(v) || v < 1024)
    throw new HydraError(
      "CONFIG_INVALID",
      `HYDRA_LOG_MAX_BYTES must be a whole number of bytes >= 1024, got "${text}"`,
      { field: "HYDRA_LOG_MAX_BYTES" },
    );
  return v;
}

/**
 * The console printer and the node's log file together: every line is printed as before and also
 * recorded; a file that cannot be written is said once on the console and the node goes on.
 */
export function teeNodeLog(options: {
  print: (line: string) => void;
  file: string | undefined;
  node: string;
  env: Record<string, string | undefined>;
}): NodeLog {
  const { print } = options;
  if (options.file === undefined) return { log: (line) => print(line), close: () => {} };
  const max = logMaxBytes(options.env.HYDRA_LOG_MAX_BYTES);
  const file = openNodeLog({
    file: options.file,
    node: options.node,
    ...(max === undefined ? {} : { maxBytes: max }),
    onError: (m) => print(`${m} (the node goes on; nothing more is written to it)`),
  });
  return {
    log: (line, level) => {
      print(line);
      file.log(line, level);
    },
    close: () => file.close(),
  };
}
