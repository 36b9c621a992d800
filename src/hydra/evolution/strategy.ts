import { createHash } from "node:crypto";

/** What evolution selects among: an engine with a prompt addendum, or a parameterised rule strategy. */
export interface Strategy {
  id: string;
  /** empty for a founder */
  parentIds: readonly string[];
  kind: "engine" | "rules";
  /** the engine (LLM provider or offline rule family) it runs on; an offspring takes its first parent's */
  base: string;
  /** rule strategies: the numeric parameters */
  params?: Readonly<Record<string, number>>;
  /** engine strategies: instructions appended to the prompt */
  promptAddendum?: string;
  createdAt: number;
  /** false once eliminated from active trading */
  active: boolean;
}

/** A strategy's results so far, as the caller computes them (e.g. with portfolio/stats computeStats). */
export interface StrategyStats {
  strategyId: string;
  realizedPnl: number;
  /** closed trades */
  trades: number;
  wins: number;
  sharpe: number | null;
}

/**
 * Rule offspring parameters: a key both parents have gets their average (rounded when both values are
 * integers, since periods must stay integers); a key only one has is inherited as is. Keys sorted.
 */
function crossParams(
  a: Readonly<Record<string, number>> = {},
  b: Readonly<Record<string, number>> = {},
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    const x = a[k];
    const y = b[k];
    if (x !== undefined && y !== undefined) {
      const mean = (x + y) / 2;
      out[k] = Number.isInteger(x) && Number.isInteger(y) ? Math.round(mean) : mean;
    } else out[k] = (x ?? y)!;
  }
  return out;
}

/** Engine offspring prompt: the parents' distinct instruction lines, first parent's first, in order. */
function crossPrompts(a = "", b = ""): string {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const line of `${a}\n${b}`.split("\n")) {
    const t = line.trim();
    if (t !== "" && !seen.has(t)) {
      seen.add(t);
      lines.push(t);
    }
  }
  return lines.join("\n");
}

/** The offspring of two parents of the same kind, born at `time`; its id is derived from both and the time. */
export function breed(a: Strategy, b: Strategy, time: number): Strategy {
  const hash = createHash("sha256").update(`${a.id}+${b.id}@${time}`).digest("hex").slice(0, 8);
  const child: Strategy = {
    id: `${a.base}-bred-${hash}`,
    parentIds: [a.id, b.id],
    kind: a.kind,
    base: a.base,
    createdAt: time,
    active: true,
  };
  if (a.kind === "rules") child.params = crossParams(a.params, b.params);
  else child.promptAddendum = crossPrompts(a.promptAddendum, b.promptAddendum);
  return child;
}
