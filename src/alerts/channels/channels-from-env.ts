import { HydraError } from "../../core/errors.js";
import type { AlertChannel } from "./channel.js";
import { SmtpChannel } from "./smtp-channel.js";
import { DEFAULT_TELEGRAM_API_URL, TelegramApi } from "./telegram-api.js";
import { TelegramChannel } from "./telegram-channel.js";
import { DEFAULT_TWILIO_API_URL, TwilioChannel } from "./twilio-channel.js";

type Env = Readonly<Record<string, string | undefined>>;

/** The channels whose credentials the environment holds, and the Telegram bot (its commands) when set. */
export interface EnvChannels {
  channels: AlertChannel[];
  telegram?: { api: TelegramApi; chatIds: string[] };
  /** every credential value, to keep out of anything written */
  secrets: string[];
}

const bad = (name: string, why: string): HydraError =>
  new HydraError("CONFIG_INVALID", `${name}: ${why}`, { field: name });

const get = (env: Env, name: string): string | undefined => {
  const v = env[name]?.trim();
  return v === undefined || v === "" ? undefined : v;
};

const need = (env: Env, name: string, because: string): string => {
  const v = get(env, name);
  if (v === undefined) throw bad(name, `is required when ${because} is set`);
  return v;
};

const list = (env: Env, name: string, because: string): string[] =>
  need(env, name, because)
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");

function url(env: Env, name: string, fallback: string): string {
  const v = get(env, name) ?? fallback;
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw bad(name, `must be an http(s) URL, got "${v}"`);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:")
    throw bad(name, `must be an http(s) URL, got "${v}"`);
  return v;
}

/**
 * The alert channels from the environment (SPEC §6), validated once: Telegram (TELEGRAM_TOKEN,
 * TELEGRAM_CHAT_ID — one chat id or several, comma-separated —, TELEGRAM_API_URL), SMS through Twilio
 * (TWILIO_SID, TWILIO_TOKEN, TWILIO_FROM, TWILIO_TO, TWILIO_API_URL), email through SMTP (SMTP_HOST,
 * SMTP_PORT, SMTP_SECURE, SMTP_USER, SMTP_PASS, SMTP_FROM, SMTP_TO). A channel is configured when its
 * first variable is set; a missing companion is an error naming it.
 */
export function channelsFromEnv(env: Env): EnvChannels {
  const channels: AlertChannel[] = [];
  const secrets: string[] = [];
  let telegram: EnvChannels["telegram"];
  const token = get(env, "TELEGRAM_TOKEN");
  if (token !== undefined) {
    const chatIds = list(env, "TELEGRAM_CHAT_ID", "TELEGRAM_TOKEN");
    for (const id of chatIds)
      if (!/^-?\d+$|^@\w+$/.test(id))
        throw bad("TELEGRAM_CHAT_ID", `"${id}" is not a chat id (a number, or @channelname)`);
    const api = new TelegramApi(url(env, "TELEGRAM_API_URL", DEFAULT_TELEGRAM_API_URL), token);
    channels.push(new TelegramChannel(api, chatIds));
    telegram = { api, chatIds };
    secrets.push(token);
  } else if (get(env, "TELEGRAM_CHAT_ID") !== undefined)
    throw bad("TELEGRAM_TOKEN", "is required when TELEGRAM_CHAT_ID is set");
  const sid = get(env, "TWILIO_SID");
  if (sid !== undefined) {
    const authToken = need(env, "TWILIO_TOKEN", "TWILIO_SID");
    channels.push(
      new TwilioChannel({
        baseUrl: url(env, "TWILIO_API_URL", DEFAULT_TWILIO_API_URL),
        accountSid: sid,
        authToken,
        from: need(env, "TWILIO_FROM", "TWILIO_SID"),
        to: list(env, "TWILIO_TO", "TWILIO_SID"),
      }),
    );
    secrets.push(sid, authToken);
  }
  const host = get(env, "SMTP_HOST");
  if (host !== undefined) {
    const secureText = get(env, "SMTP_SECURE") ?? "false";
    if (!/^(true|false|1|0)$/i.test(secureText))
      throw bad("SMTP_SECURE", `must be true or false, got "${secureText}"`);
    const secure = /^(true|1)$/i.test(secureText);
    const portText = get(env, "SMTP_PORT") ?? (secure ? "465" : "587");
    const port = Number(portText);
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      throw bad("SMTP_PORT", `must be a port (1–65535), got "${portText}"`);
    const user = get(env, "SMTP_USER");
    const pass = get(env, "SMTP_PASS");
    if (pass !== undefined && user === undefined) throw bad("SMTP_USER", "is required when SMTP_PASS is set");
    channels.push(
      new SmtpChannel({
        host,
        port,
        secure,
        ...(user === undefined ? {} : { user }),
        ...(pass === undefined ? {} : { pass }),
        from: need(env, "SMTP_FROM", "SMTP_HOST"),
        to: list(env, "SMTP_TO", "SMTP_HOST"),
      }),
    );
    if (pass !== undefined) secrets.push(pass);
  }
  return { channels, ...(telegram === undefined ? {} : { telegram }), secrets };
}
