import { bootstrapMeanInterval, type MeanInterval } from "./bootstrap.js";
import type { DailySeries } from "./daily-series.js";
import type { TableSettings } from "./table-settings.js";

export const BUY_AND_HOLD = "buy-and-hold";

/**
 * Engine `a` against `b` (another engine, or buy-and-hold of its assets) on their common days: the mean
 * daily return difference a − b with its bootstrap interval, or how many days there were when too few.
 */
export type Comparison =
  | { a: string; b: string; days: number; interval: MeanInterval }
  | { a: string; b: string; days: number; needed: number; interval: null };

function compare(a: string, b: string, diffs: readonly number[], s: TableSettings): Comparison {
  if (diffs.length < s.minBootstrapDays)
    return { a, b, days: diffs.length, needed: s.minBootstrapDays, interval: null };
  // each comparison draws from its own seeded PRNG: its interval does not depend on the others
  return { a, b, days: diffs.length, interval: bootstrapMeanInterval(diffs, s)! };
}

export function versusBuyHold(x: DailySeries, s: TableSettings): Comparison {
  return compare(
    x.desk,
    BUY_AND_HOLD,
    x.returns.map((r, i) => r - x.buyHold[i]!),
    s,
  );
}

/** Every pair of engines (each once, in the order given) on the days both have a return for. */
export function versusEachOther(series: readonly DailySeries[], s: TableSettings): Comparison[] {
  const out: Comparison[] = [];
  for (let i = 0; i < series.length; i++)
    for (let j = i + 1; j < series.length; j++) {
      const a = series[i]!;
      const b = series[j]!;
      const byDay = new Map(b.days.map((d, k) => [d, b.returns[k]!]));
      const diffs: number[] = [];
      a.days.forEach((d, k) => {
        const other = byDay.get(d);
        if (other !== undefined) diffs.push(a.returns[k]! - other);
      });
      out.push(compare(a.desk, b.desk, diffs, s));
    }
  return out;
}
