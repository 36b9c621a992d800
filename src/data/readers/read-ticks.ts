import { DataError } from "../../core/errors.js";
import { Float64Column, type TickSeries } from "../series.js";
import { detectDelimiter, FieldSplitter, splitHeader } from "./csv-fields.js";
import { guessSymbol } from "./guess-symbol.js";
import { displayNames, isTimeColumn } from "./ohlcv-columns.js";
import { detectFormatOfLine } from "./detect-format.js";
import { type LineCursor, openLines } from "./open-lines.js";
import type { MarketFileOptions, ReadOptions } from "./options.js";
import { parseNumber } from "./parse-number.js";
import { TimeParser } from "./parse-time.js";
import { fieldCountError, noRowsError, numberError, orderError, rowError, timeError } from "./row-errors.js";
import { parseTickBytes } from "./tick-bytes.js";

/**
 * Reads a tick CSV file with a header (plain or gzip): a time column (time, time_utc, timestamp…), bid
 * and ask, in any order. Every row is validated: a parseable time, finite prices, bid > 0, ask ≥ bid and
 * times non-decreasing; the first bad row is a DataError with its line and column. Fields are parsed in
 * place from char codes, without a string per line or per field.
 */
export function readTicks(file: string, opts: ReadOptions = {}): TickSeries {
  return parseTicks(openLines(file), opts);
}

/**
 * The byte-level fast path for a tick file (see parseTickBytes), or undefined when the file is not a
 * plain comma-separated tick file or any row needs the general reader (which then reports bad rows).
 */
export function fastTicks(file: string, bytes: Buffer, opts: MarketFileOptions): TickSeries | undefined {
  const format = opts.format ?? "auto";
  if (format !== "auto" && format !== "ticks") return undefined;
  let nl = bytes.indexOf(10);
  if (nl < 0) return undefined;
  const from = nl + 1;
  if (nl > 0 && bytes[nl - 1] === 13) nl--;
  // a byte order mark or a leading blank line: the general reader handles those
  if (nl === 0 || bytes[0]! <= 32 || bytes[0]! >= 0x80) return undefined;
  const headerText = bytes.toString("utf8", 0, nl);
  if (format === "auto" && detectFormatOfLine(headerText) !== "ticks") return undefined;
  if (detectDelimiter(headerText) !== 44) return undefined;
  const lower = splitHeader(headerText, 44).map((n) => n.toLowerCase());
  const layout = {
    fields: lower.length,
    time: lower.findIndex((n) => isTimeColumn(n)),
    bid: lower.indexOf("bid"),
    ask: lower.indexOf("ask"),
    naiveUtc: (opts.tz ?? "UTC") === "UTC",
  };
  if (layout.time < 0 || layout.bid < 0 || layout.ask < 0) return undefined;
  const cols = parseTickBytes(bytes, from, layout);
  if (cols === undefined) return undefined;
  return { kind: "ticks", symbol: opts.symbol ?? guessSymbol(file), ...cols };
}

/** As readTicks, from an opened file positioned before its header. */
export function parseTicks(lines: LineCursor, opts: ReadOptions = {}): TickSeries {
  const file = lines.file;
  if (!lines.nextRecord()) throw noRowsError(file);
  const headerText = lines.current();
  const sep = detectDelimiter(headerText);
  const header = splitHeader(headerText, sep);
  const lower = header.map((n) => n.toLowerCase());
  const ti = lower.findIndex((n) => isTimeColumn(n));
  const bi = lower.indexOf("bid");
  const ai = lower.indexOf("ask");
  if (ti < 0 || bi < 0 || ai < 0) {
    const why = `tick header ${JSON.stringify(headerText)} needs a time column (time, time_utc, timestamp), bid and ask`;
    throw new DataError("DATA_FORMAT", file, why, { line: lines.line });
  }
  const names = displayNames(header);
  const n = header.length;
  const parser = new TimeParser(opts.tz ?? "UTC");
  const f = new FieldSplitter(n);
  const { starts, ends } = f;
  const text = lines.text;
  let time: Float64Column | undefined;
  let bid: Float64Column | undefined;
  let ask: Float64Column | undefined;
  let prev = Number.NEGATIVE_INFINITY;
  while (lines.nextRecord()) {
    if (f.split(text, lines.start, lines.end, sep) !== n)
      throw fieldCountError(file, lines.line, f.count, names);
    let t = parser.parse(text, starts[ti]!, ends[ti]!);
    if (Number.isNaN(t))
      throw timeError(file, lines.line, names[ti]!, text.slice(starts[ti], ends[ti]), parser);
    const b = parseNumber(text, starts[bi]!, ends[bi]!);
    const a = parseNumber(text, starts[ai]!, ends[ai]!);
    if (!(b > 0 && a >= b && a < Number.POSITIVE_INFINITY))
      throw priceError(file, lines, f, names, bi, ai, b, a);
    if (t < prev) {
      // inside a repeated (fall-back) wall-clock hour, a step back means the hour's second pass
      const shift = parser.repeatShiftMs;
      if (shift > 0 && t + shift >= prev) t += shift;
      else throw orderError(file, lines.line, names[ti]!, t, prev, false);
    }
    prev = t;
    if (time === undefined || bid === undefined || ask === undefined) {
      const capacity = lines.estimateRemaining();
      time = new Float64Column(capacity);
      bid = new Float64Column(capacity);
      ask = new Float64Column(capacity);
    }
    time.push(t);
    bid.push(b);
    ask.push(a);
  }
  if (time === undefined || bid === undefined || ask === undefined) throw noRowsError(file);
  const symbol = opts.symbol ?? guessSymbol(file);
  return {
    kind: "ticks",
    symbol,
    length: time.length,
    time: time.finish(),
    bid: bid.finish(),
    ask: ask.finish(),
  };
}

/** The error for a row whose prices fail `bid > 0 && bid ≤ ask < ∞`. */
function priceError(
  file: string,
  lines: LineCursor,
  f: FieldSplitter,
  names: readonly string[],
  bi: number,
  ai: number,
  b: number,
  a: number,
): DataError {
  const raw = (i: number): string => lines.text.slice(f.starts[i], f.ends[i]);
  if (!Number.isFinite(b)) return numberError(file, lines.line, names[bi]!, raw(bi));
  if (!Number.isFinite(a)) return numberError(file, lines.line, names[ai]!, raw(ai));
  if (b <= 0) return rowError(file, lines.line, names[bi]!, `bid ${b} is not positive`);
  return rowError(file, lines.line, names[ai]!, `ask ${a} is below bid ${b}`);
}
