import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { deriveLessons, LessonBook, type LessonTrade, lessonVersion } from "./index.js";

let n = 0;
const trade = (side: "buy" | "sell", netPnl: number, extra: Partial<LessonTrade> = {}): LessonTrade => ({
  positionId: `p${++n}`,
  source: "claude",
  symbol: "BTC-USD",
  side,
  volume: 1,
  openTime: 0,
  openPrice: 100,
  closeTime: 1,
  closePrice: 100,
  grossPnl: netPnl,
  commission: 0,
  netPnl,
  exitReason: "tp",
  ...extra,
});

describe("deriveLessons", () => {
  it("finds losing shorts in a high-volatility regime", () => {
    const trades = [
      ...[-10, -20, -5, -8, 30].map((p) => trade("sell", p, { regime: "high", symbol: "ETH-USD" })),
      ...[10, 12, 9].map((p) => trade("buy", p, { regime: "low" })),
    ];
    expect(deriveLessons(trades, "claude").map((l) => l.text)).toEqual([
      "longs in a low-volatility regime worked: 3 of 3 won — favour them",
      "losing shorts in a high-volatility regime: 4 of 5 lost — avoid",
      "shorts on ETH-USD: 4 of 5 lost — be more selective",
    ]);
  });

  it("finds stops under 0.5 ATR that were mostly hit, and losses much larger than wins", () => {
    const tight = { atrAtEntry: 2, stopLoss: 99.5 };
    const trades = [
      trade("buy", -40, { ...tight, exitReason: "sl", symbol: "A" }),
      trade("buy", -40, { ...tight, exitReason: "sl", symbol: "B" }),
      trade("buy", -40, { ...tight, exitReason: "sl", symbol: "C" }),
      trade("buy", -40, { ...tight, exitReason: "sl", symbol: "D" }),
      trade("buy", 10, { ...tight, exitReason: "tp", symbol: "E" }),
      trade("buy", 10, { atrAtEntry: 2, stopLoss: 98, exitReason: "sl", symbol: "F" }),
    ];
    expect(deriveLessons(trades, "grok").map((l) => l.text)).toEqual([
      "stops under 0.5 ATR were hit 80% of the time (4 of 5) — place stops at least 1 ATR away",
      "the average loss 40.00 is 4.0× the average win 10.00 — cut losers sooner or let winners run",
    ]);
  });

  it("teaches nothing from too few or mixed trades", () => {
    expect(
      deriveLessons([trade("sell", -1, { regime: "high" }), trade("sell", -1, { regime: "high" })], "x"),
    ).toEqual([]);
    const mixed = [1, -1, 1, -1].map((p, i) =>
      trade(i % 2 ? "buy" : "sell", p, { regime: "medium", symbol: `S${i}` }),
    );
    expect(deriveLessons(mixed, "x")).toEqual([]);
  });

  it("versions each lesson by the sha256 of its text, stable across runs", () => {
    const trades = [-1, -2, -3].map((p) => trade("sell", p, { regime: "high", symbol: "X" }));
    const a = deriveLessons(trades, "claude");
    const b = deriveLessons(
      trades.map((t) => ({ ...t })),
      "claude",
    );
    expect(a).toEqual(b);
    const text = "losing shorts in a high-volatility regime: 3 of 3 lost — avoid";
    expect(a[0]).toEqual({
      engineId: "claude",
      text,
      version: createHash("sha256").update(text).digest("hex").slice(0, 12),
      sample: 3,
    });
    expect(lessonVersion(text)).toMatch(/^[0-9a-f]{12}$/);
    expect(lessonVersion(text)).not.toBe(lessonVersion(`${text}.`));
  });
});

describe("LessonBook", () => {
  const lesson = (engineId: string, text: string) => ({
    engineId,
    text,
    version: lessonVersion(text),
    sample: 3,
  });

  it("keeps the latest N per engine, deduplicates by version and renders a prompt block", () => {
    const book = new LessonBook(2);
    book.add([lesson("a", "one"), lesson("a", "two"), lesson("b", "other")]);
    book.add([lesson("a", "three")]);
    expect(book.texts("a")).toEqual(["two", "three"]);
    book.add([lesson("a", "two")]);
    expect(book.texts("a")).toEqual(["three", "two"]);
    expect(book.texts("b")).toEqual(["other"]);
    expect(book.render("none")).toBe("");
    expect(book.render("b")).toBe(
      `Lessons from your closed trades:\n- other [lesson ${lessonVersion("other")}]`,
    );
  });
});
