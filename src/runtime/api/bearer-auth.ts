import { createHash, timingSafeEqual } from "node:crypto";
import { ApiError } from "./api-error.js";

const digest = (s: string): Buffer => createHash("sha256").update(s, "utf8").digest();

/**
 * Checks `Authorization: Bearer <token>` for the control routes. Compared as SHA-256 digests in constant
 * time, so neither the content nor the length of the token leaks through timing. The token is never logged.
 */
export function bearerCheck(token: string | undefined): (authorization: string | undefined) => void {
  const expected = token === undefined || token === "" ? undefined : digest(token);
  return (authorization) => {
    if (expected === undefined)
      throw new ApiError(
        403,
        "CONTROL_DISABLED",
        "control routes are disabled on this node: set HYDRA_API_TOKEN to enable them",
      );
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
    const given = digest(m?.[1] ?? "");
    if (!m || !timingSafeEqual(given, expected))
      throw new ApiError(401, "UNAUTHORIZED", "missing or wrong bearer token (Authorization: Bearer …)");
  };
}
