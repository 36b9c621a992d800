import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { readMarketFile } from "../../data/readers/index.js";
import type { MarketSeries } from "../../data/series.js";
import { SyntheticMarket } from "../../data/synthetic/index.js";
import type { InstrumentSpec } from "../../model/instrument.js";
import { SimBridgeError } from "./sim-bridge-error.js";

/** Where the simulated bridge's ticks come from. */
export type TickSourceSpec =
  | { kind: "synthetic"; seed: number; startMs?: number }
  | { kind: "file"; path: string }
  /** no stream: only ticks pushed by hand (tests) */
  | { kind: "manual" };

/** A time-ordered stream of quotes; the current one is in the fields (symbol is an index into `symbols`). */
export interface TickSource {
  readonly symbols: readonly string[];
  /** the market time of the first tick (NaN when there is none) */
  readonly startMs: number;
  symbolIndex: number;
  time: number;
  bid: number;
  ask: number;
  /** false at the end of the data */
  next(): boolean;
}

export function openTickSource(
  spec: TickSourceSpec,
  symbols: readonly string[],
  specs: readonly InstrumentSpec[],
  now: number,
): TickSource | undefined {
  if (spec.kind === "manual") return undefined;
  if (spec.kind === "synthetic") {
    const m = new SyntheticMarket({ symbols, seed: spec.seed, startMs: spec.startMs ?? now });
    m.next();
    let primed = true;
    const source: TickSource = {
      symbols,
      startMs: m.time,
      symbolIndex: -1,
      time: Number.NaN,
      bid: Number.NaN,
      ask: Number.NaN,
      next(): boolean {
        const more = primed || m.next();
        primed = false;
        source.symbolIndex = m.symbolIndex;
        source.time = m.time;
        source.bid = m.bid;
        source.ask = m.ask;
        return more;
      },
    };
    return source;
  }
  return fileSource(spec.path, symbols, specs);
}

/** Ticks of one file or every file of a directory whose symbol is traded, merged in time order. */
function fileSource(file: string, symbols: readonly string[], specs: readonly InstrumentSpec[]): TickSource {
  if (!existsSync(file)) throw new SimBridgeError("NO_DATA", `--data: no such file or directory ${file}`);
  const files = statSync(file).isDirectory()
    ? readdirSync(file)
        .sort()
        .map((f) => path.join(file, f))
        .filter((f) => statSync(f).isFile())
    : [file];
  const rows: Array<{ sym: number; time: number; bid: number; ask: number }> = [];
  for (const f of files) {
    const series = readMarketFile(f);
    const sym = symbols.indexOf(series.symbol);
    if (sym < 0) continue;
    pushSeries(rows, sym, series, specs[sym]!.spread);
  }
  if (rows.length === 0)
    throw new SimBridgeError(
      "NO_DATA",
      `${file}: no ticks or bars of ${symbols.join(", ")} (the symbol comes from the file name)`,
    );
  rows.sort((a, b) => a.time - b.time || a.sym - b.sym);
  let i = -1;
  const source: TickSource = {
    symbols,
    startMs: rows[0]!.time,
    symbolIndex: -1,
    time: Number.NaN,
    bid: Number.NaN,
    ask: Number.NaN,
    next(): boolean {
      i++;
      const r = rows[i];
      if (r === undefined) return false;
      source.symbolIndex = r.sym;
      source.time = r.time;
      source.bid = r.bid;
      source.ask = r.ask;
      return true;
    },
  };
  return source;
}

/** Ticks as they are; a bar as four quotes inside it (open, low or high first as the bar moved, close). */
function pushSeries(
  rows: Array<{ sym: number; time: number; bid: number; ask: number }>,
  sym: number,
  s: MarketSeries,
  defaultSpread: number,
): void {
  if (s.kind === "ticks") {
    for (let i = 0; i < s.length; i++) rows.push({ sym, time: s.time[i]!, bid: s.bid[i]!, ask: s.ask[i]! });
    return;
  }
  const len = s.length > 1 ? s.time[1]! - s.time[0]! : 60_000;
  for (let i = 0; i < s.length; i++) {
    const spread = Number.isNaN(s.spread[i]!) ? defaultSpread : s.spread[i]!;
    const t = s.time[i]!;
    const up = s.close[i]! >= s.open[i]!;
    const path = [s.open[i]!, up ? s.low[i]! : s.high[i]!, up ? s.high[i]! : s.low[i]!, s.close[i]!];
    for (let k = 0; k < 4; k++) {
      const bid = path[k]!;
      rows.push({ sym, time: t + Math.floor((k * len) / 4), bid, ask: bid + spread });
    }
  }
}
