import { describe, expect, it } from "vitest";
import { captureIo } from "./io.js";
import { runCli } from "./main.js";

async function cli(...argv: string[]) {
  const io = captureIo();
  const code = await runCli(argv, io);
  return { code, out: io.stdout, err: io.stderr };
}

describe("the backtest's Sharpe ratio", () => {
  it("is n/a with the days counted when there are fewer than 20, and null in JSON", async () => {
    const args = ["backtest", "--days", "3", "--param", "period=10", "--param", "volume=0.1"];
    const text = await cli(...args);
    expect(text.code).toBe(0);
    const json = JSON.parse((await cli(...args, "--json")).out);
    // 3 days of UTC ticks touch 4 trading days in Prague (the day starts at 01:00 UTC in winter)
    expect(json.stats).toMatchObject({ sharpe: null, sharpeDays: 4, tradingDays: 4 });
    expect(text.out).toMatch(/^Sharpe {8}n\/a \(4 days; needs 20\)$/m);
  });

  it("is printed with its days from 20 days of returns on", async () => {
    const args = ["backtest", "--days", "28", "--param", "period=10", "--param", "volume=0.1"];
    const text = await cli(...args);
    expect(text.out).toMatch(
      /^Sharpe {8}-?\d+\.\d{2} \(daily equity returns, annualised ×√252, 2\d days\)$/m,
    );
    const json = JSON.parse((await cli(...args, "--json")).out);
    expect(json.stats.sharpeDays).toBeGreaterThanOrEqual(20);
    expect(typeof json.stats.sharpe).toBe("number");
  }, 60_000);
});
