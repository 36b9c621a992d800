/**
 * The one table `make bench` ends with: every issue-18 row, its figure, its goal and whether it is met.
 * Each bench module returns its rows; bench/run.ts collects them and prints this table.
 */

/** One row of the summary. `met` is "n/a" when the row was not measured (the figure says why). */
export type BenchRow = { what: string; figure: string; goal: string; met: "yes" | "no" | "n/a" };

/** The rows as one Markdown table on stdout. */
export function printSummary(rows: readonly BenchRow[]): void {
  console.log("\nSummary (issue 18)");
  console.log("| what | figure | goal | met? |");
  console.log("|---|---|---|---|");
  for (const r of rows) console.log(`| ${r.what} | ${r.figure} | ${r.goal} | ${r.met} |`);
}
