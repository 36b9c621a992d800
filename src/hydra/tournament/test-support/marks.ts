import type { DeskMark } from "../daily-series.js";

/**
 * A desk's marks built by hand: `equity[0]` and `prices[*][0]` are its start, then one day mark per
 * further value on 2024-01-01, 2024-01-02, … (the start falls on the first day).
 */
export function marksOf(
  desk: string,
  equity: readonly number[],
  prices: Readonly<Record<string, readonly number[]>>,
): DeskMark[] {
  const at = (i: number): Record<string, number> =>
    Object.fromEntries(Object.entries(prices).map(([a, ps]) => [a, ps[i]!]));
  const day = (i: number): string => new Date(Date.UTC(2024, 0, Math.max(i, 1))).toISOString().slice(0, 10);
  return equity.map((e, i) => ({
    desk,
    point: i === 0 ? "start" : "day",
    day: day(i),
    time: Date.UTC(2024, 0, Math.max(i, 1), i === 0 ? 0 : 23),
    equity: e,
    prices: at(i),
  }));
}

/** An equity curve from a start and daily returns. */
export function curve(start: number, returns: readonly number[]): number[] {
  const out = [start];
  for (const r of returns) out.push(out.at(-1)! * (1 + r));
  return out;
}
