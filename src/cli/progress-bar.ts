import type { CliIo } from "./io.js";

/** A one-line progress bar on a terminal's stderr; silent elsewhere. */
export function progressBar(
  io: CliIo,
  label: string,
  minRows = 500_000,
): ((done: number, total: number) => void) | undefined {
  if (!io.errIsTty) return undefined;
  let last = -1;
  return (done, total) => {
    if (total < minRows) return;
    const pct = Math.floor((done / total) * 100);
    if (pct === last) return;
    last = pct;
    const width = 30;
    const filled = Math.round((pct / 100) * width);
    io.err(`\r${label} [${"#".repeat(filled)}${" ".repeat(width - filled)}] ${pct}%`);
    if (done >= total) io.err("\n");
  };
}
