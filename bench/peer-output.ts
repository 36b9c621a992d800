/** What `hydra backtest` (its summary) and bench/peers/backtrader_sma_cross.py print, read back. */
export interface PeerCounts {
  fills: number;
  closedTrades: number;
}

/** The counts of `hydra backtest`'s summary line "Fills N    closed trades M    open positions K". */
export function hydraCounts(summary: string): PeerCounts {
  const m = /^Fills\s+(\d+)\s+closed trades\s+(\d+)/m.exec(summary);
  if (m === null)
    throw new Error(`no "Fills … closed trades …" line in hydra backtest's output:\n${summary}`);
  return { fills: Number(m[1]), closedTrades: Number(m[2]) };
}

/** The counts of the backtrader script's last line, one JSON object with fills and closedTrades. */
export function backtraderCounts(stdout: string): PeerCounts {
  const last = stdout.trim().split("\n").at(-1) ?? "";
  let parsed: unknown;
  try {
    parsed = JSON.parse(last);
  } catch {
    throw new Error(`the backtrader script's last line is not JSON: ${last}`);
  }
  const o = parsed as Partial<PeerCounts>;
  if (!Number.isInteger(o.fills) || !Number.isInteger(o.closedTrades))
    throw new Error(`the backtrader script's line lacks fills/closedTrades: ${last}`);
  return { fills: o.fills!, closedTrades: o.closedTrades! };
}
