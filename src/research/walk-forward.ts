type WalkForwardMode = "rolling" | "anchored";

export interface WalkForwardSpec {
  /** out-of-sample windows */
  windows: number;
  /** in-sample length ÷ out-of-sample length (of a rolling window; an anchored window's first one) */
  inSampleRatio: number;
  mode: WalkForwardMode;
}

/** A time range [startMs, endMs). */
export interface TimeRange {
  startMs: number;
  endMs: number;
}

export interface WalkForwardWindow {
  index: number;
  inSample: TimeRange;
  outOfSample: TimeRange;
}

/**
 * Cuts [startMs, endMs) into walk-forward windows: the span is L_is + K·L_oos with L_is = ratio·L_oos, so the
 * K out-of-sample ranges tile the span after the first in-sample range, back to back (their stitched equity
 * is one unbroken out-of-sample run). Rolling: each in-sample range is the L_is before its out-of-sample
 * range; anchored: it starts at startMs and grows.
 */
export function walkForwardWindows(
  startMs: number,
  endMs: number,
  spec: WalkForwardSpec,
): WalkForwardWindow[] {
  const { windows, inSampleRatio } = spec;
  if (!Number.isInteger(windows) || windows < 1)
    throw new RangeError(`windows must be a positive integer, got ${windows}`);
  if (!(inSampleRatio > 0))
    throw new RangeError(`the in-sample ratio must be positive, got ${inSampleRatio}`);
  if (!(endMs > startMs)) throw new RangeError("the span is empty");
  const oos = (endMs - startMs) / (inSampleRatio + windows);
  const at = (x: number): number => Math.round(startMs + x);
  return Array.from({ length: windows }, (_, k) => {
    const oosStart = at(inSampleRatio * oos + k * oos);
    const oosEnd = k === windows - 1 ? endMs : at(inSampleRatio * oos + (k + 1) * oos);
    const isStart = spec.mode === "anchored" ? startMs : at(k * oos);
    return {
      index: k,
      inSample: { startMs: isStart, endMs: oosStart },
      outOfSample: { startMs: oosStart, endMs: oosEnd },
    };
  });
}
