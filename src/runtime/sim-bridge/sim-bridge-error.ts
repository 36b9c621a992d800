/** Why the simulated bridge refused: callers decide by `code`, never by the message. */
export type SimBridgeErrorCode = "NOT_RUNNING" | "ALREADY_RUNNING" | "BIND_FAILED" | "NO_DATA";

export class SimBridgeError extends Error {
  constructor(
    readonly code: SimBridgeErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "SimBridgeError";
  }
}
