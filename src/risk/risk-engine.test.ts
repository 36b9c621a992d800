import { describe, expect, it } from "vitest";
import { harness, MIN, T0 } from "../kernel/test-support/harness.js";
import type { OpenIntent } from "../model/intent.js";
import type { RiskConfig } from "./risk-config.js";

const NONE: Partial<RiskConfig> = { guardian: null, propFirm: null };
const gold = (o: Partial<OpenIntent> = {}): OpenIntent => ({
  kind: "open",
  symbol: "XAUUSD",
  side: "buy",
  orderType: "market",
  volume: 0,
  sl: 1990,
  ...o,
});

function setup(cfg: Partial<RiskConfig> = NONE, extra: Parameters<typeof harness>[0] = {}) {
  const h = harness({ cash: 100_000, riskConfig: { ...NONE, ...cfg }, ...extra });
  h.kernel.onTick(0, T0, 2000, 2000.2);
  return h;
}

describe("risk engine: pre-trade rules", () => {
  it("requires a stop loss on the losing side of the entry", () => {
    const h = setup();
    expect(h.kernel.submit(gold({ sl: undefined }), "s")).toMatchObject({
      accepted: false,
      code: "STOP_LOSS_REQUIRED",
    });
    expect(h.kernel.submit(gold({ sl: 2001 }), "s")).toMatchObject({
      accepted: false,
      code: "STOP_LOSS_REQUIRED",
    });
    expect(h.kernel.submit(gold({ side: "sell", sl: 1999 }), "s")).toMatchObject({
      accepted: false,
      code: "STOP_LOSS_REQUIRED",
    });
    expect(h.kernel.submit(gold({ side: "sell", sl: 2010 }), "s").accepted).toBe(true);
    expect(h.denials.map((d) => d.code)).toEqual([
      "STOP_LOSS_REQUIRED",
      "STOP_LOSS_REQUIRED",
      "STOP_LOSS_REQUIRED",
    ]);
  });

  it("sizes from the stop: 1.5% by default, 1% for the HF scalper, a larger volume cut down, too small denied", () => {
    const h = setup({ ...NONE, correlation: { max: 2, timeframe: "M5", window: 50 } });
    // entry at the ask 2000.20, stop 1990.20: 1000 ticks × $1 = $1000 per lot; 1.5% of 100,000 = 1,500 → 1.50 lots
    h.kernel.submit(gold({ sl: 1990.2 }), "s");
    h.kernel.onTick(0, T0 + 1, 2000, 2000.2);
    expect(h.fills[0]!.volume).toBe(1.5);
    h.kernel.submit({ ...gold({ sl: 1990.2, volume: 5 }), symbol: "XAUUSD", side: "buy" }, "hf-scalper");
    h.kernel.onTick(0, T0 + 2, 2000, 2000.2);
    // cut down to 1% of equity, which is 99,970 after the first position paid the spread → 0.99 lots
    expect(h.fills[1]!.volume).toBe(0.99);
    const tiny = setup({ ...NONE }, { cash: 500 });
    expect(tiny.kernel.submit(gold({ sl: 1900 }), "s")).toMatchObject({
      accepted: false,
      code: "RISK_TOO_SMALL",
    });
  });

  it("per-bot risk follows the bot whatever its instance is called, and adaptive sizing changes the lots", () => {
    const corr = { ...NONE, correlation: { max: 2, timeframe: "M5" as const, window: 50 } };
    const h = setup(corr);
    // 1% for every instance of the HF scalper: 1,000 of 100,000 over a 10.00 stop → 1.00 lot
    h.kernel.submit(gold({ sl: 1990.2 }), "hf-scalper:XAUUSD");
    h.kernel.onTick(0, T0 + 1, 2000, 2000.2);
    expect(h.fills[0]!.volume).toBe(1);
    // L1: a bot whose last trades won is sized at 1.8% → 1.80 lots; the cap (2%) holds above it
    const adapted = setup(corr, { riskPctOf: (s) => (s === "hot" ? 1.8 : 5) });
    adapted.kernel.submit(gold({ sl: 1990.2 }), "hot");
    adapted.kernel.onTick(0, T0 + 1, 2000, 2000.2);
    expect(adapted.fills[0]!.volume).toBe(1.8);
    adapted.kernel.submit({ ...gold({ sl: 1990.2 }), side: "buy" }, "over-cap");
    adapted.kernel.onTick(0, T0 + 2, 2000, 2000.2);
    // 2% of equity 99,982 (the first paid the spread) = 1,999.64 → 1.99 lots
    expect(adapted.fills[1]!.volume).toBe(1.99);
  });

  it("cuts the size to what the free margin carries, and denies when it carries less than the minimum", () => {
    const h = harness({ symbols: ["BTC-USD"], cash: 100_000, riskConfig: NONE });
    h.kernel.onTick(0, T0, 60_000, 60_001);
    // 1.5% risk with a stop 300 away would be 5 BTC (300,000 notional); leverage 1 carries 1.66663,
    // and the 2% headroom keeps 2,000 of it free: 98,000 / 60,001 = 1.6333
    const r = h.kernel.submit(
      { kind: "open", symbol: "BTC-USD", side: "buy", orderType: "market", volume: 0, sl: 59_701 },
      "s",
    );
    expect(r.accepted).toBe(true);
    // the market order fills at the next tick, 0.8% worse: still within the margin, not NO_MONEY
    h.kernel.onTick(0, T0 + 1, 60_499, 60_500);
    expect(h.fills[0]!.volume).toBe(1.6333);
    expect(h.updates.some((u) => u.state === "rejected")).toBe(false);
    // without headroom the same order is sized at 1.66663 and the venue rejects it for margin
    const tight = harness({
      symbols: ["BTC-USD"],
      cash: 100_000,
      riskConfig: { ...NONE, marginHeadroomPct: 0 },
    });
    tight.kernel.onTick(0, T0, 60_000, 60_001);
    tight.kernel.submit(
      { kind: "open", symbol: "BTC-USD", side: "buy", orderType: "market", volume: 0, sl: 59_701 },
      "s",
    );
    tight.kernel.onTick(0, T0 + 1, 60_499, 60_500);
    expect(tight.updates.some((u) => u.state === "rejected")).toBe(true);
    const broke = harness({ symbols: ["BTC-USD"], cash: 0.5, riskConfig: NONE });
    broke.kernel.onTick(0, T0, 60_000, 60_001);
    expect(
      broke.kernel.submit(
        { kind: "open", symbol: "BTC-USD", side: "buy", orderType: "market", volume: 0, sl: 59_999 },
        "s",
      ),
    ).toMatchObject({
      accepted: false,
      code: "NO_MARGIN",
    });
  });

  it("allows at most three positions, counting working entries", () => {
    const h = setup({ ...NONE, correlation: { max: 2, timeframe: "M5", window: 50 } });
    h.kernel.submit(gold({ volume: 0.1 }), "a");
    h.kernel.submit(gold({ volume: 0.1 }), "b");
    h.kernel.onTick(0, T0 + 1, 2000, 2000.2);
    h.kernel.submit(gold({ volume: 0.1, orderType: "stop", price: 2010 }), "c");
    expect(h.kernel.submit(gold({ volume: 0.1 }), "d")).toMatchObject({
      accepted: false,
      code: "MAX_POSITIONS",
    });
    expect(h.kernel.submit({ kind: "close", symbol: "XAUUSD" }, "a").accepted).toBe(true);
  });

  it("denies the same source, symbol and direction within 5 minutes", () => {
    const h = setup({ ...NONE, correlation: { max: 2, timeframe: "M5", window: 50 }, maxPositions: 100 });
    expect(h.kernel.submit(gold({ volume: 0.1 }), "s").accepted).toBe(true);
    expect(h.kernel.submit(gold({ volume: 0.1 }), "s")).toMatchObject({
      accepted: false,
      code: "DUPLICATE_ORDER",
    });
    expect(h.kernel.submit(gold({ volume: 0.1, side: "sell", sl: 2010 }), "s").accepted).toBe(true);
    expect(h.kernel.submit(gold({ volume: 0.1 }), "other").accepted).toBe(true);
    h.kernel.onTick(0, T0 + 5 * MIN - 1, 2000, 2000.2);
    expect(h.kernel.submit(gold({ volume: 0.1 }), "s")).toMatchObject({
      accepted: false,
      code: "DUPLICATE_ORDER",
    });
    h.kernel.onTick(0, T0 + 5 * MIN, 2000, 2000.2);
    expect(h.kernel.submit(gold({ volume: 0.1 }), "s").accepted).toBe(true);
  });

  it("limits orders per source and per account per minute (sliding window)", () => {
    const h = setup({
      ...NONE,
      correlation: { max: 2, timeframe: "M5", window: 50 },
      maxPositions: 100,
      duplicateCooldownMs: 0,
      rateLimit: { perSourcePerMinute: 2, perAccountPerMinute: 3 },
    });
    expect(h.kernel.submit(gold({ volume: 0.1 }), "s").accepted).toBe(true);
    expect(h.kernel.submit(gold({ volume: 0.1 }), "s").accepted).toBe(true);
    expect(h.kernel.submit(gold({ volume: 0.1 }), "s")).toMatchObject({
      accepted: false,
      code: "RATE_LIMIT",
    });
    expect(h.kernel.submit(gold({ volume: 0.1 }), "t").accepted).toBe(true);
    expect(h.kernel.submit(gold({ volume: 0.1 }), "u")).toMatchObject({
      accepted: false,
      code: "RATE_LIMIT",
    });
    h.kernel.onTick(0, T0 + MIN, 2000, 2000.2);
    expect(h.kernel.submit(gold({ volume: 0.1 }), "s").accepted).toBe(true);
  });

  it("denies a trade outside the instrument's session", () => {
    const h = harness({ cash: 100_000, riskConfig: NONE });
    const saturday = Date.UTC(2024, 0, 13, 12, 0, 0);
    h.kernel.onTick(0, saturday, 2000, 2000.2);
    expect(h.kernel.submit(gold(), "s")).toMatchObject({ accepted: false, code: "MARKET_CLOSED" });
  });

  it("denies a position correlated above 0.7 with an open one in the same direction, not a hedge", () => {
    const h = harness({
      symbols: ["XAUUSD", "EURUSD"],
      cash: 100_000,
      riskConfig: { ...NONE, correlation: { max: 0.7, timeframe: "M5", window: 20 } },
    });
    // 30 five-minute bars in which EURUSD moves with gold
    let t = T0;
    for (let i = 0; i < 30 * 5; i++) {
      const wave = Math.sin(i / 7) * 5 + i * 0.01;
      h.kernel.onTick(0, t, 2000 + wave, 2000.2 + wave);
      h.kernel.onTick(1, t, 1.08 + wave / 1000, 1.08008 + wave / 1000);
      t += MIN;
    }
    const bid = h.ledger.lastBid[0]!;
    expect(h.kernel.submit(gold({ volume: 0.1, sl: bid - 10 }), "s").accepted).toBe(true);
    h.kernel.onTick(0, t, bid, bid + 0.2);
    const eu = h.ledger.lastBid[1]!;
    const euro = (side: "buy" | "sell", sl: number): OpenIntent => ({
      kind: "open",
      symbol: "EURUSD",
      side,
      orderType: "market",
      volume: 0.1,
      sl,
    });
    expect(h.kernel.submit(euro("buy", eu - 0.002), "s")).toMatchObject({
      accepted: false,
      code: "CORRELATION",
    });
    expect(h.kernel.submit(euro("sell", eu + 0.002), "s").accepted).toBe(true);
  });
});

describe("risk engine: floors, guardian and states", () => {
  it("denies a trade whose stop, with the open stops, could breach the prop-firm daily floor", () => {
    const h = setup({
      ...NONE,
      propFirm: { program: "ftmo-2step", phase: "challenge" },
      riskPct: { default: 10, bySource: {} },
      maxRiskPct: 10,
      correlation: { max: 2, timeframe: "M5", window: 50 },
    });
    // Daily floor 95,000. A long 2 lots with a stop $15 away risks ~3,000.
    expect(h.kernel.submit(gold({ volume: 2, sl: 1985.2 }), "a").accepted).toBe(true);
    h.kernel.onTick(0, T0 + 1, 2000, 2000.2);
    // Another 1.5 lots with a $15 stop: 3,000 + 2,250 + the spread already lost > 5,000 → denied.
    expect(h.kernel.submit(gold({ volume: 1.5, sl: 1985.2 }), "b")).toMatchObject({
      accepted: false,
      code: "FLOOR_BREACH",
    });
    expect(h.kernel.submit(gold({ volume: 0.5, sl: 1985.2 }), "b").accepted).toBe(true);
  });

  it("halts on the first tick past the guardian's daily loss and trades again the next day", () => {
    const h = setup({
      guardian: { dailyLossPct: 4.5, maxDrawdownPct: 9 },
      propFirm: null,
      riskPct: { default: 100, bySource: {} },
      maxRiskPct: 100,
    });
    // 10 lots long at 2000.20 with a stop at 1996: $4,200 at risk, inside the 4.5% floor (95,500)
    expect(h.kernel.submit(gold({ volume: 10, sl: 1996 }), "s").accepted).toBe(true);
    h.kernel.onTick(0, T0 + 1, 2000, 2000.2);
    h.kernel.onTick(0, T0 + 2, 1996.5, 1996.7); // equity 96,300
    expect(h.engine!.states.own("account")).toBe("ACTIVE");
    h.kernel.onTick(0, T0 + 3, 1995.4, 1995.6); // gaps through the stop: filled at 1995.40, equity 95,200
    expect(h.fills[1]).toMatchObject({ reason: "sl", price: 1995.4 });
    expect(h.engine!.states.history[0]).toMatchObject({ scope: "account", to: "HALTED", time: T0 + 3 });
    expect(h.kernel.submit(gold({ volume: 0.1, sl: 1990 }), "s")).toMatchObject({
      accepted: false,
      code: "TRADING_HALTED",
    });
    h.kernel.onTick(0, Date.UTC(2024, 0, 10, 23, 0, 1), 1996, 1996.2); // Prague midnight
    expect(h.engine!.states.own("account")).toBe("ACTIVE");
    expect(h.kernel.submit(gold({ volume: 0.1, sl: 1990 }), "s").accepted).toBe(true);
  });

  it("trips the kill switch at 9% drawdown and, in close mode, flattens what is left", () => {
    const h = harness({
      symbols: ["XAUUSD", "BTC-USD"],
      cash: 100_000,
      riskConfig: {
        guardian: { dailyLossPct: 50, maxDrawdownPct: 9 },
        propFirm: null,
        riskPct: { default: 100, bySource: {} },
        maxRiskPct: 100,
        killMode: "close",
      },
    });
    h.kernel.onTick(0, T0, 2000, 2000.2);
    h.kernel.onTick(1, T0, 60_000, 60_001);
    expect(
      h.kernel.submit(
        { kind: "open", symbol: "BTC-USD", side: "buy", orderType: "market", volume: 0.1, sl: 59_000 },
        "s",
      ).accepted,
    ).toBe(true);
    expect(h.kernel.submit(gold({ volume: 10, sl: 1991.4 }), "s").accepted).toBe(true);
    h.kernel.onTick(0, T0 + 1, 2000, 2000.2);
    h.kernel.onTick(1, T0 + 1, 60_000, 60_001);
    h.kernel.onTick(0, T0 + 2, 1990, 1990.2); // gaps through the gold stop: 10,200 lost, past 9%
    expect(h.engine!.states.effective("s")).toBe("HALTED");
    expect(h.engine!.states.history.at(-1)!.reason).toMatch(/kill switch/);
    expect(h.ledger.openCount).toBe(1);
    h.kernel.onTick(1, T0 + 3, 60_000, 60_001); // the close-all goes out on the next event and fills here
    expect(h.ledger.openCount).toBe(0);
  });

  it("halts the account when the prop-firm program fails", () => {
    const h = setup({
      ...NONE,
      propFirm: { program: "ftmo-2step", phase: "challenge" },
      riskPct: { default: 100, bySource: {} },
      maxRiskPct: 100,
    });
    // 5 lots with a stop $10 away: exactly $5,000 at risk, allowed down to the 95,000 floor
    expect(h.kernel.submit(gold({ volume: 5, sl: 1990.2 }), "s").accepted).toBe(true);
    h.kernel.onTick(0, T0 + 1, 2000, 2000.2);
    h.kernel.onTick(0, T0 + 2, 1990.5, 1990.7); // equity 95,150
    expect(h.engine!.propFirm!.verdict.status).toBe("active");
    h.kernel.onTick(0, T0 + 3, 1989.9, 1990.1); // gap through the stop: 94,850 < 95,000
    expect(h.engine!.propFirm!.verdict).toMatchObject({
      status: "failed",
      rule: "max-daily-loss",
      time: T0 + 3,
    });
    expect(h.kernel.submit(gold({ volume: 0.1, sl: 1980 }), "s")).toMatchObject({
      accepted: false,
      code: "TRADING_HALTED",
    });
  });

  it("REDUCING allows exits and stop changes, not new trades; HALTED allows exits only", () => {
    const h = setup();
    h.kernel.submit(gold({ volume: 0.1 }), "s");
    h.kernel.onTick(0, T0 + 1, 2000, 2000.2);
    const id = h.ledger.positions[0]!.id;
    h.engine!.states.set("global", "REDUCING", "operator", T0 + 1);
    expect(h.kernel.submit(gold({ volume: 0.1, side: "sell", sl: 2010 }), "s")).toMatchObject({
      accepted: false,
      code: "REDUCING_ONLY",
    });
    expect(h.kernel.submit({ kind: "modify", positionId: id, sl: 1995 }, "s").accepted).toBe(true);
    h.engine!.states.set("global", "HALTED", "operator", T0 + 1);
    expect(h.kernel.submit({ kind: "modify", positionId: id, sl: 1996 }, "s")).toMatchObject({
      accepted: false,
      code: "TRADING_HALTED",
    });
    expect(h.kernel.submit({ kind: "close", symbol: "XAUUSD" }, "s").accepted).toBe(true);
  });
});
