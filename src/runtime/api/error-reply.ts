import { HydraError } from "../../core/errors.js";
import { ApiError, type ErrorBody } from "./api-error.js";
import { UnknownTargetError } from "./unknown-target-error.js";

/**
 * Turns anything a route threw into a status and the error body: our own errors as they are, fastify's
 * parsing errors as 400/413/415, and anything else as a 500 with a code and no stack trace.
 */
export function errorReply(
  e: unknown,
  log: (line: string) => void,
  what: string,
): { status: number; body: ErrorBody } {
  if (e instanceof ApiError) return { status: e.status, body: e.body() };
  if (e instanceof UnknownTargetError)
    return { status: 404, body: { error: { code: e.code, message: e.message } } };
  const status = (e as { statusCode?: unknown }).statusCode;
  if (typeof status === "number" && status >= 400 && status < 500 && isFastifyError(e)) {
    if (status === 413)
      return { status, body: { error: { code: "BODY_TOO_LARGE", message: "request body over 16 KiB" } } };
    if (status === 415)
      return {
        status,
        body: { error: { code: "UNSUPPORTED_MEDIA_TYPE", message: "send the body as application/json" } },
      };
    return { status: 400, body: { error: { code: "BAD_REQUEST", message: (e as Error).message } } };
  }
  if (e instanceof HydraError) {
    log(`api: ${what} failed: ${e.code}: ${e.message}`);
    return { status: 500, body: { error: { code: e.code, message: e.message } } };
  }
  log(`api: ${what} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  return {
    status: 500,
    body: { error: { code: "INTERNAL", message: "internal error (see the node's log)" } },
  };
}

const isFastifyError = (e: unknown): boolean =>
  typeof (e as { code?: unknown }).code === "string" && (e as { code: string }).code.startsWith("FST_");
