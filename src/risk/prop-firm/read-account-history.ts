import { readFileSync } from "node:fs";
import { DataError } from "../../core/errors.js";
import type { AccountSnapshot } from "./challenge-evaluator.js";

/** ISO time with an explicit zone (Z or ±hh:mm); a naive time would be read in the machine's zone. */
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

function num(file: string, line: number, row: Record<string, unknown>, field: string): number {
  const v = row[field];
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new DataError("DATA_BAD_ROW", file, `expected a finite number, got ${JSON.stringify(v)}`, {
      line,
      field,
    });
  }
  return v;
}

/**
 * Parses JSONL account history: one object a line, {"t": ISO time, "balance": N, "equity": N, "opened"?: N}.
 * Blank lines are skipped; times must not go backwards.
 */
export function parseAccountHistory(text: string, file: string): AccountSnapshot[] {
  const out: AccountSnapshot[] = [];
  const lines = text.split(/\r?\n/);
  let lastT = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < lines.length; i++) {
    const line = i + 1;
    const raw = lines[i]!.trim();
    if (raw === "") continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch (e) {
      throw new DataError("DATA_BAD_ROW", file, `not valid JSON: ${(e as Error).message}`, { line });
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new DataError("DATA_BAD_ROW", file, "expected a JSON object", { line });
    }
    const row = parsed as Record<string, unknown>;
    const ts = row.t;
    const t = typeof ts === "string" && ISO_WITH_ZONE.test(ts) ? Date.parse(ts) : Number.NaN;
    if (Number.isNaN(t)) {
      throw new DataError(
        "DATA_BAD_ROW",
        file,
        `expected an ISO time with a zone such as 2024-03-11T09:30:00Z, got ${JSON.stringify(ts)}`,
        { line, field: "t" },
      );
    }
    if (t < lastT) {
      throw new DataError("DATA_ORDER", file, `time ${ts} is before the previous line's`, {
        line,
        field: "t",
      });
    }
    lastT = t;
    const balance = num(file, line, row, "balance");
    const equity = num(file, line, row, "equity");
    if (row.opened === undefined) {
      out.push({ t, balance, equity });
      continue;
    }
    const opened = row.opened;
    if (typeof opened !== "number" || !Number.isInteger(opened) || opened < 0) {
      throw new DataError(
        "DATA_BAD_ROW",
        file,
        `expected a non-negative integer, got ${JSON.stringify(opened)}`,
        {
          line,
          field: "opened",
        },
      );
    }
    out.push({ t, balance, equity, opened });
  }
  return out;
}

export function readAccountHistory(file: string): AccountSnapshot[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new DataError("DATA_NOT_FOUND", file, `cannot read: ${(e as Error).message}`);
  }
  const snapshots = parseAccountHistory(text, file);
  // a history with nothing in it would be judged "ACTIVE": a verdict about no account at all
  if (snapshots.length === 0) throw new DataError("DATA_FORMAT", file, "the history has no snapshots");
  return snapshots;
}
