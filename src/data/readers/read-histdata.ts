import type { BarSeries } from "../series.js";
import { BarBuilder, type BarLayout } from "./bar-rows.js";
import { FieldSplitter } from "./csv-fields.js";
import { guessSymbol } from "./guess-symbol.js";
import { type LineCursor, openLines } from "./open-lines.js";
import type { ReadOptions } from "./options.js";
import { TimeParser } from "./parse-time.js";
import { fieldCountError, noRowsError } from "./row-errors.js";

/** HistData's zone: its 2017 files are New York wall clock (see the data's SOURCES.md, note 2). */
const HISTDATA_DEFAULT_ZONE = "America/New_York";

const LAYOUT: BarLayout = {
  time: 0,
  open: 1,
  high: 2,
  low: 3,
  close: 4,
  volume: 5,
  askOpen: -1,
  names: ["time", "open", "high", "low", "close", "volume"],
};
const SEMICOLON = 59;

/**
 * Reads a HistData generic ASCII file (plain or gzip): no header, `YYYYMMDD HHMMSS;open;high;low;close;volume`
 * in wall-clock time of `opts.tz` (default America/New_York). Rows are validated as OHLCV rows are.
 */
export function readHistData(file: string, opts: ReadOptions = {}): BarSeries {
  return parseHistData(openLines(file), opts);
}

/** As readHistData, from an opened file positioned before its first line. */
export function parseHistData(lines: LineCursor, opts: ReadOptions = {}): BarSeries {
  const file = lines.file;
  const parser = new TimeParser(opts.tz ?? HISTDATA_DEFAULT_ZONE);
  const fields = new FieldSplitter(LAYOUT.names.length);
  let bars: BarBuilder | undefined;
  while (lines.nextRecord()) {
    if (fields.split(lines.text, lines.start, lines.end, SEMICOLON) !== LAYOUT.names.length) {
      throw fieldCountError(file, lines.line, fields.count, LAYOUT.names);
    }
    bars ??= new BarBuilder(file, LAYOUT, parser, lines.estimateRemaining());
    bars.add(lines, fields);
  }
  if (bars === undefined) throw noRowsError(file);
  return bars.finish(opts.symbol ?? guessSymbol(file), opts.timeframe);
}
