import { existsSync, readFileSync } from "node:fs";
import { DataError } from "../../core/errors.js";
import type { DayBoundary } from "../../core/time.js";
import { loadTradeLog } from "../../persistence/jsonl-trade-log.js";

/** Trades' P&L grouped into days, in money; `balance`: the account they were made on, when the file says. */
export interface PnlDays {
  readonly days: number[][];
  readonly balance: number | null;
  readonly format: "backtest-json" | "journal-jsonl" | "csv";
}

interface Trade {
  readonly pnl: number;
  /** close time, epoch ms (null: the file has none) */
  readonly t: number | null;
}

function readText(file: string): string {
  if (!existsSync(file)) throw new DataError("DATA_NOT_FOUND", file, "no such file");
  return readFileSync(file, "utf8");
}

/** ISO time with a zone, or a date (read as UTC midnight). */
function parseTime(text: string): number {
  const ok = /^\d{4}-\d{2}-\d{2}$/.test(text) || /[zZ]|[+-]\d{2}:?\d{2}$/.test(text);
  return ok ? Date.parse(text) : Number.NaN;
}

function fromBacktest(file: string, parsed: Record<string, unknown>): { trades: Trade[]; balance: number } {
  const balance = parsed.initialBalance;
  if (typeof balance !== "number" || !(balance > 0))
    throw new DataError("DATA_FORMAT", file, "a backtest's JSON needs a positive initialBalance", {
      field: "initialBalance",
    });
  const rows = parsed.trades as unknown[];
  const trades = rows.map((row, i) => {
    const r = (row ?? {}) as Record<string, unknown>;
    const where = `trades[${i}]`;
    if (typeof r.netPnl !== "number" || !Number.isFinite(r.netPnl))
      throw new DataError("DATA_BAD_ROW", file, `${where}: netPnl must be a finite number`, {
        field: "netPnl",
      });
    const t = typeof r.closeTime === "string" ? parseTime(r.closeTime) : Number.NaN;
    if (Number.isNaN(t))
      throw new DataError("DATA_BAD_ROW", file, `${where}: closeTime must be an ISO time`, {
        field: "closeTime",
      });
    return { pnl: r.netPnl, t };
  });
  return { trades, balance };
}

function fromJournal(file: string): Trade[] {
  const { records, errors, torn } = loadTradeLog(file);
  // a torn last line is an append a crash interrupted: that trade never closed in the journal
  const bad = torn ? errors.slice(0, -1) : errors;
  if (bad.length > 0) throw bad[0]!;
  return records.map((r) => ({ pnl: r.trade.netPnl, t: r.trade.closeTime }));
}

const TIME_COLUMNS = ["time", "closetime", "close_time", "date", "day"];

/** A CSV with a header: a `pnl` column (money), optionally a close-time column (time, closeTime, date, …). */
function fromCsv(file: string, text: string, timeColumns: readonly string[]): Trade[] {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? "").split(",").map((h) => h.trim().toLowerCase());
  const pnlAt = header.indexOf("pnl");
  if (pnlAt < 0)
    throw new DataError("DATA_FORMAT", file, `the header needs a pnl column, got "${lines[0] ?? ""}"`, {
      line: 1,
    });
  const timeAt = header.findIndex((h) => timeColumns.includes(h));
  const trades: Trade[] = [];
  for (let i = 1; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (raw === "") continue;
    const cells = raw.split(",").map((c) => c.trim());
    const pnlText = cells[pnlAt] ?? "";
    const pnl = Number(pnlText);
    if (pnlText === "" || !Number.isFinite(pnl))
      throw new DataError("DATA_BAD_ROW", file, `pnl must be a number, got "${pnlText}"`, {
        line: i + 1,
        field: "pnl",
      });
    let t: number | null = null;
    if (timeAt >= 0) {
      const tText = cells[timeAt] ?? "";
      t = parseTime(tText);
      if (Number.isNaN(t))
        throw new DataError(
          "DATA_BAD_ROW",
          file,
          `expected an ISO time with a zone or a date, got "${tText}"`,
          {
            line: i + 1,
            field: header[timeAt]!,
          },
        );
    }
    trades.push({ pnl, t });
  }
  return trades;
}

/**
 * Reads a trade list: a backtest's `--json` output (its trades' netPnl and closeTime), a trade journal
 * (JSONL, one closed trade a line) or a CSV with a pnl column. Trades with a close time are grouped by the
 * day (of `day`) they closed in, in time order; days without a trade are not in the data. Trades without
 * times are grouped `tradesPerDay` a day, in file order.
 */
export function readTradeFile(file: string, day: DayBoundary, tradesPerDay: number): PnlDays {
  const text = readText(file);
  const head = text.trimStart();
  let trades: Trade[];
  let balance: number | null = null;
  let format: PnlDays["format"];
  let whole: unknown;
  try {
    whole = head.startsWith("{") ? JSON.parse(text) : undefined;
  } catch {
    whole = undefined;
  }
  if (
    typeof whole === "object" &&
    whole !== null &&
    Array.isArray((whole as Record<string, unknown>).trades)
  ) {
    ({ trades, balance } = fromBacktest(file, whole as Record<string, unknown>));
    format = "backtest-json";
  } else if (head.startsWith("{")) {
    trades = fromJournal(file);
    format = "journal-jsonl";
  } else {
    trades = fromCsv(file, text, TIME_COLUMNS);
    format = "csv";
  }
  if (trades.length === 0) throw new DataError("DATA_FORMAT", file, "no trades in the file");
  return { days: groupIntoDays(trades, day, tradesPerDay), balance, format };
}

function groupIntoDays(trades: readonly Trade[], day: DayBoundary, tradesPerDay: number): number[][] {
  if (trades.some((t) => t.t === null)) {
    const days: number[][] = [];
    for (let i = 0; i < trades.length; i += tradesPerDay)
      days.push(trades.slice(i, i + tradesPerDay).map((t) => t.pnl));
    return days;
  }
  const sorted = [...trades].sort((a, b) => a.t! - b.t!);
  const byDay = new Map<string, number[]>();
  for (const t of sorted) {
    const key = day.dayKey(t.t!);
    const list = byDay.get(key) ?? [];
    list.push(t.pnl);
    byDay.set(key, list);
  }
  return [...byDay.values()];
}

/**
 * Reads daily P&L: a CSV with a header holding a pnl column (money), one day a line, in order (other
 * columns, such as the day, are labels and not read).
 */
export function readDailyFile(file: string): number[] {
  const text = readText(file);
  const days = fromCsv(file, text, []).map((t) => t.pnl);
  if (days.length === 0) throw new DataError("DATA_FORMAT", file, "no days in the file");
  return days;
}
