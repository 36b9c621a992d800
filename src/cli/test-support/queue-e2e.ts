import { expect } from "vitest";
import { dataFile } from "../../data/data-dir.js";
import type { HydraProcess } from "./spawn-hydra.js";

/** The daily GOOG file the queue end-to-end tests optimise on (undefined when the shared data is absent). */
export const GOOG = dataFile("reference/backtestingpy_GOOG_1d_20040819-20130301.csv");

/** `hydra optimize` on GOOG over `range` (2 windows: 5 backtests a trial), printing JSON. */
export const OPTIMIZE = (range: string): string[] => [
  ...["optimize", "--data", GOOG ?? "", "--symbol", "GOOG", "--contract-size", "1", "--day-tz", "UTC"],
  ...["--range", range, "--windows", "2", "--cscv-blocks", "4", "--min-trades", "3", "--json"],
];

/** The exit code, or a failure that shows what the process said when it does not exit in time. */
export async function exitedWithin(p: HydraProcess, ms: number): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p.exited(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no exit within ${ms} ms:\n${p.output().slice(-4000)}`)),
          ms,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Its standard output, once it has exited 0 (else a failure showing what it said). */
export async function finished(p: HydraProcess): Promise<string> {
  expect(await p.exited(), p.output()).toBe(0);
  return p.stdout();
}
