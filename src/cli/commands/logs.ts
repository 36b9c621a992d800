import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import type { Command } from "commander";
import { HydraError } from "../../core/errors.js";
import { LOG_LEVELS, type LogLevel, type NodeLogRecord, nodeLogPath } from "../../telemetry/node-log.js";
import type { CliIo } from "../io.js";
import { nodeSettings } from "../node-settings.js";
import { choiceOption, numberOption } from "../options.js";
import { untilStopped } from "../stop-signal.js";

const NODES = ["ftmo", "run", "trade", "demo"] as const;
const POLL_MS = 200;

interface LogsFlags {
  file?: string;
  node?: string;
  db?: string;
  follow?: boolean;
  level?: string;
  lines: string;
  json?: boolean;
}

/** One line of a log file: a record, or a line that is not one (a torn last line, another writer). */
type Parsed = { record: NodeLogRecord; raw: string } | { record: undefined; raw: string };

function parse(raw: string): Parsed {
  try {
    const r = JSON.parse(raw) as Partial<NodeLogRecord>;
    if (typeof r === "object" && r !== null && typeof r.msg === "string" && typeof r.time === "string")
      return { record: r as NodeLogRecord, raw };
  } catch {
    // not JSON: said by the caller
  }
  return { record: undefined, raw };
}

const rank = (l: string): number => {
  const i = LOG_LEVELS.indexOf(l as LogLevel);
  return Math.max(i, 0);
};

/** `hydra logs`: a node's structured log file, read back for a human (or as JSON with --json). */
export function registerLogs(program: Command, io: CliIo): void {
  program
    .command("logs")
    .description(
      "print the last records of a node's log file (hydra ftmo, run, trade, demo write <folder of --db>/logs/<node>.log); -f follows it until Ctrl-C",
    )
    .option("--file <path>", "the log file (instead of --node)")
    .option("--node <name>", `the node whose file to read (${NODES.join(", ")})`)
    .option(
      "--db <path>",
      "the node's database: its folder holds logs/ (default $HYDRA_DB or data/hydra/hydra.db)",
    )
    .option("-f, --follow", "keep printing new records as they are written (across a rotation) until Ctrl-C")
    .option("--level <level>", `only records at or above this level (${LOG_LEVELS.join(", ")})`)
    .option("--lines <n>", "how many of the last records to print", "50")
    .option("--json", "print the records as written (one JSON object a line)")
    .action(async (flags: LogsFlags) => {
      const file = logFile(flags);
      const min = rank(choiceOption("--level", flags.level, LOG_LEVELS) ?? "info");
      const lines = numberOption("--lines", flags.lines, { integer: true, min: 0 })!;
      const show = (p: Parsed): void => {
        if (p.record === undefined) {
          io.err(`(skipped a line that is not a log record: ${p.raw.slice(0, 80)})\n`);
          return;
        }
        if (rank(p.record.level) < min) return;
        const r = p.record;
        io.out(flags.json ? `${p.raw}\n` : `${r.time} (wall) ${r.node} ${r.level}: ${r.msg}\n`);
      };
      if (!existsSync(file) && flags.follow !== true)
        throw new HydraError("CLI_USAGE", `no log file at ${file}`, { field: "--file" });
      // when following, only complete lines now: a line being written is read whole by follow()
      const { last, end } = existsSync(file)
        ? readLast(file, lines, min, flags.follow === true)
        : { last: [], end: 0 };
      for (const p of last) show(p);
      if (flags.follow !== true) return;
      await untilStopped((stopSignal) => follow(file, end, show, stopSignal));
    });
}

function logFile(flags: LogsFlags): string {
  if (flags.file !== undefined) return flags.file;
  if (flags.node === undefined)
    throw new HydraError("CLI_USAGE", `give --node (${NODES.join(", ")}) or --file`, { field: "--node" });
  const node = choiceOption("--node", flags.node, NODES)!;
  const { db } = nodeSettings({ ...(flags.db === undefined ? {} : { db: flags.db }) }, process.env);
  return nodeLogPath(undefined, db, node)!;
}

/**
 * The last `n` records at or above the level, from the file and, when it holds too few, its rotated
 * .1; `end` is the byte offset read up to (the last complete line when `completeOnly`).
 */
function readLast(
  file: string,
  n: number,
  min: number,
  completeOnly: boolean,
): { last: Parsed[]; end: number } {
  const content = readFileSync(file);
  const end = completeOnly ? content.lastIndexOf(10) + 1 : content.length;
  const linesOf = (text: string): Parsed[] =>
    text
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map(parse);
  const keep = (ps: Parsed[]): Parsed[] =>
    ps.filter((p) => p.record === undefined || rank(p.record.level) >= min);
  let all = keep(linesOf(content.toString("utf8", 0, end)));
  const count = (ps: Parsed[]): number => ps.filter((p) => p.record !== undefined).length;
  if (count(all) < n && existsSync(`${file}.1`))
    all = [...keep(linesOf(readFileSync(`${file}.1`, "utf8"))), ...all];
  // the last n records, with the unreadable lines among them (said, never fatal)
  const out: Parsed[] = [];
  let records = 0;
  for (let i = all.length - 1; i >= 0 && records < n; i--) {
    out.unshift(all[i]!);
    if (all[i]!.record !== undefined) records++;
  }
  return { last: out, end };
}

/**
 * Prints each complete line appended after `offset` until stopped; when the file is renamed (a
 * rotation) the rest of the old file is read through its open descriptor, then the new file from 0.
 */
async function follow(
  file: string,
  offset: number,
  show: (p: Parsed) => void,
  stopSignal: Promise<void>,
): Promise<void> {
  let fd: number | undefined;
  let ino: number | undefined;
  let pos = offset;
  let pending = "";
  const buf = Buffer.alloc(64 * 1024);
  const drain = (): void => {
    if (fd === undefined) return;
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, pos);
      if (n <= 0) break;
      pos += n;
      pending += buf.toString("utf8", 0, n);
    }
    const parts = pending.split("\n");
    pending = parts.pop() ?? "";
    for (const l of parts) if (l.trim() !== "") show(parse(l));
  };
  const tick = (): void => {
    try {
      if (fd === undefined) {
        if (!existsSync(file)) return;
        fd = openSync(file, "r");
        ino = fstatSync(fd).ino;
        if (fstatSync(fd).size < pos) pos = 0;
      }
      drain();
      const now = existsSync(file) ? statSync(file) : undefined;
      if (now !== undefined && (now.ino !== ino || now.size < pos)) {
        // rotated (or truncated): finish the old file, then start the new one at its beginning
        drain();
        closeSync(fd);
        fd = undefined;
        pos = 0;
        pending = "";
        tick();
      }
    } catch {
      // a file between rename and re-creation: the next tick tries again
    }
  };
  tick();
  const timer = setInterval(tick, POLL_MS);
  try {
    await stopSignal;
  } finally {
    clearInterval(timer);
    tick();
    if (fd !== undefined) closeSync(fd);
  }
}
