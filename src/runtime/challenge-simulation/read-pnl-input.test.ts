import { appendFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DataError } from "../../core/errors.js";
import { DayBoundary } from "../../core/time.js";
import { JsonlTradeLog } from "../../persistence/jsonl-trade-log.js";
import { readDailyFile, readTradeFile } from "./read-pnl-input.js";

const PRAGUE = new DayBoundary("Europe/Prague", 0);
const dir = mkdtempSync(path.join(tmpdir(), "hydra-simulate-input-"));
function file(name: string, text: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
}

function thrown(f: () => unknown): DataError {
  try {
    f();
  } catch (e) {
    if (e instanceof DataError) return e;
    throw e;
  }
  throw new Error("did not throw");
}

describe("reading a trade list for the simulator", () => {
  it("reads a backtest's --json: netPnl grouped by the Prague day of closeTime, its initial balance", () => {
    const bt = {
      initialBalance: 10_000,
      trades: [
        { netPnl: 100, closeTime: "2024-01-01T10:00:00.000Z" },
        // 23:30Z on 1 January is 00:30 on the 2nd in Prague
        { netPnl: -50, closeTime: "2024-01-01T23:30:00.000Z" },
        { netPnl: 25, closeTime: "2024-01-02T08:00:00.000Z" },
      ],
    };
    expect(readTradeFile(file("bt.json", JSON.stringify(bt)), PRAGUE, 1)).toEqual({
      days: [[100], [-50, 25]],
      balance: 10_000,
      format: "backtest-json",
    });
  });

  it("reads the trade journal (JSONL) by closeTime", () => {
    const p = path.join(dir, "journal.jsonl");
    const log = new JsonlTradeLog(p);
    const trade = (netPnl: number, closeTime: number) => ({
      positionId: `P${closeTime}`,
      source: "bot",
      symbol: "XAUUSD",
      side: "buy" as const,
      volume: 1,
      openTime: closeTime - 1000,
      openPrice: 1,
      closeTime,
      closePrice: 1,
      grossPnl: netPnl,
      commission: 0,
      netPnl,
      exitReason: "tp",
    });
    log.append("a", trade(300, Date.UTC(2024, 0, 3, 9)));
    log.append("a", trade(-100, Date.UTC(2024, 0, 2, 9)));
    log.append("b", trade(50, Date.UTC(2024, 0, 3, 12)));
    log.close();
    expect(readTradeFile(p, PRAGUE, 1)).toEqual({
      days: [[-100], [300, 50]],
      balance: null,
      format: "journal-jsonl",
    });
    // a torn last line (a crash mid-append) is left out; a bad line before it is an error
    appendFileSync(p, '{"bot":"a","positionId":"P9"');
    expect(readTradeFile(p, PRAGUE, 1).days).toEqual([[-100], [300, 50]]);
    appendFileSync(p, "\n{}\n");
    expect(thrown(() => readTradeFile(p, PRAGUE, 1))).toMatchObject({ code: "DATA_BAD_ROW", line: 4 });
  });

  it("reads a CSV with a pnl column, by time when it has one, else --trades-per-day a day", () => {
    const timed = file("t.csv", "time,pnl\n2024-01-01T09:00:00Z,10\n2024-01-01T10:00:00Z,-5\n2024-01-02,7\n");
    expect(readTradeFile(timed, PRAGUE, 1).days).toEqual([[10, -5], [7]]);
    const plain = file("p.csv", "PnL,symbol\n1,X\n2,X\n3,X\n");
    expect(readTradeFile(plain, PRAGUE, 2).days).toEqual([[1, 2], [3]]);
  });

  it("names the file, line and field of a bad row; a missing file or column is an error", () => {
    const bad = thrown(() =>
      readTradeFile(file("bad.csv", "time,pnl\n2024-01-01T09:00:00Z,ten\n"), PRAGUE, 1),
    );
    expect(bad).toMatchObject({ code: "DATA_BAD_ROW", line: 2, field: "pnl" });
    expect(bad.message).toContain("bad.csv:2");
    const naive = thrown(() =>
      readTradeFile(file("naive.csv", "time,pnl\n2024-01-01T09:00:00,1\n"), PRAGUE, 1),
    );
    expect(naive).toMatchObject({ code: "DATA_BAD_ROW", line: 2, field: "time" });
    expect(thrown(() => readTradeFile(path.join(dir, "none.csv"), PRAGUE, 1)).code).toBe("DATA_NOT_FOUND");
    expect(thrown(() => readTradeFile(file("nopnl.csv", "a,b\n1,2\n"), PRAGUE, 1)).code).toBe("DATA_FORMAT");
    const btBad = JSON.stringify({
      initialBalance: 1000,
      trades: [{ netPnl: "x", closeTime: "2024-01-01T00:00:00Z" }],
    });
    expect(thrown(() => readTradeFile(file("btbad.json", btBad), PRAGUE, 1))).toMatchObject({
      code: "DATA_BAD_ROW",
      field: "netPnl",
    });
  });

  it("reads daily P&L in file order (the day column is a label)", () => {
    expect(readDailyFile(file("d.csv", "day,pnl\n1,100\n2,-40\n3,0\n"))).toEqual([100, -40, 0]);
    expect(thrown(() => readDailyFile(file("e.csv", "day,pnl\n"))).code).toBe("DATA_FORMAT");
  });
});
