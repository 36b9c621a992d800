import { COLORS, type Section, seconds } from "./chart-spec.js";
import { escapeHtml } from "./html.js";

/** A closed trade as the report draws it (times epoch ms). */
export interface ReportTrade {
  source: string;
  symbol: string;
  side: "buy" | "sell";
  openTime: number;
  openPrice: number;
  closeTime: number;
  closePrice: number;
  netPnl: number;
}

/** Prices to draw trades on: times (epoch ms, increasing) and prices. */
export interface PriceLine {
  t: ArrayLike<number>;
  price: ArrayLike<number>;
  /** what the prices are ("close of M1 bars (bid)") */
  label: string;
}

const MAX_POINTS = 4000;

/** The index of the last time at or before t (0 when t is before the first). */
function indexAt(t: ArrayLike<number>, at: number): number {
  let lo = 0;
  let hi = t.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (t[mid]! <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The trades on the price chart: the price (down-sampled to at most 4,000 points, each a bucket's last
 * price), buys and sells marked at their entries, exits in grey. Without market data (a journal), the
 * trades' own prices make the line.
 */
export function tradesSection(
  symbol: string,
  trades: readonly ReportTrade[],
  prices: PriceLine | null,
): Section {
  const mine = trades.filter((t) => t.symbol === symbol);
  let line: PriceLine;
  if (prices !== null && prices.t.length > 0) line = prices;
  else {
    const events = mine
      .flatMap((t) => [
        [t.openTime, t.openPrice],
        [t.closeTime, t.closePrice],
      ])
      .sort((a, b) => a[0]! - b[0]!);
    line = {
      t: events.map((e) => e[0]!),
      price: events.map((e) => e[1]!),
      label: "the trades' own prices (no market data)",
    };
  }
  const n = line.t.length;
  const step = Math.max(1, Math.ceil(n / MAX_POINTS));
  const x: number[] = [];
  const price: number[] = [];
  for (let i = step - 1; i < n + step - 1; i += step) {
    const k = Math.min(i, n - 1);
    x.push(seconds(line.t[k]!));
    price.push(line.price[k]!);
  }
  const buys: Array<number | null> = x.map(() => null);
  const sells: Array<number | null> = x.map(() => null);
  const exits: Array<number | null> = x.map(() => null);
  const sampled = x.map((s) => s * 1000);
  for (const t of mine) {
    (t.side === "buy" ? buys : sells)[indexAt(sampled, t.openTime)] = t.openPrice;
    exits[indexAt(sampled, t.closeTime)] = t.closePrice;
  }
  const id = `chart-trades-${symbol.replace(/[^A-Za-z0-9]/g, "_")}`;
  return {
    title: `Trades on the ${symbol} chart`,
    html: `<p>${mine.length} trades; price: ${escapeHtml(line.label)}${step > 1 ? `, one point per ${step}` : ""}.</p><figure class="chart" id="${id}"></figure>`,
    charts: [
      {
        id,
        title: `${symbol}: entries (buy green, sell red) and exits (grey)`,
        x,
        time: true,
        y: "price",
        series: [
          { label: "price", values: price, color: COLORS.price, style: "line" },
          { label: "buy", values: buys, color: COLORS.buy, style: "points" },
          { label: "sell", values: sells, color: COLORS.sell, style: "points" },
          { label: "exit", values: exits, color: COLORS.exit, style: "points" },
        ],
      },
    ],
  };
}
