import { describe, expect, it } from "vitest";
import { harness, T0 } from "../kernel/test-support/harness.js";
import type { OpenIntent } from "../model/intent.js";
import type { RiskConfig } from "./risk-config.js";

const FTMO: Partial<RiskConfig> = {
  guardian: null,
  propFirm: { program: "ftmo-2step", phase: "challenge" },
  riskPct: { default: 100, bySource: {} },
  maxRiskPct: 100,
};
const gold = (o: Partial<OpenIntent> = {}): OpenIntent => ({
  kind: "open",
  symbol: "XAUUSD",
  side: "buy",
  orderType: "market",
  volume: 5,
  sl: 1990.2,
  ...o,
});

/** 5 lots of gold bought at 2000.20 on a 100,000 account ($500 per dollar of price), its stop $10 away: exactly $5,000 at risk, down to the 95,000 daily floor. */
function live() {
  const h = harness({ cash: 100_000, riskConfig: FTMO, brokerAccount: true });
  h.kernel.onTick(0, T0, 2000, 2000.2);
  h.kernel.submit(gold(), "s");
  h.kernel.onTick(0, T0 + 1, 2000, 2000.2);
  const account = h.account!;
  const monitor = h.engine!.propFirm!;
  const judge = (t: number, balance: number, equity: number) =>
    account.anchor(balance, equity, () => h.engine!.judge(t));
  return { h, account, monitor, judge };
}

describe("the broker's account in live mode: what the risk layer judges", () => {
  it("is the broker's figures at each account event, moved by the local mark in between", () => {
    const { h, account, judge } = live();
    expect(h.ledger.equity).toBe(99_900); // the spread paid at the ask
    judge(T0 + 2, 99_995, 99_890); // the broker charged a $5 commission the books do not know yet
    expect(account.equity).toBe(99_890);
    expect(account.balance).toBe(99_995);
    h.kernel.onTick(0, T0 + 3, 2001, 2001.2); // +$1 → +$500 on the local mark
    expect(h.ledger.equity).toBe(100_400);
    expect(account.equity).toBe(100_390);
    expect(account.confirmed).toBe(false);
  });

  it("reaches no verdict on a local mark past a floor: the broker's next figures decide", () => {
    const { h, monitor, judge } = live();
    judge(T0 + 2, 100_000, 99_900);
    // the local mark falls through the 95,000 daily floor: 1989.9 bid → 94,850 on the books
    h.kernel.onTick(0, T0 + 3, 1989.9, 1990.1);
    expect(h.ledger.equity).toBe(94_850);
    expect(monitor.verdict.status).toBe("active");
    // the broker's figures a second later do not show it (its price never went there): still active
    judge(T0 + 4, 100_000, 95_400);
    expect(monitor.verdict.status).toBe("active");
    // the broker's figures show it: failed, on the broker's equity
    judge(T0 + 5, 100_000, 94_990);
    expect(monitor.verdict).toMatchObject({ status: "failed", rule: "max-daily-loss", equity: 94_990 });
  });

  it("without the broker's figures yet, the books are judged as they are (a first start before any event)", () => {
    const { h, monitor } = live();
    h.kernel.onTick(0, T0 + 3, 1989.9, 1990.1);
    expect(monitor.verdict).toMatchObject({ status: "failed", equity: 94_850 });
  });

  it("denies a trade whose stop would breach the floor on the broker's equity, not on the books'", () => {
    const h = harness({ cash: 100_000, riskConfig: FTMO, brokerAccount: true });
    h.kernel.onTick(0, T0, 2000, 2000.2);
    // the broker's equity is $2,000 below the books (a loss the books missed): 98,000; floor 95,000
    h.account!.anchor(98_000, 98_000, () => h.engine!.judge(T0 + 1));
    // 1 lot with a stop $40 away risks $4,020: allowed on the books (100,000), a breach on the broker's
    expect(h.kernel.submit(gold({ volume: 1, sl: 1960.2 }), "s")).toMatchObject({
      accepted: false,
      code: "FLOOR_BREACH",
    });
    // $20 away risks $2,020: inside the room the broker's figures leave
    expect(h.kernel.submit(gold({ volume: 1, sl: 1980.2 }), "s").accepted).toBe(true);
  });
});
