/** One series of a chart: a line, bars or markers only. `values` align with the chart's `x`. */
export interface SeriesSpec {
  label: string;
  values: ReadonlyArray<number | null>;
  color: string;
  style: "line" | "bars" | "points" | "step";
  /** dashed line */
  dash?: boolean;
  /** fill under a line (a CSS colour) */
  fill?: string;
}

/** A chart as data: drawn by uPlot in the page. `x` is epoch seconds when `time`, plain numbers otherwise. */
export interface ChartSpec {
  id: string;
  title: string;
  x: readonly number[];
  time: boolean;
  series: readonly SeriesSpec[];
  /** the y axis' label */
  y?: string;
  /** the x axis' label (non-time charts) */
  xLabel?: string;
  /** ticks of the x axis only at multiples of this (categories 1, 2, 3…) */
  xStep?: number;
  height?: number;
}

/** A report's section: its heading, its HTML (tables, figures) and the charts placed in it by id. */
export interface Section {
  title: string;
  html: string;
  charts: readonly ChartSpec[];
}

/** The charts' colours. */
export const COLORS = {
  equity: "#2563eb",
  low: "#93c5fd",
  drawdown: "#dc2626",
  gain: "#16a34a",
  loss: "#dc2626",
  floor: "#f59e0b",
  maxLoss: "#7c2d12",
  price: "#334155",
  buy: "#16a34a",
  sell: "#dc2626",
  exit: "#6b7280",
  oos: "#9333ea",
} as const;

/** Epoch ms → the seconds uPlot's time axis takes. */
export const seconds = (ms: number): number => ms / 1000;
