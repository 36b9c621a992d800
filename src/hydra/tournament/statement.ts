import { excludesZero, type MeanInterval } from "./bootstrap.js";
import type { Comparison } from "./comparisons.js";
import type { TableSettings } from "./table-settings.js";

type Computed = Comparison & { interval: MeanInterval };

/** a fraction as a signed percent to 3 places (a rounded −0 shows as +0.000) */
function signed(x: number): string {
  const v = Number((x * 100).toFixed(3));
  return `${v >= 0 ? "+" : ""}${v.toFixed(3)}`;
}

/** "+0.120 %/day [+0.010, +0.230]": a mean daily difference and its interval, in percent. */
export function formatInterval(i: MeanInterval): string {
  return `${signed(i.mean)} %/day [${signed(i.low)}, ${signed(i.high)}]`;
}

const percent = (x: number): string => `${Number((x * 100).toFixed(2))} %`;

function dayRange(cs: readonly Comparison[]): string {
  const days = cs.map((c) => c.days);
  const lo = Math.min(...days);
  const hi = Math.max(...days);
  return lo === hi ? `${lo} day${lo === 1 ? "" : "s"}` : `${lo}–${hi} days`;
}

/** "a above b (…)" with the one ahead named first. */
function ahead(c: Computed): string {
  const above = c.interval.mean > 0;
  const i = above
    ? c.interval
    : { ...c.interval, mean: -c.interval.mean, low: -c.interval.high, high: -c.interval.low };
  return `${above ? c.a : c.b} above ${above ? c.b : c.a} (${formatInterval(i)})`;
}

/**
 * What the table can and cannot tell, in plain words: which engines' daily returns differ from
 * buy-and-hold's or from each other's by more than chance (a bootstrap interval of the mean daily
 * difference that excludes 0), or that none do, or that there are too few days to say.
 */
export function tournamentStatement(
  vsBuyHold: readonly Comparison[],
  pairs: readonly Comparison[],
  s: TableSettings,
): string {
  if (vsBuyHold.length === 0) return "No engine to compare.";
  const computed = [...vsBuyHold, ...pairs].filter((c): c is Computed => c.interval !== null);
  const conf = percent(s.confidence);
  if (computed.length === 0) {
    const most = Math.max(...vsBuyHold.map((c) => c.days));
    return `Too few days to tell any engine from buy-and-hold${pairs.length > 0 ? " or from the others" : ""}: ${most} daily return${most === 1 ? "" : "s"}, a bootstrap interval needs ${s.minBootstrapDays}.`;
  }
  const bh = vsBuyHold.filter((c): c is Computed => c.interval !== null && excludesZero(c.interval));
  const each = pairs.filter((c): c is Computed => c.interval !== null && excludesZero(c.interval));
  const short = vsBuyHold.filter((c) => c.interval === null);
  const tail =
    short.length === 0
      ? ""
      : ` Too few days to compare ${short.map((c) => `${c.a} (${c.days} of ${s.minBootstrapDays})`).join(", ")}.`;
  const days = dayRange(computed);
  if (bh.length === 0 && each.length === 0)
    return `No engine's return is distinguishable from buy-and-hold${pairs.length > 0 ? " or from the others" : ""} (${conf} bootstrap intervals of the mean daily difference all contain 0, ${days}).${tail}`;
  const bhText =
    bh.length === 0
      ? "No engine's return is distinguishable from buy-and-hold."
      : `Distinguishable from buy-and-hold (${conf} bootstrap interval of the mean daily difference excludes 0, ${days}): ${bh
          .map((c) => `${c.a} ${c.interval.mean > 0 ? "above" : "below"} it (${formatInterval(c.interval)})`)
          .join("; ")}.`;
  const eachText =
    pairs.length === 0
      ? ""
      : each.length === 0
        ? " No two engines are distinguishable from each other."
        : ` Distinguishable from each other: ${each.map(ahead).join("; ")}.`;
  return `${bhText}${eachText} Every other interval contains 0; by chance alone about ${percent(1 - s.confidence)} of such intervals exclude 0 (${computed.length} comparison${computed.length === 1 ? "" : "s"} here).${tail}`;
}
