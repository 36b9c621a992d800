import { type BridgeErrorCode, BridgeRequest } from "./messages.js";

export type ParsedRequest =
  | { ok: true; request: BridgeRequest }
  | { ok: false; code: BridgeErrorCode; message: string; requestId?: string };

/**
 * Parses one request frame once, at the boundary. A frame that is not JSON or whose fields are wrong is
 * BAD_REQUEST naming the field; a missing or unknown `cmd` (a request saying `command`, say) is
 * UNKNOWN_COMMAND.
 */
export function parseRequest(frame: string | Uint8Array): ParsedRequest {
  let raw: unknown;
  try {
    raw = JSON.parse(typeof frame === "string" ? frame : new TextDecoder().decode(frame));
  } catch {
    return { ok: false, code: "BAD_REQUEST", message: "the frame is not valid JSON" };
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return { ok: false, code: "BAD_REQUEST", message: "a request is a JSON object" };
  }
  const obj = raw as Record<string, unknown>;
  const requestId = typeof obj.requestId === "string" ? obj.requestId : undefined;
  const cmd = obj.cmd;
  const known = BridgeRequest.options.some((o) => o.shape.cmd.value === cmd);
  if (!known) {
    const hint = "command" in obj ? ' (the field is "cmd", not "command")' : "";
    return {
      ok: false,
      code: "UNKNOWN_COMMAND",
      message: `unknown command ${JSON.stringify(cmd ?? obj.command ?? null)}${hint}`,
      ...(requestId ? { requestId } : {}),
    };
  }
  const parsed = BridgeRequest.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join(".") || "(request)";
    return {
      ok: false,
      code: "BAD_REQUEST",
      message: `${String(cmd)}: ${field}: ${issue.message}`,
      ...(requestId ? { requestId } : {}),
    };
  }
  return { ok: true, request: parsed.data };
}
