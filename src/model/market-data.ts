export interface Tick {
  /** epoch ms, UTC */
  time: number;
  bid: number;
  ask: number;
}

export type Timeframe = "M1" | "M5" | "M15" | "M30" | "H1" | "H4" | "D1";

export const TIMEFRAMES: readonly Timeframe[] = ["M1", "M5", "M15", "M30", "H1", "H4", "D1"];

export const TIMEFRAME_MS: Readonly<Record<Timeframe, number>> = {
  M1: 60_000,
  M5: 300_000,
  M15: 900_000,
  M30: 1_800_000,
  H1: 3_600_000,
  H4: 14_400_000,
  D1: 86_400_000,
};

/** A bar's prices are bid prices; `spread` (ask − bid at the open) is NaN when the data has none. */
export interface Bar {
  symbol: string;
  timeframe: Timeframe;
  /** open time, epoch ms UTC */
  time: number;
  /** close time (exclusive end), epoch ms UTC */
  endTime: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  spread: number;
}
