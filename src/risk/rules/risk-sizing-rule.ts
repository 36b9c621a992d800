import { decimalsOf, floorToStep } from "../../core/rounding.js";
import { sizePosition } from "../position-sizing.js";
import type { Denial, PreTradeRule, TradeCheck } from "./pre-trade-rule.js";

/**
 * Sizes the trade from its stop: the source's risk per trade (1.5% of equity by default, 1% for the HF
 * scalper), capped by the guardian's band maximum. A volume of 0 asks for that size; a larger volume is
 * cut down to it, and to what the free margin carries; a size below the instrument's minimum is denied,
 * never rounded up.
 */
export class RiskSizingRule implements PreTradeRule {
  readonly name = "risk-sizing";

  constructor(
    private readonly riskPct: (source: string) => number,
    private readonly maxRiskPct: number,
    /** % of the free margin left unused (a fill a little worse than the sizing price still fits) */
    private readonly marginHeadroomPct = 0,
  ) {}

  check(c: TradeCheck): Denial | undefined {
    const pct = Math.min(this.riskPct(c.source), this.maxRiskPct);
    const money = (c.ledger.equity * pct) / 100;
    const rate = c.ledger.converter.profitRate(c.sym);
    const sized = sizePosition(
      c.spec,
      money,
      c.entry,
      c.intent.sl ?? Number.NaN,
      2 * c.spec.commissionPerLot * rate,
      rate,
    );
    if (!sized.ok) return { code: sized.code, reason: `${c.source}: ${sized.reason} (${pct}% of equity)` };
    if (c.volume <= 0 || c.volume > sized.volume) c.volume = sized.volume;
    // and no more than the free margin carries (a venue would reject it)
    const usable = c.ledger.freeMargin * (1 - this.marginHeadroomPct / 100);
    const byMargin = floorToStep(
      usable / c.ledger.converter.margin(c.sym, 1, c.entry, c.dir === 1),
      c.spec.volumeStep,
      decimalsOf(c.spec.volumeStep),
    );
    if (byMargin < c.spec.volumeMin) {
      return {
        code: "NO_MARGIN",
        reason: `free margin ${c.ledger.freeMargin.toFixed(2)} cannot carry ${c.spec.volumeMin} lots of ${c.spec.symbol}`,
      };
    }
    if (c.volume > byMargin) c.volume = byMargin;
    return undefined;
  }
}
