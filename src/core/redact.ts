/** What a secret is replaced with. */
export const REDACTED = "[redacted]";

/** Shorter configured values are not treated as keys: replacing them would garble ordinary text. */
const MIN_SECRET_LENGTH = 6;

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Secret shapes found without knowing the value. Each keeps its label and replaces the value:
 * `Bearer <token>`, a key header as text or JSON (`x-api-key: …`, `"x-goog-api-key":"…"`), a key in a
 * query string (`?key=…`), and the providers' key prefixes (OpenAI/DeepSeek/Anthropic `sk-…`, Google
 * `AIza…`, xAI `xai-…`, Groq `gsk_…`).
 */
const PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/\b(Bearer)\s+(?!\[redacted\])[A-Za-z0-9._~+/=-]{6,}/gi, `$1 ${REDACTED}`],
  [
    /\b(x-goog-api-key|x-api-key|api[-_]?key|authorization)(["']?\s*[:=]\s*["']?)(?!\[redacted\]|Bearer\b)[^\s"',;&}]+/gi,
    `$1$2${REDACTED}`,
  ],
  [/([?&](?:key|api_key|apikey|access_token|token)=)[^&\s"'#]+/gi, `$1${REDACTED}`],
  [/\b(?:sk|xai)-[A-Za-z0-9_-]{8,}/g, REDACTED],
  [/\bAIza[0-9A-Za-z_-]{20,}/g, REDACTED],
  [/\bgsk_[A-Za-z0-9]{8,}/g, REDACTED],
  // a Telegram bot token (in a Bot API URL: /bot<id>:<secret>/method)
  [/\b(bot)?\d{6,}:[A-Za-z0-9_-]{30,}/g, `$1${REDACTED}`],
];

/**
 * Removes secrets from text that came from a provider (an error body, an error message) before it is
 * stored or shown anywhere: every value in `secrets` (the configured API keys, also URL-encoded), then
 * the secret shapes of PATTERNS. Idempotent.
 */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  const values = secrets
    .map((s) => s.trim())
    .filter((s) => s.length >= MIN_SECRET_LENGTH)
    .flatMap((s) => (encodeURIComponent(s) === s ? [s] : [s, encodeURIComponent(s)]))
    .sort((a, b) => b.length - a.length);
  for (const v of values) out = out.replace(new RegExp(escapeRegExp(v), "g"), REDACTED);
  for (const [re, by] of PATTERNS) out = out.replace(re, by);
  return out;
}
