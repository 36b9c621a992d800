import { DataError } from "../../core/errors.js";
import { detectDelimiter, splitHeader } from "./csv-fields.js";
import { isTimeColumn } from "./ohlcv-columns.js";
import { openLines } from "./open-lines.js";
import type { MarketFormat } from "./options.js";

/** What each format looks like, for the error when a file matches none. */
export const SUPPORTED_FORMATS =
  "histdata (no header, `YYYYMMDD HHMMSS;open;high;low;close;volume`), " +
  "ticks (header time,bid,ask), " +
  "ohlcv (header with a time column and open,high,low,close[,volume], or LEAN bid_open…,ask_open…)";

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** `^\d{8} \d{6};` without a regex. */
function isHistDataRow(line: string): boolean {
  if (line.length < 16 || line.charCodeAt(8) !== 32 || line.charCodeAt(15) !== 59) return false;
  for (let i = 0; i < 15; i++) if (i !== 8 && !isDigit(line.charCodeAt(i))) return false;
  return true;
}

/**
 * The format of a market data file from its first non-empty line: a HistData row, a tick header (a time
 * column, bid and ask: 3 columns), an OHLCV header (open/high/low/close or bid_open/…); else undefined.
 */
export function detectFormatOfLine(firstLine: string): MarketFormat | undefined {
  const line = firstLine.trim();
  if (isHistDataRow(line)) return "histdata";
  const names = splitHeader(line, detectDelimiter(line)).map((n) => n.toLowerCase());
  const has = (n: string): boolean => names.includes(n);
  if (names.length === 3 && has("bid") && has("ask") && names.some((n) => isTimeColumn(n))) return "ticks";
  const ohlc = ["open", "high", "low", "close"];
  if (ohlc.every(has) || ohlc.every((n) => has(`bid_${n}`))) return "ohlcv";
  return undefined;
}

/** The format of a file (first non-empty line); DataError DATA_FORMAT listing the formats when unknown. */
export function detectFormat(file: string): MarketFormat {
  const lines = openLines(file);
  if (!lines.nextRecord())
    throw new DataError("DATA_FORMAT", file, `the file is empty; supported: ${SUPPORTED_FORMATS}`);
  return formatOrThrow(file, lines.line, lines.current());
}

/** detectFormatOfLine, or DataError DATA_FORMAT at `line` listing the supported formats. */
export function formatOrThrow(file: string, line: number, text: string): MarketFormat {
  const format = detectFormatOfLine(text);
  if (format !== undefined) return format;
  const shown = JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
  throw new DataError(
    "DATA_FORMAT",
    file,
    `unknown data format, first line ${shown}; supported: ${SUPPORTED_FORMATS}`,
    {
      line,
    },
  );
}
