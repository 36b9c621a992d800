import type { ParamRange, ParamValue, TrialParams } from "./param-space.js";

export interface StabilityMap {
  x: { name: string; values: ParamValue[] };
  /** null for a one-parameter search */
  y: { name: string; values: ParamValue[] } | null;
  /** cells[yi][xi]: the best objective among the trials at that point (other parameters free); null: none eligible */
  cells: (number | null)[][];
  /** the best cell */
  best: { xi: number; yi: number; value: number } | null;
  /**
   * the mean of the best cell's neighbours (up to 8) ÷ the best value: near 1 on a plateau, low or negative
   * on an isolated peak (a best that its neighbours do not share is a warning sign); null when undefined
   */
  neighbourRatio: number | null;
}

/**
 * The objective over two searched parameters (the first two unless named): a parameter-stability heat map.
 * A robust optimum sits on a plateau; an optimum surrounded by poor cells was most likely found by luck.
 */
export function stabilityMap(
  ranges: readonly ParamRange[],
  trials: readonly TrialParams[],
  objective: readonly (number | null)[],
  axes: readonly string[] = ranges.map((r) => r.name),
): StabilityMap {
  const xr = ranges.find((r) => r.name === axes[0]) ?? ranges[0]!;
  const yr =
    ranges.find((r) => r.name === axes[1] && r.name !== xr.name) ?? ranges.find((r) => r !== xr) ?? null;
  const ys = yr?.values ?? [null];
  const cells: (number | null)[][] = ys.map(() => xr.values.map(() => null));
  trials.forEach((t, i) => {
    const v = objective[i];
    if (v === null || v === undefined || !Number.isFinite(v)) return;
    const xi = xr.values.indexOf(t[xr.name]!);
    const yi = yr === null ? 0 : yr.values.indexOf(t[yr.name]!);
    if (xi < 0 || yi < 0) return;
    const row = cells[yi]!;
    if (row[xi] === null || v > row[xi]!) row[xi] = v;
  });
  let best: StabilityMap["best"] = null;
  for (const [yi, row] of cells.entries())
    for (const [xi, v] of row.entries())
      if (v !== null && (best === null || v > best.value)) best = { xi, yi, value: v };
  return {
    x: { name: xr.name, values: [...xr.values] },
    y: yr === null ? null : { name: yr.name, values: [...yr.values] },
    cells,
    best,
    neighbourRatio: best === null ? null : neighbourRatio(cells, best),
  };
}

function neighbourRatio(
  cells: (number | null)[][],
  best: { xi: number; yi: number; value: number },
): number | null {
  const around: number[] = [];
  for (let dy = -1; dy <= 1; dy++)
    for (let dx = -1; dx <= 1; dx++) {
      if (dx === 0 && dy === 0) continue;
      const v = cells[best.yi + dy]?.[best.xi + dx];
      if (v !== null && v !== undefined) around.push(v);
    }
  if (around.length === 0 || best.value <= 0) return null;
  return around.reduce((a, v) => a + v, 0) / around.length / best.value;
}
