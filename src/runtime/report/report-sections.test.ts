import { describe, expect, it } from "vitest";
import { propFirmProgram } from "../../risk/prop-firm/program.js";
import { botRows } from "./bots-section.js";
import { dailyRows } from "./daily-section.js";
import { equitySection } from "./equity-section.js";
import { renderPage } from "./html.js";
import { monthlyReturns } from "./monthly-section.js";
import { walkForwardFixture } from "./test-support/walk-forward-fixture.js";
import { walkForwardSection } from "./walk-forward-section.js";

const T0 = Date.UTC(2024, 0, 2);
const DAY = 86_400_000;
const day = (i: number, startBalance: number, endBalance: number, minEquity: number) => ({
  day: `2024-01-0${i + 2}`,
  startTime: T0 + i * DAY,
  startBalance,
  endBalance,
  endEquity: endBalance,
  minEquity,
});

describe("the report's sections", () => {
  it("daily rows: FTMO 2-step's floors are 5 % of the initial under the day's start and a static 90 %", () => {
    const rows = dailyRows(
      [day(0, 100_000, 101_000, 99_000), day(1, 101_000, 97_000, 96_000)],
      propFirmProgram("ftmo-2step", "challenge"),
      100_000,
    );
    expect(rows).toEqual([
      {
        day: "2024-01-02",
        startTime: T0,
        pnl: 1_000,
        worst: -1_000,
        dailyFloor: -5_000,
        maxLossFloor: -10_000,
      },
      {
        day: "2024-01-03",
        startTime: T0 + DAY,
        pnl: -4_000,
        worst: -5_000,
        dailyFloor: -5_000,
        maxLossFloor: -11_000,
      },
    ]);
  });

  it("daily rows: FTMO 1-step's max-loss floor trails the highest end-of-day balance", () => {
    const rows = dailyRows(
      [day(0, 100_000, 104_000, 100_000), day(1, 104_000, 103_000, 103_000)],
      propFirmProgram("ftmo-1step", "challenge"),
      100_000,
    );
    // day 2: floor 104,000 − 10,000 = 94,000, i.e. 10,000 under its start; daily floor 3 %
    expect(rows.map((r) => [r.dailyFloor, r.maxLossFloor])).toEqual([
      [-3_000, -10_000],
      [-3_000, -10_000],
    ]);
  });

  it("monthly returns chain month to month from the equity; the day's month wins over UTC's", () => {
    const m = monthlyReturns(
      [
        { t: Date.UTC(2023, 11, 31, 23), equity: 100_000, day: "2024-01-01" },
        { t: Date.UTC(2024, 0, 31), equity: 110_000 },
        { t: Date.UTC(2024, 1, 29), equity: 99_000 },
      ],
      100_000,
    );
    expect([...m.keys()]).toEqual(["2024-01", "2024-02"]);
    expect(m.get("2024-01")).toBeCloseTo(0.1, 12);
    expect(m.get("2024-02")).toBeCloseTo(-0.1, 12);
  });

  it("the drawdown is from the running peak, the day's low included", () => {
    const s = equitySection(
      [
        { t: T0, equity: 100_000 },
        { t: T0 + DAY, equity: 110_000, low: 100_000 },
        { t: T0 + 2 * DAY, equity: 105_000, low: 99_000 },
      ],
      100_000,
    );
    expect(s.charts[1]!.series[0]!.values).toEqual([0, 0, -10]);
    expect(s.html).toContain("-10.00 %");
  });

  it("per bot: trades, win rate, net P&L and profit factor, best bot first", () => {
    const t = (source: string, netPnl: number) => ({
      source,
      symbol: "XAUUSD",
      side: "buy" as const,
      openTime: T0,
      openPrice: 1,
      closeTime: T0 + 1,
      closePrice: 1,
      netPnl,
    });
    expect(botRows([t("a", 100), t("b", 300), t("a", -50), t("b", 10)])).toEqual([
      { bot: "b", trades: 2, winRate: 1, netPnl: 310, profitFactor: null, best: 300, worst: 10 },
      { bot: "a", trades: 2, winRate: 0.5, netPnl: 50, profitFactor: 2, best: 100, worst: -50 },
    ]);
  });

  it("walk-forward (hand-made data, as hydra optimize will hand it): windows, scores, stitched equity, heat map", () => {
    const v = walkForwardFixture();
    const s = walkForwardSection(v);
    expect(s.html).toContain("2024-01-11 → 2024-02-10");
    expect(s.html).toContain("fast=6 slow=25");
    expect(s.html).toContain("Score by fast and slow");
    expect(s.html).toMatch(
      /Trials: the best 9 of 9[\s\S]*<td>1<\/td><td class="num">fast=7 slow=30<\/td><td class="num">1.000<\/td>/,
    );
    expect((s.html.match(/<td class="num" style="background/g) ?? []).length).toBe(8); // 9 cells, one not tried
    const [scores, equity] = s.charts;
    expect(scores!.x).toEqual([1, 2, 3, 4]);
    expect(scores!.series.map((x) => x.values)).toEqual([
      v.windows.map((w) => w.isScore),
      v.windows.map((w) => w.oosScore),
    ]);
    expect(equity!.x[0]).toBe(v.stitchedEquity[0]!.t / 1000);
    expect(equity!.series[0]!.values).toEqual(v.stitchedEquity.map((p) => p.equity));
  });

  it("the page is self-contained (uPlot inlined, nothing fetched) and data cannot close its script", () => {
    const html = renderPage({
      title: "a </script> title",
      subtitle: "",
      sections: [
        {
          title: "s",
          html: "",
          charts: [{ id: "c", title: "</script><script>alert(1)</script>", x: [1], time: false, series: [] }],
        },
      ],
    });
    expect(html).toContain("uPlot");
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/);
    expect(html.match(/<\/script>/g)?.length).toBe(3); // the data, uPlot, the drawing script
    expect(html).toContain("a &#60;/script&#62; title");
  });
});
