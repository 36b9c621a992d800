/**
 * A desk's equity and the assets' prices at one instant of market time: its start (before it first
 * trades), or the last cycle of one of its market days (the last mark of a day replaces the earlier).
 */
export interface DeskMark {
  desk: string;
  point: "start" | "day";
  /** the desk's market day (its ledger's day key, YYYY-MM-DD) */
  day: string;
  /** epoch ms, market time */
  time: number;
  equity: number;
  /** each asset's price (bid) at that instant */
  prices: Readonly<Record<string, number>>;
}

/** A desk's daily returns beside buy-and-hold of the same assets at the same instants. */
export interface DailySeries {
  desk: string;
  startTime: number;
  startEquity: number;
  /** the day of each return (a return ends with that day's mark) */
  days: string[];
  /** equity[i] ÷ equity[i − 1] − 1, from the start mark on */
  returns: number[];
  /** the same for buy-and-hold: equal shares of every asset bought at the start prices */
  buyHold: number[];
  /** the assets bought and held (priced at the start and at every mark) */
  assets: string[];
  /** start → last mark, % */
  returnPct: number;
  buyHoldPct: number;
}

/**
 * The series of one desk's marks (any order): null without a start mark and at least one day mark. An
 * asset without a positive price at every mark is left out of buy-and-hold; with none left, buyHold is
 * all zeros and `assets` empty.
 */
export function dailySeries(marks: readonly DeskMark[]): DailySeries | null {
  const start = marks.find((m) => m.point === "start");
  const days = marks.filter((m) => m.point === "day").sort((a, b) => a.day.localeCompare(b.day));
  if (start === undefined || days.length === 0 || !(start.equity > 0)) return null;
  const points = [start, ...days];
  const assets = Object.keys(start.prices)
    .filter((a) => points.every((p) => (p.prices[a] ?? 0) > 0))
    .sort();
  // buy-and-hold's value per unit of start cash: the mean of the price relatives
  const value = (p: DeskMark): number =>
    assets.length === 0 ? 1 : assets.reduce((s, a) => s + p.prices[a]! / start.prices[a]!, 0) / assets.length;
  const returns: number[] = [];
  const buyHold: number[] = [];
  for (let i = 1; i < points.length; i++) {
    returns.push(points[i]!.equity / points[i - 1]!.equity - 1);
    buyHold.push(value(points[i]!) / value(points[i - 1]!) - 1);
  }
  const last = points.at(-1)!;
  return {
    desk: start.desk,
    startTime: start.time,
    startEquity: start.equity,
    days: days.map((d) => d.day),
    returns,
    buyHold,
    assets,
    returnPct: (last.equity / start.equity - 1) * 100,
    buyHoldPct: (value(last) - 1) * 100,
  };
}
