import { formatInterval } from "./statement.js";
import type { TournamentRow, TournamentTable } from "./table.js";

const HEAD = [
  "#",
  "engine",
  "trades",
  "win%",
  "asked",
  "answered",
  "failed",
  "avg ms",
  "$/decision",
  "LLM $",
  "P&L",
  "net P&L",
  "return%",
  "B&H%",
] as const;
const TAIL = ["sharpe", "maxDD%", "weight"] as const;

const or = <T>(v: T | null, f: (x: T) => string): string => (v === null ? "-" : f(v));

function vsCell(r: TournamentRow): string {
  const c = r.vsBuyHold;
  if (c === null) return "-";
  return c.interval === null ? `n/a (${c.days} of ${c.needed} days)` : formatInterval(c.interval);
}

function sharpeCell(r: TournamentRow, needed: number): string {
  if (r.sharpe !== null) return r.sharpe.toFixed(2);
  return r.sharpeDays < needed ? `n/a (${r.sharpeDays} of ${needed} days)` : "n/a (no variance)";
}

/** "failed: claude timeout 2, invalid 1; grok budget 3", or "" when nothing failed. */
function failures(rows: readonly TournamentRow[]): string {
  const parts = rows
    .filter((r) => (r.failed ?? 0) > 0)
    .map(
      (r) =>
        `${r.engineId} ${Object.entries(r.failedByCause)
          .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
          .map(([cause, n]) => `${cause} ${n}`)
          .join(", ")}`,
    );
  return parts.length === 0 ? "" : `failed: ${parts.join("; ")}`;
}

/** The table as fixed-width text (the engine column left-aligned), the failures by cause, the statement. */
export function renderTournamentTable(t: TournamentTable): string {
  const conf = `${Number((t.settings.confidence * 100).toFixed(2))}%`;
  const head = [...HEAD, `vs B&H (${conf} CI)`, ...TAIL];
  const body = t.rows.map((r) => [
    r.rank === null ? "-" : String(r.rank),
    r.label,
    String(r.trades),
    or(r.winRatePct, (x) => x.toFixed(1)),
    or(r.asked, String),
    or(r.answered, String),
    or(r.failed, String),
    or(r.avgLatencyMs, (x) => x.toFixed(1)),
    or(r.costPerDecisionUsd, (x) => x.toFixed(4)),
    r.llmCostUsd.toFixed(2),
    r.realizedPnl.toFixed(2),
    r.netPnl.toFixed(2),
    or(r.returnPct, (x) => x.toFixed(2)),
    or(r.buyHoldPct, (x) => x.toFixed(2)),
    vsCell(r),
    sharpeCell(r, t.settings.minSharpeDays),
    r.maxDrawdownPct.toFixed(2),
    r.weight === null ? "-" : `${(r.weight * 100).toFixed(1)}%`,
  ]);
  const all = [head, ...body];
  const widths = head.map((_, c) => Math.max(...all.map((row) => row[c]!.length)));
  const table = all
    .map((row) =>
      row
        .map((cell, c) => (c === 1 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
  const failed = failures(t.rows);
  return [table, ...(failed === "" ? [] : [failed]), t.statement].join("\n");
}
