/** Every error HYDRA raises on purpose carries a code; callers decide by code, never by message text. */
export type ErrorCode =
  | "CONFIG_INVALID"
  | "CLI_USAGE"
  | "DATA_FORMAT"
  | "DATA_BAD_ROW"
  | "DATA_ORDER"
  | "DATA_NOT_FOUND"
  | "INSTRUMENT_UNKNOWN"
  | "INSTRUMENT_INVALID"
  | "ORDER_TRANSITION"
  | "ORDER_INVALID"
  | "TIME_INVALID"
  | "STRATEGY_UNKNOWN"
  | "STRATEGY_PARAM"
  | "BRIDGE_REPLY"
  | "BRIDGE_TIMEOUT"
  | "BRIDGE_PROTOCOL"
  | "STORAGE"
  | "MARKET_DATA"
  /** a live price source said to slow down (details.retryAfterMs when it said how long) */
  | "FEED_RATE_LIMITED"
  /** a live price source could not be reached (connection, timeout, 5xx) */
  | "FEED_UNAVAILABLE"
  /** a live price source answered something that is not its documented shape (truncated JSON, …) */
  | "FEED_BAD_DATA"
  /** a run that started and then failed (its feed died, …): exit code 1, not a usage error */
  | "RUN_FAILED"
  /** an alert channel (Telegram, Twilio, SMTP) did not take a message */
  | "ALERT_CHANNEL";

export class HydraError extends Error {
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = "HydraError";
    this.code = code;
    this.details = details;
  }
}

/** A data file problem, always with the file and (when known) the 1-based line and the field. */
export class DataError extends HydraError {
  readonly file: string;
  readonly line: number | undefined;
  readonly field: string | undefined;

  constructor(
    code: "DATA_FORMAT" | "DATA_BAD_ROW" | "DATA_ORDER" | "DATA_NOT_FOUND",
    file: string,
    message: string,
    where: { line?: number; field?: string } = {},
  ) {
    const at = where.line === undefined ? file : `${file}:${where.line}`;
    const field = where.field === undefined ? "" : ` (field "${where.field}")`;
    super(code, `${at}: ${message}${field}`, { file, line: where.line, field: where.field });
    this.name = "DataError";
    this.file = file;
    this.line = where.line;
    this.field = where.field;
  }
}

export function isHydraError(e: unknown): e is HydraError {
  return e instanceof HydraError;
}
