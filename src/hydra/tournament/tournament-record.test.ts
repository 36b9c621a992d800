import { describe, expect, it } from "vitest";
import type { EngineAnswer } from "../engine.js";
import type { DeskMark } from "./daily-series.js";
import type { EngineAsk } from "./engine-ask.js";
import { type TournamentLog, TournamentRecord } from "./tournament-record.js";

/** a log kept in memory, as the SQLite journal keeps it (a mark replaces its desk's same point and day) */
function memoryLog(): TournamentLog & { written: { asks: EngineAsk[]; marks: DeskMark[] } } {
  const written = { asks: [] as EngineAsk[], marks: [] as DeskMark[] };
  return {
    written,
    recordAsks: (a) => written.asks.push(...a),
    recordMarks: (ms) => {
      for (const m of ms) {
        const i = written.marks.findIndex((x) => x.desk === m.desk && x.point === m.point && x.day === m.day);
        if (i >= 0) written.marks[i] = m;
        else written.marks.push(m);
      }
    },
    asks: (until = Number.POSITIVE_INFINITY) => written.asks.filter((a) => a.time <= until),
    marks: () => [...written.marks],
  };
}

const answer: EngineAnswer = {
  ok: true,
  decisions: [],
  usage: { inputTokens: 1, outputTokens: 1, costUsd: 0.01 },
  latencyMs: 5,
  raw: "",
};
const P = { "BTC-USD": 100 };

describe("TournamentRecord", () => {
  it("marks each desk's start once, keeps its last mark of a day, and writes both through", () => {
    const log = memoryLog();
    const r = new TournamentRecord(log);
    r.markStarts(1, [{ id: "a", equity: 100, day: undefined }], P);
    expect(r.marks).toEqual([]); // no price yet: no day to mark
    r.markStarts(2, [{ id: "a", equity: 100, day: "2024-01-01" }], P);
    r.markStarts(3, [{ id: "a", equity: 101, day: "2024-01-01" }], P);
    r.markDays(3, [{ id: "a", equity: 101, day: "2024-01-01" }], P);
    r.markDays(4, [{ id: "a", equity: 102, day: "2024-01-01" }], P);
    r.markDays(5, [{ id: "a", equity: 103, day: "2024-01-02" }], P);
    expect(r.marks.map((m) => [m.point, m.day, m.time, m.equity])).toEqual([
      ["start", "2024-01-01", 2, 100],
      ["day", "2024-01-01", 4, 102],
      ["day", "2024-01-02", 5, 103],
    ]);
    expect(log.written.marks).toEqual(r.marks);
  });

  it("records one ask per engine answering in a cycle; a resumed tournament reads its asks up to the checkpoint", () => {
    const log = memoryLog();
    const first = new TournamentRecord(log);
    first.onAnswers(1, 1000, new Map([["a", answer]]));
    first.onAnswers(2, 2000, new Map([["a", answer]]));
    first.markStarts(1000, [{ id: "a", equity: 100, day: "2024-01-01" }], P);
    expect(first.asks).toHaveLength(2);
    const resumed = new TournamentRecord(log, 1500);
    expect(resumed.asks.map((a) => a.cycle)).toEqual([1]);
    expect(resumed.marks).toEqual(first.marks);
    // its desks keep their start: a resumed desk's return runs from the tournament's start
    resumed.markStarts(3000, [{ id: "a", equity: 999, day: "2024-01-02" }], P);
    expect(resumed.marks.filter((m) => m.point === "start").map((m) => m.equity)).toEqual([100]);
    // a fresh tournament on the same log starts from nothing
    expect(new TournamentRecord(log).asks).toEqual([]);
  });
});
