import type { WalkForwardView } from "../walk-forward-section.js";

const DAY = 86_400_000;

/** Hand-made walk-forward results: four 30/10-day windows, a stitched equity, a 3 × 3 heat map. */
export function walkForwardFixture(): WalkForwardView {
  const t0 = Date.UTC(2024, 0, 1);
  const windows = [0, 1, 2, 3].map((i) => ({
    isStart: t0 + i * 10 * DAY,
    isEnd: t0 + (i * 10 + 30) * DAY,
    oosStart: t0 + (i * 10 + 30) * DAY,
    oosEnd: t0 + (i * 10 + 40) * DAY,
    params: { fast: 5 + i, slow: 20 + 5 * i },
    isScore: 1.5 - 0.1 * i,
    oosScore: 0.6 - 0.2 * i,
  }));
  const stitchedEquity = Array.from({ length: 40 }, (_, d) => ({
    t: t0 + (30 + d) * DAY,
    equity: 100_000 + 150 * d - 12 * d * d,
  }));
  const trials = [5, 6, 7].flatMap((fast) =>
    [20, 25, 30].map((slow) => ({ params: { fast, slow }, score: fast / 10 + slow / 100 })),
  );
  return {
    windows,
    stitchedEquity,
    trials,
    heatmap: {
      xParam: "fast",
      yParam: "slow",
      xValues: [5, 6, 7],
      yValues: [20, 25, 30],
      scores: [
        [1.2, 1.4, 0.9],
        [1.0, null, 0.7],
        [0.4, 0.6, 0.8],
      ],
    },
  };
}
