import { DataError } from "../../core/errors.js";
import type { MarketSeries } from "../series.js";
import { formatOrThrow, SUPPORTED_FORMATS } from "./detect-format.js";
import { decodeText, LineCursor, readRawBytes, unzipBytes } from "./open-lines.js";
import type { MarketFileOptions } from "./options.js";
import { parseHistData } from "./read-histdata.js";
import { parseOhlcv } from "./read-ohlcv.js";
import { fastTicks, parseTicks } from "./read-ticks.js";

/**
 * Reads any supported market data file (plain or gzip) into a column series: ticks (time,bid,ask),
 * OHLCV bars (incl. LEAN bid/ask bars) or HistData ASCII bars. `format` "auto" (the default) detects
 * the format from the first non-empty line. Naive timestamps are wall clock in `tz` (default UTC; for
 * HistData America/New_York); the symbol defaults to one guessed from the file name. Every row is
 * validated: the first bad one is a DataError with its line and field.
 */
export function readMarketFile(file: string, opts: MarketFileOptions = {}): MarketSeries {
  return parseMarketBytes(file, readRawBytes(file), opts);
}

/** As readMarketFile, from the file's bytes as stored (plain or gzip); `file` names it in errors. */
export function parseMarketBytes(file: string, raw: Buffer, opts: MarketFileOptions = {}): MarketSeries {
  const bytes = unzipBytes(file, raw);
  const fast = fastTicks(file, bytes, opts);
  if (fast !== undefined) return fast;
  const text = decodeText(file, bytes);
  let format = opts.format ?? "auto";
  if (format === "auto") {
    const probe = new LineCursor(file, text);
    if (!probe.nextRecord())
      throw new DataError("DATA_FORMAT", file, `the file is empty; supported: ${SUPPORTED_FORMATS}`);
    format = formatOrThrow(file, probe.line, probe.current());
  }
  const lines = new LineCursor(file, text);
  switch (format) {
    case "ohlcv":
      return parseOhlcv(lines, opts);
    case "histdata":
      return parseHistData(lines, opts);
    case "ticks":
      return parseTicks(lines, opts);
    default:
      throw new DataError(
        "DATA_FORMAT",
        file,
        `unknown format option "${String(format)}"; supported: ${SUPPORTED_FORMATS}`,
      );
  }
}
