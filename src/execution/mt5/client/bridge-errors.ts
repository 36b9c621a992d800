import { HydraError } from "../../../core/errors.js";

/** The bridge answered with an error (a typed code, and the MT5 retcode when there is one). */
export class BridgeReplyError extends HydraError {
  constructor(
    readonly replyCode: string,
    message: string,
    readonly retcode: number | undefined,
    readonly requestId: string | undefined,
  ) {
    super(
      "BRIDGE_REPLY",
      `bridge: ${replyCode}${retcode === undefined ? "" : ` (retcode ${retcode})`}: ${message}`,
      { replyCode, retcode, requestId },
    );
    this.name = "BridgeReplyError";
  }
}

/** No answer in time (after retries for read-only commands; at once for a TRADE, whose outcome is then unknown). */
export class BridgeTimeoutError extends HydraError {
  constructor(
    readonly cmd: string,
    readonly requestId: string,
    readonly attempts: number,
  ) {
    super("BRIDGE_TIMEOUT", `bridge: no reply to ${cmd} ${requestId} after ${attempts} attempt(s)`, {
      cmd,
      requestId,
      attempts,
    });
    this.name = "BridgeTimeoutError";
  }
}

/** A frame that is not a valid reply (not JSON, wrong shape, another request's id). */
export class BridgeProtocolError extends HydraError {
  constructor(message: string) {
    super("BRIDGE_PROTOCOL", `bridge: ${message}`);
    this.name = "BridgeProtocolError";
  }
}
