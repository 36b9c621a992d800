import { HydraError } from "../core/errors.js";
import { Prng } from "../core/prng.js";

export type ParamValue = number | string;

/** One parameter's candidate values, in the order a heat map shows them. */
export interface ParamRange {
  name: string;
  values: readonly ParamValue[];
}

/** A trial: one value per searched parameter. */
export type TrialParams = Readonly<Record<string, ParamValue>>;

const MAX_VALUES = 10_000;

/**
 * Parses `name=lo:hi:step` (inclusive, numbers) or `name=a,b,c` (a list: numbers, or words for a string
 * parameter). Errors name the flag and the text.
 */
export function parseRange(flag: string, text: string): ParamRange {
  const bad = (why: string): HydraError =>
    new HydraError("CLI_USAGE", `${flag} ${why}, got "${text}"`, { field: flag });
  const eq = text.indexOf("=");
  if (eq <= 0) throw bad("expects name=lo:hi:step or name=a,b,c");
  const name = text.slice(0, eq).trim();
  const body = text.slice(eq + 1).trim();
  if (body.includes(":")) {
    const parts = body.split(":").map((p) => Number(p));
    if (
      parts.length !== 3 ||
      body.split(":").some((p) => p.trim() === "") ||
      parts.some((p) => !Number.isFinite(p))
    )
      throw bad("expects name=lo:hi:step with three numbers");
    const [lo, hi, step] = parts as [number, number, number];
    if (!(step > 0) || hi < lo) throw bad("needs lo ≤ hi and a positive step");
    const count = Math.floor((hi - lo) / step + 1e-9) + 1;
    if (count > MAX_VALUES) throw bad(`gives more than ${MAX_VALUES} values`);
    // decimals of the step, so 0.1 steps give 0.3, not 0.30000000000000004
    const digits = Math.max(decimals(lo), decimals(step));
    return { name, values: Array.from({ length: count }, (_, i) => Number((lo + i * step).toFixed(digits))) };
  }
  const items = body.split(",").map((s) => s.trim());
  if (items.some((s) => s === "")) throw bad("has an empty value");
  const values = items.map((s) => (Number.isFinite(Number(s)) ? Number(s) : s));
  if (new Set(values).size !== values.length) throw bad("lists a value twice");
  return { name, values };
}

function decimals(x: number): number {
  const s = String(x);
  const i = s.indexOf(".");
  return i < 0 ? 0 : s.length - i - 1;
}

/** The number of points of the full grid. */
export function gridSize(ranges: readonly ParamRange[]): number {
  return ranges.reduce((n, r) => n * r.values.length, 1);
}

/** Point `index` of the grid, the last parameter varying fastest. */
function gridPoint(ranges: readonly ParamRange[], index: number): TrialParams {
  const out: Record<string, ParamValue> = {};
  let rest = index;
  for (let i = ranges.length - 1; i >= 0; i--) {
    const r = ranges[i]!;
    out[r.name] = r.values[rest % r.values.length]!;
    rest = Math.floor(rest / r.values.length);
  }
  // the ranges' order, for stable keys
  return Object.fromEntries(ranges.map((r) => [r.name, out[r.name]!]));
}

/** Every point of the grid. */
export function gridTrials(ranges: readonly ParamRange[]): TrialParams[] {
  return Array.from({ length: gridSize(ranges) }, (_, i) => gridPoint(ranges, i));
}

/**
 * `count` distinct grid points drawn at random (Floyd's sampling without replacement on a seeded stream),
 * in grid order: the same seed gives the same trials on every machine. The whole grid when it is smaller.
 */
export function randomTrials(ranges: readonly ParamRange[], count: number, seed: number): TrialParams[] {
  const size = gridSize(ranges);
  if (count >= size) return gridTrials(ranges);
  const prng = new Prng(seed);
  const chosen = new Set<number>();
  for (let j = size - count; j < size; j++) {
    const t = Math.floor(prng.next() * (j + 1));
    chosen.add(chosen.has(t) ? j : t);
  }
  return [...chosen].sort((a, b) => a - b).map((i) => gridPoint(ranges, i));
}
