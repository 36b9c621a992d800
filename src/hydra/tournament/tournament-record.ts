import type { EngineAnswer } from "../engine.js";
import type { DeskMark } from "./daily-series.js";
import { asksOfCycle, type EngineAsk } from "./engine-ask.js";
import type { TournamentFacts } from "./table.js";

/** Where the asks and the marks are kept between runs (the HYDRA journal). */
export interface TournamentLog {
  recordAsks(asks: readonly EngineAsk[]): void;
  /** a mark replaces the desk's earlier mark of the same point and day */
  recordMarks(marks: readonly DeskMark[]): void;
  /** oldest first; with `untilMarketMs`, only the asks of cycles up to then (market time) */
  asks(untilMarketMs?: number): EngineAsk[];
  marks(): DeskMark[];
}

/** A desk as a mark sees it: its equity now and its current market day (undefined before its first price). */
export interface DeskView {
  id: string;
  equity: number;
  day: string | undefined;
}

/**
 * What the tournament table needs beside the standings, kept as the tournament goes and written through
 * to the log: one ask per engine per cycle, each desk's start mark and its last mark of every day.
 */
export class TournamentRecord implements TournamentFacts {
  private readonly askList: EngineAsk[] = [];
  private readonly byKey = new Map<string, DeskMark>();
  private readonly started = new Set<string>();

  /** `resumedAtMs`: a resumed tournament's checkpoint — its asks up to then and its marks are read back */
  constructor(
    private readonly log: Partial<TournamentLog> | undefined,
    resumedAtMs?: number,
  ) {
    if (resumedAtMs === undefined) return;
    this.askList.push(...(log?.asks?.(resumedAtMs) ?? []));
    for (const m of log?.marks?.() ?? []) {
      this.byKey.set(key(m), m);
      if (m.point === "start") this.started.add(m.desk);
    }
  }

  get asks(): readonly EngineAsk[] {
    return this.askList;
  }

  get marks(): readonly DeskMark[] {
    return [...this.byKey.values()];
  }

  /** The engines asked in a cycle, from the answers the Mother AI collected. */
  onAnswers(cycle: number, time: number, answers: ReadonlyMap<string, EngineAnswer>): void {
    const asks = asksOfCycle(cycle, time, answers);
    if (asks.length === 0) return;
    this.askList.push(...asks);
    this.log?.recordAsks?.(asks);
  }

  /** Before a cycle trades: a start mark for every desk that has none yet. */
  markStarts(time: number, desks: readonly DeskView[], prices: Readonly<Record<string, number>>): void {
    this.put(
      desks
        .filter((d) => !this.started.has(d.id) && d.day !== undefined)
        .map((d) => ({ desk: d.id, point: "start", day: d.day!, time, equity: d.equity, prices })),
    );
  }

  /** After a cycle: each desk's mark of its current day (a later one the same day replaces it). */
  markDays(time: number, desks: readonly DeskView[], prices: Readonly<Record<string, number>>): void {
    this.put(
      desks
        .filter((d) => d.day !== undefined)
        .map((d) => ({ desk: d.id, point: "day", day: d.day!, time, equity: d.equity, prices })),
    );
  }

  private put(marks: DeskMark[]): void {
    if (marks.length === 0) return;
    for (const m of marks) {
      this.byKey.set(key(m), m);
      if (m.point === "start") this.started.add(m.desk);
    }
    this.log?.recordMarks?.(marks);
  }
}

const key = (m: DeskMark): string => `${m.desk}\u0000${m.point}\u0000${m.day}`;
