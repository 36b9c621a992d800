import type { Timeframe } from "../../model/market-data.js";

/** The file formats the readers know. */
export type MarketFormat = "ohlcv" | "histdata" | "ticks";

export interface ReadOptions {
  /** IANA zone of naive timestamps (those without Z or an offset); default UTC, HistData America/New_York */
  tz?: string;
  /** the series' symbol; default guessed from the file name, else "UNKNOWN" */
  symbol?: string;
  /** bar length (bars only); default inferred from the spacing of the times */
  timeframe?: Timeframe;
}

export interface MarketFileOptions extends ReadOptions {
  /** default "auto": detected from the first non-empty line */
  format?: "auto" | MarketFormat;
}
