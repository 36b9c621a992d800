import { redact } from "../../core/redact.js";
import { type AlertChannel, type AlertMessage, ChannelError } from "./channel.js";

export const DEFAULT_TWILIO_API_URL = "https://api.twilio.com";

export interface TwilioSettings {
  baseUrl: string;
  accountSid: string;
  authToken: string;
  from: string;
  to: readonly string[];
  timeoutMs?: number;
}

/**
 * SMS through Twilio's Messages API: a form-encoded POST of To, From and Body to
 * `{base}/2010-04-01/Accounts/{AccountSid}/Messages.json` with HTTP basic auth (SID, auth token); an
 * error answer is Twilio's JSON (`code`, `message`, `status`). Critical alerts only (SPEC §6).
 */
export class TwilioChannel implements AlertChannel {
  readonly name = "sms" as const;

  constructor(private readonly s: TwilioSettings) {}

  async send(message: AlertMessage): Promise<void> {
    const url = `${this.s.baseUrl.replace(/\/+$/, "")}/2010-04-01/Accounts/${encodeURIComponent(this.s.accountSid)}/Messages.json`;
    const auth = Buffer.from(`${this.s.accountSid}:${this.s.authToken}`).toString("base64");
    for (const to of this.s.to) {
      let res: Response;
      try {
        res = await fetch(url, {
          method: "POST",
          headers: { authorization: `Basic ${auth}`, "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ To: to, From: this.s.from, Body: message.short }).toString(),
          signal: AbortSignal.timeout(this.s.timeoutMs ?? 10_000),
        });
      } catch (e) {
        const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).name;
        throw this.error(`cannot reach the Messages API (${cause})`);
      }
      if (res.status >= 200 && res.status < 300) continue;
      let why = `HTTP ${res.status}`;
      try {
        const body = (await res.json()) as { code?: unknown; message?: unknown };
        why = `HTTP ${res.status}, error ${String(body.code ?? "?")} (${String(body.message ?? "no message")})`;
      } catch {
        // not Twilio's JSON: the status says enough
      }
      const retry = Number(res.headers.get("retry-after"));
      throw this.error(why, Number.isFinite(retry) && retry > 0 ? retry * 1000 : undefined);
    }
  }

  private error(message: string, retryAfterMs?: number): ChannelError {
    return new ChannelError("sms", redact(message, [this.s.authToken, this.s.accountSid]), retryAfterMs);
  }
}
