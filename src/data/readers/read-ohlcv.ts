import type { BarSeries } from "../series.js";
import { BarBuilder } from "./bar-rows.js";
import { detectDelimiter, FieldSplitter, splitHeader } from "./csv-fields.js";
import { guessSymbol } from "./guess-symbol.js";
import { resolveBarLayout } from "./ohlcv-columns.js";
import { type LineCursor, openLines } from "./open-lines.js";
import type { ReadOptions } from "./options.js";
import { TimeParser } from "./parse-time.js";
import { fieldCountError, noRowsError } from "./row-errors.js";

/**
 * Reads an OHLCV CSV file with a header (plain or gzip): time, open, high, low, close, optional volume,
 * or LEAN bid/ask bars (bid_open… and ask_open for the spread). Every row is validated; the first bad
 * one is a DataError with its line and column. The timeframe is inferred unless `opts.timeframe`.
 */
export function readOhlcv(file: string, opts: ReadOptions = {}): BarSeries {
  return parseOhlcv(openLines(file), opts);
}

/** As readOhlcv, from an opened file positioned before its header. */
export function parseOhlcv(lines: LineCursor, opts: ReadOptions = {}): BarSeries {
  const file = lines.file;
  if (!lines.nextRecord()) throw noRowsError(file);
  const headerText = lines.current();
  const sep = detectDelimiter(headerText);
  const header = splitHeader(headerText, sep);
  const layout = resolveBarLayout(header, file, lines.line);
  const parser = new TimeParser(opts.tz ?? "UTC");
  const fields = new FieldSplitter(header.length);
  let bars: BarBuilder | undefined;
  while (lines.nextRecord()) {
    if (fields.split(lines.text, lines.start, lines.end, sep) !== header.length) {
      throw fieldCountError(file, lines.line, fields.count, layout.names);
    }
    bars ??= new BarBuilder(file, layout, parser, lines.estimateRemaining());
    bars.add(lines, fields);
  }
  if (bars === undefined) throw noRowsError(file);
  return bars.finish(opts.symbol ?? guessSymbol(file), opts.timeframe);
}
