import { describe, expect, it } from "vitest";
import { type BarSeries, Float64Column } from "../data/series.js";
import { resolveInstrument } from "../model/default-instruments.js";
import { DEFAULT_RISK_CONFIG } from "../risk/risk-config.js";
import type { Strategy } from "../strategies/strategy.js";
import { botReport, countWeekdays, runPortfolioBacktest } from "./portfolio-backtest.js";

function bars(symbol: string, start: number, closes: number[]): BarSeries {
  const cols = {
    time: new Float64Column(),
    o: new Float64Column(),
    h: new Float64Column(),
    l: new Float64Column(),
    c: new Float64Column(),
    v: new Float64Column(),
    s: new Float64Column(),
  };
  closes.forEach((c, i) => {
    cols.time.push(start + i * 60_000);
    cols.o.push(c);
    cols.h.push(c + 0.5);
    cols.l.push(c - 0.5);
    cols.c.push(c);
    cols.v.push(1);
    cols.s.push(Number.NaN);
  });
  return {
    kind: "bars",
    symbol,
    timeframe: "M1",
    length: closes.length,
    time: cols.time.finish(),
    open: cols.o.finish(),
    high: cols.h.finish(),
    low: cols.l.finish(),
    close: cols.c.finish(),
    volume: cols.v.finish(),
    spread: cols.s.finish(),
  };
}

/** Buys on its third bar with a stop, closes on its sixth; records the times it saw. */
function bot(name: string, symbol: string, seen: number[]): Strategy {
  let n = 0;
  return {
    name,
    subscriptions: [{ symbol, timeframe: "M1" }],
    onBar: (bar, ctx) => {
      seen.push(bar.time);
      n++;
      if (n === 3)
        ctx.submit({
          kind: "open",
          symbol,
          side: "buy",
          orderType: "market",
          volume: 0.1,
          sl: bar.close * 0.99,
        });
      if (n === 6) ctx.submit({ kind: "close", symbol });
    },
  };
}

describe("portfolio backtest", () => {
  it("merges several symbols' bars in time order through one kernel and one account, reporting per bot", () => {
    const t0 = Date.UTC(2024, 0, 10, 12, 0, 0);
    const seenGold: number[] = [];
    const seenEur: number[] = [];
    const r = runPortfolioBacktest({
      markets: [
        {
          series: bars("XAUUSD", t0, [2000, 2001, 2002, 2003, 2004, 2005, 2006, 2007]),
          spec: resolveInstrument("XAUUSD"),
        },
        {
          series: bars("EURUSD", t0, [1.1, 1.101, 1.102, 1.103, 1.104, 1.105, 1.106, 1.107]),
          spec: resolveInstrument("EURUSD"),
        },
      ],
      strategies: [bot("g", "XAUUSD", seenGold), bot("e", "EURUSD", seenEur)],
      cash: 100_000,
      riskConfig: {
        ...DEFAULT_RISK_CONFIG,
        guardian: null,
        propFirm: { program: "ftmo-2step", phase: "challenge" },
        correlation: { max: 2, timeframe: "M5", window: 50 },
      },
    });
    expect(seenGold).toHaveLength(8);
    expect(seenEur).toEqual(seenGold);
    // bought at the 4th bar's open plus the default spread, sold at the 7th's open: 0.1 lot × 100 oz × (2006 − 2003.2)
    expect(r.bots.find((b) => b.bot === "g")).toMatchObject({ trades: 1, winRatePct: 100, netPnl: 28 });
    expect(r.bots.find((b) => b.bot === "e")!.trades).toBe(1);
    expect(r.challenge).toMatchObject({ program: "ftmo-2step", status: "active" });
  });

  it("reports a bot's drawdown on its closed-trade curve and counts weekdays", () => {
    const t = (netPnl: number) => ({
      positionId: "P",
      source: "b",
      symbol: "X",
      side: "buy" as const,
      volume: 1,
      openTime: 0,
      openPrice: 1,
      closeTime: 0,
      closePrice: 1,
      grossPnl: netPnl,
      commission: 0,
      netPnl,
      exitReason: "tp",
    });
    expect(botReport("b", [t(100), t(-30), t(-50), t(200)], 10)).toEqual({
      bot: "b",
      trades: 4,
      winRatePct: 50,
      netPnl: 220,
      pnlPerDay: 22,
      maxDrawdown: 80,
    });
    expect(countWeekdays(Date.UTC(2024, 0, 12), Date.UTC(2024, 0, 15))).toBe(2); // Friday and Monday
  });
});
