import type { Timeframe } from "../../model/market-data.js";
import { type BarSeries, Float64Column } from "../series.js";
import type { FieldSplitter } from "./csv-fields.js";
import { checkBarSpacing, inferTimeframe } from "./infer-timeframe.js";
import type { LineCursor } from "./open-lines.js";
import { parseNumber } from "./parse-number.js";
import type { TimeParser } from "./parse-time.js";
import { noRowsError, numberError, orderError, rowError, timeError } from "./row-errors.js";

/** Where a bar's values sit in a row (field indices) and the columns' names as the file spells them. */
export interface BarLayout {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  /** -1 when the file has no volume (volume = 0) */
  volume: number;
  /** -1 when the file has no ask (spread = NaN); else spread = ask open − bid open */
  askOpen: number;
  names: readonly string[];
}

/**
 * Validates bar rows and collects them into columns. Every rule breach throws a DataError with the
 * 1-based line and the column name: a bad number or time, a price ≤ 0, high below open/close, low above them,
 * negative volume, an ask below the bid, or a time not after the previous bar's (DATA_ORDER).
 */
export class BarBuilder {
  private readonly time: Float64Column;
  private readonly open: Float64Column;
  private readonly high: Float64Column;
  private readonly low: Float64Column;
  private readonly close: Float64Column;
  private readonly volume: Float64Column;
  private readonly spread: Float64Column;
  private prev = Number.NEGATIVE_INFINITY;
  private firstLine = 0;

  constructor(
    private readonly file: string,
    private readonly layout: BarLayout,
    private readonly parser: TimeParser,
    capacity: number,
  ) {
    this.time = new Float64Column(capacity);
    this.open = new Float64Column(capacity);
    this.high = new Float64Column(capacity);
    this.low = new Float64Column(capacity);
    this.close = new Float64Column(capacity);
    this.volume = new Float64Column(capacity);
    this.spread = new Float64Column(capacity);
  }

  get length(): number {
    return this.time.length;
  }

  private num(lines: LineCursor, f: FieldSplitter, i: number): number {
    const v = parseNumber(lines.text, f.starts[i]!, f.ends[i]!);
    if (Number.isFinite(v)) return v;
    throw numberError(this.file, lines.line, this.layout.names[i]!, lines.text.slice(f.starts[i], f.ends[i]));
  }

  /** Parses, validates and appends the row the cursor is on, already split into `f`. */
  add(lines: LineCursor, f: FieldSplitter): void {
    const { file, layout } = this;
    const line = lines.line;
    const ti = layout.time;
    let t = this.parser.parse(lines.text, f.starts[ti]!, f.ends[ti]!);
    if (Number.isNaN(t)) {
      throw timeError(file, line, layout.names[ti]!, lines.text.slice(f.starts[ti], f.ends[ti]), this.parser);
    }
    const o = this.num(lines, f, layout.open);
    const h = this.num(lines, f, layout.high);
    const l = this.num(lines, f, layout.low);
    const c = this.num(lines, f, layout.close);
    const v = layout.volume < 0 ? 0 : this.num(lines, f, layout.volume);
    const ask = layout.askOpen < 0 ? Number.NaN : this.num(lines, f, layout.askOpen);
    const name = layout.names;
    // a price of zero or below is a broken row, not a market (a backtest on it would size by dividing by it)
    if (o <= 0)
      throw rowError(file, line, name[layout.open]!, `open ${o} is not positive (prices must be > 0)`);
    if (h <= 0)
      throw rowError(file, line, name[layout.high]!, `high ${h} is not positive (prices must be > 0)`);
    if (l <= 0)
      throw rowError(file, line, name[layout.low]!, `low ${l} is not positive (prices must be > 0)`);
    if (c <= 0)
      throw rowError(file, line, name[layout.close]!, `close ${c} is not positive (prices must be > 0)`);
    if (l > h) throw rowError(file, line, name[layout.low]!, `low ${l} is above high ${h}`);
    if (h < o || h < c)
      throw rowError(file, line, name[layout.high]!, `high ${h} is below open ${o} or close ${c}`);
    if (l > o || l > c)
      throw rowError(file, line, name[layout.low]!, `low ${l} is above open ${o} or close ${c}`);
    if (v < 0) throw rowError(file, line, name[layout.volume]!, `volume ${v} is negative`);
    if (ask < o) throw rowError(file, line, name[layout.askOpen]!, `ask ${ask} is below bid ${o}`);
    if (t <= this.prev) {
      // inside a repeated (fall-back) wall-clock hour, a step back means the hour's second pass
      const shift = this.parser.repeatShiftMs;
      if (shift > 0 && t + shift > this.prev) t += shift;
      else throw orderError(file, line, name[ti]!, t, this.prev, true);
    }
    if (this.firstLine === 0) this.firstLine = line;
    this.prev = t;
    this.time.push(t);
    this.open.push(o);
    this.high.push(h);
    this.low.push(l);
    this.close.push(c);
    this.volume.push(v);
    this.spread.push(ask - o);
  }

  /** The series; the timeframe is inferred from the spacing unless declared, then the spacing is checked. */
  finish(symbol: string, declared?: Timeframe): BarSeries {
    if (this.length === 0) throw noRowsError(this.file);
    const time = this.time.finish();
    const timeframe = declared ?? inferTimeframe(time, this.file);
    checkBarSpacing(time, timeframe, this.file, this.firstLine, this.layout.names[this.layout.time]!);
    return {
      kind: "bars",
      symbol,
      timeframe,
      length: time.length,
      time,
      open: this.open.finish(),
      high: this.high.finish(),
      low: this.low.finish(),
      close: this.close.finish(),
      volume: this.volume.finish(),
      spread: this.spread.finish(),
    };
  }
}
