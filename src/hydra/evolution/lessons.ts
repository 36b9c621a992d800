import { createHash } from "node:crypto";
import type { ClosedTrade } from "../../model/position.js";

type Regime = "low" | "medium" | "high" | "unknown";

/** A closed trade, optionally with what was known at entry (needed for the regime and stop lessons). */
export interface LessonTrade extends ClosedTrade {
  regime?: Regime;
  /** ATR at entry, in price units */
  atrAtEntry?: number;
  /** the stop at entry */
  stopLoss?: number;
}

export interface Lesson {
  engineId: string;
  text: string;
  /** sha256 of the text, first 12 hex digits: the same lesson always has the same version */
  version: string;
  /** trades the lesson rests on */
  sample: number;
}

export interface LessonOptions {
  /** a group needs at least this many trades to teach anything (default 3) */
  minSample?: number;
}

/** exit reasons that mean the stop was hit ("sl" is the execution layer's) */
const STOP_EXITS = new Set(["sl", "stop_loss", "stop-loss", "stoploss"]);
const REGIMES: readonly Regime[] = ["low", "medium", "high"];
const DIRECTIONS = ["long", "short"] as const;

export const lessonVersion = (text: string): string =>
  createHash("sha256").update(text).digest("hex").slice(0, 12);

const dirOf = (t: ClosedTrade): "long" | "short" => (t.side === "buy" ? "long" : "short");
const won = (t: ClosedTrade): boolean => t.netPnl > 0;
const pct = (a: number, n: number): number => Math.round((a / n) * 100);

/**
 * Short lessons from an engine's closed trades, deterministic (same trades → same texts, same order):
 * direction × regime groups that mostly lost (≥ 60%) or mostly won (≥ 70%), direction × asset groups that
 * mostly lost, stops tighter than 0.5 ATR that were mostly hit, and losses much larger than wins.
 */
export function deriveLessons(
  trades: readonly LessonTrade[],
  engineId: string,
  opts: LessonOptions = {},
): Lesson[] {
  const min = opts.minSample ?? 3;
  const texts: Array<[string, number]> = [];
  for (const dir of DIRECTIONS) {
    for (const regime of REGIMES) {
      const g = trades.filter((t) => dirOf(t) === dir && t.regime === regime);
      if (g.length < min) continue;
      const wins = g.filter(won).length;
      const losses = g.length - wins;
      if (losses / g.length >= 0.6) {
        texts.push([
          `losing ${dir}s in a ${regime}-volatility regime: ${losses} of ${g.length} lost — avoid`,
          g.length,
        ]);
      } else if (wins / g.length >= 0.7) {
        texts.push([
          `${dir}s in a ${regime}-volatility regime worked: ${wins} of ${g.length} won — favour them`,
          g.length,
        ]);
      }
    }
  }
  const symbols = [...new Set(trades.map((t) => t.symbol))].sort();
  for (const symbol of symbols) {
    for (const dir of DIRECTIONS) {
      const g = trades.filter((t) => t.symbol === symbol && dirOf(t) === dir);
      const losses = g.filter((t) => !won(t)).length;
      if (g.length >= min && losses / g.length >= 0.6) {
        texts.push([`${dir}s on ${symbol}: ${losses} of ${g.length} lost — be more selective`, g.length]);
      }
    }
  }
  const stopLesson = tightStops(trades, min);
  if (stopLesson) texts.push(stopLesson);
  const payoff = payoffLesson(trades);
  if (payoff) texts.push(payoff);
  return texts.map(([text, sample]) => ({ engineId, text, version: lessonVersion(text), sample }));
}

function tightStops(trades: readonly LessonTrade[], min: number): [string, number] | null {
  const tight = trades.filter(
    (t) =>
      t.stopLoss !== undefined &&
      t.atrAtEntry !== undefined &&
      t.atrAtEntry > 0 &&
      Math.abs(t.openPrice - t.stopLoss) / t.atrAtEntry < 0.5,
  );
  if (tight.length < min) return null;
  const hit = tight.filter((t) => STOP_EXITS.has(t.exitReason)).length;
  if (hit / tight.length < 0.6) return null;
  return [
    `stops under 0.5 ATR were hit ${pct(hit, tight.length)}% of the time (${hit} of ${tight.length}) — place stops at least 1 ATR away`,
    tight.length,
  ];
}

function payoffLesson(trades: readonly LessonTrade[]): [string, number] | null {
  if (trades.length < 5) return null;
  const wins = trades.filter(won);
  const losses = trades.filter((t) => !won(t) && t.netPnl < 0);
  if (wins.length === 0 || losses.length === 0) return null;
  const avgWin = wins.reduce((s, t) => s + t.netPnl, 0) / wins.length;
  const avgLoss = -losses.reduce((s, t) => s + t.netPnl, 0) / losses.length;
  if (avgLoss <= 1.5 * avgWin) return null;
  return [
    `the average loss ${avgLoss.toFixed(2)} is ${(avgLoss / avgWin).toFixed(1)}× the average win ${avgWin.toFixed(2)} — cut losers sooner or let winners run`,
    trades.length,
  ];
}

/**
 * The latest lessons per engine, at most `maxPerEngine` each (oldest dropped first). Re-adding a lesson
 * with the same version moves it to the newest place instead of duplicating it.
 */
export class LessonBook {
  private readonly byEngine = new Map<string, Lesson[]>();

  constructor(readonly maxPerEngine = 10) {}

  add(lessons: readonly Lesson[]): void {
    for (const l of lessons) {
      const list = (this.byEngine.get(l.engineId) ?? []).filter((x) => x.version !== l.version);
      list.push(l);
      this.byEngine.set(l.engineId, list.slice(-this.maxPerEngine));
    }
  }

  /** oldest first */
  forEngine(engineId: string): readonly Lesson[] {
    return this.byEngine.get(engineId) ?? [];
  }

  /** the texts, for EngineInput.lessons */
  texts(engineId: string): string[] {
    return this.forEngine(engineId).map((l) => l.text);
  }

  /** A prompt block ("" with no lessons), each line tagged with the lesson's version. */
  render(engineId: string): string {
    const list = this.forEngine(engineId);
    if (list.length === 0) return "";
    return ["Lessons from your closed trades:", ...list.map((l) => `- ${l.text} [lesson ${l.version}]`)].join(
      "\n",
    );
  }
}
