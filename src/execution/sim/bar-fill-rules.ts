/**
 * Fill rules on bar data, where the path inside the bar is unknown. Prices are on the side the order
 * trades against (ask for buys, bid for sells). A gap through a level fills at the open; a level touched
 * inside the bar fills at the level.
 */

/** A buy stop at `level` (or the stop loss of a short): NaN when the bar never reached it. */
export function buyStopFill(level: number, open: number, high: number): number {
  if (open >= level) return open;
  return high >= level ? level : Number.NaN;
}

/** A sell stop at `level` (or the stop loss of a long). */
export function sellStopFill(level: number, open: number, low: number): number {
  if (open <= level) return open;
  return low <= level ? level : Number.NaN;
}

/** A buy limit at `level` (or the take profit of a short). */
export function buyLimitFill(level: number, open: number, low: number): number {
  if (open <= level) return open;
  return low <= level ? level : Number.NaN;
}

/** A sell limit at `level` (or the take profit of a long). */
export function sellLimitFill(level: number, open: number, high: number): number {
  if (open >= level) return open;
  return high >= level ? level : Number.NaN;
}

export interface BarExit {
  price: number;
  reason: "sl" | "tp";
}

/**
 * The exit of a position inside a bar. When the bar reaches both the stop loss and the take profit and
 * the open gapped through neither, the stop loss counts first (the conservative reading). Prices are
 * those the exit trades against: bid for a long, ask for a short. `checkTp` is false on the bar in which
 * the position was opened by a pending order (the path after the entry is unknown, so only the stop is
 * assumed).
 */
export function exitInBar(
  long: boolean,
  sl: number,
  tp: number,
  open: number,
  high: number,
  low: number,
  checkTp: boolean,
  out: BarExit,
): boolean {
  const slFill = Number.isNaN(sl)
    ? Number.NaN
    : long
      ? sellStopFill(sl, open, low)
      : buyStopFill(sl, open, high);
  const tpFill =
    !checkTp || Number.isNaN(tp)
      ? Number.NaN
      : long
        ? sellLimitFill(tp, open, high)
        : buyLimitFill(tp, open, low);
  if (Number.isNaN(slFill) && Number.isNaN(tpFill)) return false;
  if (!Number.isNaN(tpFill) && (Number.isNaN(slFill) || tpFill === open)) {
    out.price = tpFill;
    out.reason = "tp";
    return true;
  }
  out.price = slFill;
  out.reason = "sl";
  return true;
}
