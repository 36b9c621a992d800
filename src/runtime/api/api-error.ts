import { z } from "zod";

/** The one error body every route answers with: a code to decide by, a message for people, the field at fault. */
export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    field: z.string().optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

export type ApiErrorCode =
  | "BAD_REQUEST"
  | "BAD_JSON"
  | "BODY_TOO_LARGE"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "NOT_FOUND"
  | "UNAUTHORIZED"
  | "CONTROL_DISABLED"
  | "INTERNAL";

/** An error the server answers as it is: HTTP status, code, message and (for bad input) the field. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "ApiError";
  }

  body(): ErrorBody {
    return {
      error: { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) },
    };
  }
}
