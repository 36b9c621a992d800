import type { z } from "zod";
import { ApiError } from "./api-error.js";

/** Parse a request's body, query or params once; a failure is a 400 naming the first field at fault. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, where: string): z.output<T> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const at = issue.path.map(String);
  if (issue.code === "unrecognized_keys") {
    const field = [...at, issue.keys[0]!].join(".");
    throw new ApiError(400, "BAD_REQUEST", `${where}: unknown field "${field}"`, field);
  }
  const field = at.join(".");
  if (field === "") throw new ApiError(400, "BAD_REQUEST", `${where}: ${issue.message}`);
  throw new ApiError(400, "BAD_REQUEST", `${where}: field "${field}": ${issue.message}`, field);
}
