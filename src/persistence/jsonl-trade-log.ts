import {
  appendFileSync,
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  openSync,
  readFileSync,
  readSync,
} from "node:fs";
import path from "node:path";
import { DataError, HydraError } from "../core/errors.js";
import type { ClosedTrade } from "../model/position.js";
import { fsyncDir } from "./atomic-file.js";

/**
 * The trade history as JSONL: one closed trade per line, `{"bot": …, ...ClosedTrade}`. A line is appended
 * complete (one write of the line and its newline, then fsync), so a crash can only leave a torn last line
 * without a newline; loading reports it and every bad line by line number and keeps all the others.
 */
interface TradeRecord {
  bot: string;
  trade: ClosedTrade;
}

export interface TradeLogContents {
  /** the good lines, in file order */
  records: TradeRecord[];
  /** one per bad line (1-based line numbers), the torn last line included */
  errors: DataError[];
  /** the file ended in a line without a newline (an interrupted append) */
  torn: boolean;
}

const STRING_FIELDS = ["positionId", "source", "symbol", "exitReason"] as const;
const NUMBER_FIELDS = [
  "volume",
  "openTime",
  "openPrice",
  "closeTime",
  "closePrice",
  "grossPnl",
  "commission",
  "netPnl",
] as const;

/** The record a parsed line holds, or why it is not one. */
function toTradeRecord(v: unknown): TradeRecord | string {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return "not a JSON object";
  const o = v as Record<string, unknown>;
  if (typeof o.bot !== "string" || o.bot === "") return 'field "bot" must be a non-empty string';
  for (const f of STRING_FIELDS) if (typeof o[f] !== "string") return `field "${f}" must be a string`;
  for (const f of NUMBER_FIELDS) {
    const x = o[f];
    if (typeof x !== "number" || !Number.isFinite(x)) return `field "${f}" must be a finite number`;
  }
  if (o.side !== "buy" && o.side !== "sell") return 'field "side" must be "buy" or "sell"';
  const trade = { side: o.side } as ClosedTrade;
  for (const f of [...STRING_FIELDS, ...NUMBER_FIELDS]) Object.assign(trade, { [f]: o[f] });
  return { bot: o.bot, trade: normalize(trade) };
}

/** The trade's fields in ClosedTrade order (so a saved line always looks the same). */
function normalize(t: ClosedTrade): ClosedTrade {
  const { positionId, source, symbol, side, volume, openTime, openPrice } = t;
  const { closeTime, closePrice, grossPnl, commission, netPnl, exitReason } = t;
  return {
    positionId,
    source,
    symbol,
    side,
    volume,
    openTime,
    openPrice,
    closeTime,
    closePrice,
    grossPnl,
    commission,
    netPnl,
    exitReason,
  };
}

/** Reads a trade log; a missing file is an empty history. */
export function loadTradeLog(file: string): TradeLogContents {
  if (!existsSync(file)) return { records: [], errors: [], torn: false };
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new HydraError("STORAGE", `cannot read ${file}: ${(e as Error).message}`, { file }, e);
  }
  const lines = text.split("\n");
  const last = lines.pop()!; // "" when the file ends in a newline
  const out: TradeLogContents = { records: [], errors: [], torn: last !== "" };
  lines.forEach((line, i) => {
    if (line.trim() === "") return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (e) {
      out.errors.push(bad(file, i + 1, `invalid JSON (${(e as Error).message})`));
      return;
    }
    const r = toTradeRecord(parsed);
    if (typeof r === "string") out.errors.push(bad(file, i + 1, r));
    else out.records.push(r);
  });
  if (out.torn) out.errors.push(bad(file, lines.length + 1, "torn last line (no newline), ignored"));
  return out;
}

const bad = (file: string, line: number, msg: string) => new DataError("DATA_BAD_ROW", file, msg, { line });

/** Appends closed trades to a JSONL file, one fsync'ed line each. */
export class JsonlTradeLog {
  private fd: number | undefined;

  /** Opens (or creates) the log; a torn last line is first closed off with a newline. */
  constructor(readonly file: string) {
    const existed = existsSync(file);
    try {
      this.fd = openSync(file, "a+");
      if (existed && !endsWithNewline(this.fd)) {
        appendFileSync(this.fd, "\n");
        fsyncSync(this.fd);
      }
    } catch (e) {
      this.close();
      throw new HydraError("STORAGE", `cannot open ${file}: ${(e as Error).message}`, { file }, e);
    }
    if (!existed) fsyncDir(path.dirname(path.resolve(file)));
  }

  /** Loads the history, then opens the log for appending. */
  static open(file: string): { log: JsonlTradeLog; contents: TradeLogContents } {
    const contents = loadTradeLog(file);
    return { log: new JsonlTradeLog(file), contents };
  }

  append(bot: string, trade: ClosedTrade): void {
    if (this.fd === undefined) throw new HydraError("STORAGE", `trade log ${this.file} is closed`);
    const record = { bot, ...normalize(trade) };
    const check = toTradeRecord(record);
    if (typeof check === "string") {
      throw new HydraError("STORAGE", `refusing to log an invalid trade: ${check}`, { file: this.file, bot });
    }
    try {
      appendFileSync(this.fd, `${JSON.stringify(record)}\n`);
      fsyncSync(this.fd);
    } catch (e) {
      throw new HydraError("STORAGE", `cannot append to ${this.file}: ${(e as Error).message}`, {}, e);
    }
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

function endsWithNewline(fd: number): boolean {
  const { size } = fstatSync(fd);
  if (size === 0) return true;
  const buf = Buffer.alloc(1);
  readSync(fd, buf, 0, 1, size - 1);
  return buf[0] === 0x0a;
}
