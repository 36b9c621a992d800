import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface TelegramRequest {
  method: string;
  body: Record<string, unknown>;
  atMs: number;
}

interface Waiter {
  offset: number;
  res: ServerResponse;
  timer: NodeJS.Timeout;
}

/** A made-up bot token of the Bot API's shape (digits, colon, 35 characters), new each run. */
function fakeBotToken(): string {
  return `${100000 + Math.floor(Math.random() * 899999)}${"0".repeat(3)}:${randomBytes(27).toString("base64url").slice(0, 35)}`;
}

/**
 * A local server that speaks the Telegram Bot API's wire format for the methods HYDRA calls: POST
 * `/bot{token}/{method}` with a JSON body; answers `{ok: true, result}` or `{ok: false, error_code,
 * description, parameters: {retry_after}}`; `getUpdates` long-polls (offset confirms earlier updates,
 * timeout in seconds). A test pushes users' messages and button presses and can make it fail (an
 * outage's 5xx, a 429 with retry_after).
 */
export class FakeTelegram {
  readonly token = fakeBotToken();
  readonly requests: TelegramRequest[] = [];
  private readonly updates: Array<{ update_id: number } & Record<string, unknown>> = [];
  private readonly waiters = new Set<Waiter>();
  private nextUpdate = 1;
  private nextMessage = 1;
  private failure: { status: number; untilMs: number; retryAfterS?: number; methods?: string[] } | undefined;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<FakeTelegram> {
    let self: FakeTelegram | undefined;
    const server = createServer((req, res) => void self!.handle(req, res));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    self = new FakeTelegram(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return self;
  }

  /** the messages the Bot API took (sendMessage answered ok), in order */
  readonly sent: Array<{ chat_id: unknown; text: string; reply_markup?: unknown; parse_mode?: string }> = [];

  /** From now for `forMs`, the given methods (all but getUpdates when absent) answer `status`. */
  fail(status: number, forMs: number, opts: { retryAfterS?: number; methods?: string[] } = {}): void {
    this.failure = { status, untilMs: Date.now() + forMs, ...opts };
  }

  heal(): void {
    this.failure = undefined;
  }

  pushMessage(chatId: number, text: string): void {
    this.push({
      message: {
        message_id: this.nextMessage++,
        date: Math.floor(Date.now() / 1000),
        chat: { id: chatId, type: "private" },
        text,
      },
    });
  }

  pushButton(chatId: number, data: string): void {
    this.push({
      callback_query: {
        id: String(this.nextUpdate * 1000),
        from: { id: chatId, is_bot: false, first_name: "op" },
        data,
        message: { message_id: this.nextMessage++, chat: { id: chatId, type: "private" } },
      },
    });
  }

  async waitFor<T>(find: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const found = find();
      if (found !== undefined && found !== false) return found;
      if (Date.now() > end)
        throw new Error(
          `fake Telegram: no ${what} within ${timeoutMs} ms; sent: ${JSON.stringify(this.sent.map((m) => m.text))}`,
        );
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async close(): Promise<void> {
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.res.destroy();
    }
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }

  private push(update: Record<string, unknown>): void {
    this.updates.push({ update_id: this.nextUpdate++, ...update });
    for (const w of [...this.waiters]) this.answerUpdates(w);
  }

  private answerUpdates(w: Waiter): boolean {
    const ready = this.updates.filter((u) => u.update_id >= w.offset);
    if (ready.length === 0) return false;
    clearTimeout(w.timer);
    this.waiters.delete(w);
    this.json(w.res, 200, { ok: true, result: ready });
    return true;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const m = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? "");
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (req.method !== "POST" || m === null)
      return this.json(res, 404, { ok: false, error_code: 404, description: "Not Found" });
    if (m[1] !== this.token)
      return this.json(res, 401, { ok: false, error_code: 401, description: "Unauthorized" });
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Record<string, unknown>;
    } catch {
      return this.json(res, 400, {
        ok: false,
        error_code: 400,
        description: "Bad Request: can't parse JSON",
      });
    }
    const method = m[2]!;
    this.requests.push({ method, body, atMs: Date.now() });
    const f = this.failure;
    if (
      f !== undefined &&
      Date.now() < f.untilMs &&
      (f.methods?.includes(method) ?? method !== "getUpdates")
    ) {
      if (f.status === 429)
        return this.json(res, 429, {
          ok: false,
          error_code: 429,
          description: `Too Many Requests: retry after ${f.retryAfterS ?? 1}`,
          parameters: { retry_after: f.retryAfterS ?? 1 },
        });
      if (f.status >= 500) {
        res.writeHead(f.status, { "content-type": "text/html" });
        res.end("<html><body>Bad Gateway</body></html>");
        return;
      }
      return this.json(res, f.status, { ok: false, error_code: f.status, description: "Error" });
    }
    switch (method) {
      case "getUpdates": {
        const offset = Number(body.offset ?? 0);
        // confirmed updates are forgotten, as the Bot API does
        while (this.updates.length > 0 && this.updates[0]!.update_id < offset) this.updates.shift();
        const timeoutS = Math.min(Number(body.timeout ?? 0), 30);
        const w: Waiter = {
          offset,
          res,
          timer: setTimeout(() => {
            this.waiters.delete(w);
            this.json(res, 200, { ok: true, result: [] });
          }, timeoutS * 1000),
        };
        if (this.answerUpdates(w)) return;
        this.waiters.add(w);
        res.on("close", () => {
          clearTimeout(w.timer);
          this.waiters.delete(w);
        });
        return;
      }
      case "sendMessage": {
        if (typeof body.text !== "string" || body.text === "")
          return this.json(res, 400, {
            ok: false,
            error_code: 400,
            description: "Bad Request: message text is empty",
          });
        if (body.parse_mode === "MarkdownV2") {
          const bad = unescapedReserved(body.text);
          if (bad !== undefined)
            return this.json(res, 400, {
              ok: false,
              error_code: 400,
              description: `Bad Request: can't parse entities: Character '${bad}' is reserved and must be escaped with the preceding '\\'`,
            });
        }
        this.sent.push(body as { chat_id: unknown; text: string });
        return this.json(res, 200, {
          ok: true,
          result: {
            message_id: this.nextMessage++,
            date: Math.floor(Date.now() / 1000),
            chat: { id: body.chat_id },
            text: body.text,
          },
        });
      }
      case "answerCallbackQuery":
        return this.json(res, 200, { ok: true, result: true });
      default:
        return this.json(res, 404, {
          ok: false,
          error_code: 404,
          description: "Not Found: method not found",
        });
    }
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    if (res.writableEnded || res.destroyed) return;
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  }
}

/**
 * The first MarkdownV2 reserved character that is not escaped and not part of an entity marker the
 * renderer uses (* for bold, _ for italic), as the Bot API rejects them.
 */
function unescapedReserved(text: string): string | undefined {
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\\") {
      i++;
      continue;
    }
    if ("[]()~`>#+-=|{}.!".includes(c)) return c;
  }
  return undefined;
}
