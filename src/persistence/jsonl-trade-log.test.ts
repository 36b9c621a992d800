import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ClosedTrade } from "../model/position.js";
import { JsonlTradeLog, loadTradeLog } from "./jsonl-trade-log.js";

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "hydra-jsonl-"));
  file = path.join(dir, "trades.jsonl");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const trade = (i: number, netPnl = 10 * i): ClosedTrade => ({
  positionId: `p${i}`,
  source: "GoldLondon",
  symbol: "XAUUSD",
  side: i % 2 === 0 ? "buy" : "sell",
  volume: 0.01,
  openTime: 1_700_000_000_000 + i * 60_000,
  openPrice: 2650 + i,
  closeTime: 1_700_000_030_000 + i * 60_000,
  closePrice: 2651 + i,
  grossPnl: netPnl + 0.5,
  commission: 0.5,
  netPnl,
  exitReason: "tp",
});

const writeTrades = (n: number, bot = "gold") => {
  const log = new JsonlTradeLog(file);
  for (let i = 1; i <= n; i++) log.append(bot, trade(i));
  log.close();
};

describe("JsonlTradeLog", () => {
  it("appends one JSON line per trade and reloads them in order", () => {
    const log = new JsonlTradeLog(file);
    log.append("gold", trade(1));
    log.append("eurusd", trade(2, -5));
    log.append("gold", trade(3));
    log.close();
    const lines = readFileSync(file, "utf8").split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe("");
    expect(JSON.parse(lines[1]!)).toEqual({ bot: "eurusd", ...trade(2, -5) });
    const got = loadTradeLog(file);
    expect(got.errors).toEqual([]);
    expect(got.torn).toBe(false);
    expect(got.records).toEqual([
      { bot: "gold", trade: trade(1) },
      { bot: "eurusd", trade: trade(2, -5) },
      { bot: "gold", trade: trade(3) },
    ]);
  });

  it("treats a missing file as an empty history", () => {
    expect(loadTradeLog(file)).toEqual({ records: [], errors: [], torn: false });
  });

  it("reports a torn last line, keeps the earlier ones, and appends cleanly after it", () => {
    writeTrades(3);
    // a crash in the middle of an append: part of a line, no newline
    appendFileSync(file, JSON.stringify({ bot: "gold", ...trade(4) }).slice(0, 40));
    const torn = loadTradeLog(file);
    expect(torn.torn).toBe(true);
    expect(torn.records.map((r) => r.trade.positionId)).toEqual(["p1", "p2", "p3"]);
    expect(torn.errors).toHaveLength(1);
    expect(torn.errors[0]!.line).toBe(4);
    expect(torn.errors[0]!.message).toMatch(/trades\.jsonl:4: torn last line/);

    // restart: opening closes the torn line off, the next trade gets its own line
    const { log, contents } = JsonlTradeLog.open(file);
    expect(contents.records).toHaveLength(3);
    log.append("gold", trade(5));
    log.close();
    const after = loadTradeLog(file);
    expect(after.torn).toBe(false);
    expect(after.records.map((r) => r.trade.positionId)).toEqual(["p1", "p2", "p3", "p5"]);
    expect(after.errors.map((e) => [e.line, e.code])).toEqual([[4, "DATA_BAD_ROW"]]);
    expect(after.errors[0]!.message).toMatch(/invalid JSON/);
  });

  it("ignores a last line without a newline even when it parses", () => {
    writeTrades(2);
    appendFileSync(file, JSON.stringify({ bot: "gold", ...trade(3) }));
    const got = loadTradeLog(file);
    expect(got.torn).toBe(true);
    expect(got.records).toHaveLength(2);
  });

  it("reports bad lines by number and keeps the good ones", () => {
    const good = (i: number) => JSON.stringify({ bot: "gold", ...trade(i) });
    writeFileSync(
      file,
      [
        good(1),
        "{not json",
        JSON.stringify({ bot: "gold", ...trade(3), side: "long" }),
        "",
        JSON.stringify({ ...trade(5) }),
        JSON.stringify({ bot: "gold", ...trade(6), netPnl: null }),
        "[1,2]",
        good(8),
        "",
      ].join("\n"),
    );
    const got = loadTradeLog(file);
    expect(got.records.map((r) => r.trade.positionId)).toEqual(["p1", "p8"]);
    expect(got.errors.map((e) => e.line)).toEqual([2, 3, 5, 6, 7]);
    expect(got.errors.map((e) => e.message.replace(/^.*?:\d+: /, ""))).toEqual([
      expect.stringMatching(/^invalid JSON/),
      'field "side" must be "buy" or "sell"',
      'field "bot" must be a non-empty string',
      'field "netPnl" must be a finite number',
      "not a JSON object",
    ]);
  });

  it("refuses to log a trade that would not reload", () => {
    const log = new JsonlTradeLog(file);
    expect(() => log.append("gold", trade(1, Number.NaN))).toThrow(
      expect.objectContaining({ code: "STORAGE" }),
    );
    expect(() => log.append("", trade(1))).toThrow(/"bot"/);
    log.close();
    expect(() => log.append("gold", trade(1))).toThrow(/closed/);
    expect(readFileSync(file, "utf8")).toBe("");
  });

  it("drops unknown fields and keeps the ClosedTrade field order", () => {
    writeFileSync(file, `${JSON.stringify({ extra: 1, ...trade(1), bot: "gold" })}\n`);
    const [r] = loadTradeLog(file).records;
    expect(Object.keys(r!.trade)).toEqual(Object.keys(trade(1)));
  });
});
