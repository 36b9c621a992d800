import { redact } from "../../core/redact.js";
import { ChannelError } from "./channel.js";

export const DEFAULT_TELEGRAM_API_URL = "https://api.telegram.org";

interface Envelope {
  ok?: unknown;
  result?: unknown;
  error_code?: unknown;
  description?: unknown;
  parameters?: { retry_after?: unknown };
}

/**
 * The Telegram Bot API as documented: every method is a POST of JSON to `{base}/bot{token}/{method}`,
 * every answer the envelope `{ok, result}` or `{ok: false, error_code, description, parameters:
 * {retry_after}}`. Errors are ChannelErrors that never carry the token.
 */
export class TelegramApi {
  private readonly base: string;

  constructor(
    baseUrl: string,
    private readonly token: string,
    private readonly timeoutMs = 10_000,
  ) {
    this.base = baseUrl.replace(/\/+$/, "");
  }

  async call<T>(
    method: string,
    params: Record<string, unknown>,
    timeoutMs = this.timeoutMs,
    abort?: AbortSignal,
  ): Promise<T> {
    const timeout = AbortSignal.timeout(timeoutMs);
    let res: Response;
    try {
      res = await fetch(`${this.base}/bot${this.token}/${method}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(params),
        signal: abort === undefined ? timeout : AbortSignal.any([timeout, abort]),
      });
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).name;
      throw this.error(`${method}: cannot reach the Bot API (${cause})`);
    }
    let body: Envelope;
    try {
      body = (await res.json()) as Envelope;
    } catch {
      throw this.error(`${method}: HTTP ${res.status}, not the Bot API's JSON envelope`);
    }
    if (body.ok === true) return body.result as T;
    const retry = Number(body.parameters?.retry_after);
    const code = typeof body.error_code === "number" ? body.error_code : res.status;
    const why = typeof body.description === "string" ? body.description : "no description";
    throw this.error(
      `${method}: error ${code} (${why})`,
      Number.isFinite(retry) && retry > 0 ? retry * 1000 : undefined,
    );
  }

  private error(message: string, retryAfterMs?: number): ChannelError {
    return new ChannelError("telegram", redact(message, [this.token]), retryAfterMs);
  }
}
