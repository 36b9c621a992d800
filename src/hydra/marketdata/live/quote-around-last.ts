import { roundToTick } from "../../../core/rounding.js";
import type { PriceQuote } from "./price-feed.js";

/** The decimals a made-up quote is rounded to: cents from 1 up, six significant digits below. */
function priceDecimals(price: number): number {
  return price >= 1 ? 2 : 5 - Math.floor(Math.log10(price));
}

/**
 * A quote for a source that has only a last price: bid and ask `spreadPct` % of the price apart around it,
 * the bid rounded down and the ask up to the price step (so bid ≤ last ≤ ask always holds).
 */
export function quoteAroundLast(
  symbol: string,
  last: number,
  sourceTime: number,
  spreadPct: number,
): PriceQuote {
  const decimals = priceDecimals(last);
  const step = 10 ** -decimals;
  const half = (last * spreadPct) / 200;
  const at = (units: number) => Number((units * step).toFixed(decimals));
  return {
    symbol,
    bid: at(Math.floor((last - half) / step + 1e-9)),
    ask: at(Math.ceil((last + half) / step - 1e-9)),
    last: roundToTick(last, step, decimals),
    sourceTime,
  };
}
