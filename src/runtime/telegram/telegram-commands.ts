import { randomBytes } from "node:crypto";
import { ChannelError } from "../../alerts/channels/channel.js";
import type { TelegramApi } from "../../alerts/channels/telegram-api.js";
import type { Clock } from "../../core/clock.js";
import type { ApiNode } from "../api/composite-node.js";
import { UnknownTargetError } from "../api/unknown-target-error.js";
import { answerRead, HELP, READ_COMMANDS } from "./telegram-replies.js";

interface Chat {
  id: number | string;
}
interface Update {
  update_id: number;
  message?: { message_id: number; chat: Chat; text?: string };
  callback_query?: { id: string; data?: string; message?: { message_id: number; chat: Chat } };
}

export interface TelegramCommandsOptions {
  api: TelegramApi;
  /** the chats whose commands are obeyed (TELEGRAM_CHAT_ID) */
  allowed: readonly string[];
  node: ApiNode;
  /** the node's name in the control journal */
  nodeName: string;
  /** every command, with who and when (control_actions) */
  journal?: { record(wallMs: number, node: string, who: string, action: string): void };
  wall: Clock;
  log: (line: string) => void;
  /** getUpdates' long-poll timeout (seconds) */
  pollTimeoutS?: number;
  /** how long a confirmation button stays valid (wall ms) */
  confirmMs?: number;
}

/** A state-changing command waiting for its confirmation button. */
interface Pending {
  chat: string;
  command: string;
  arg: string;
  expiresAt: number;
}

const CHANGES = new Set(["/pause", "/resume", "/close", "/closeall", "/kill", "/unkill"]);
const WHO = "telegram";

/**
 * The node's Telegram bot: it long-polls `getUpdates` (one poller per process and token) and answers
 * the commands of the chats in the allow-list — read commands at once, state-changing ones (/pause,
 * /resume, /close, /closeall, /kill, /unkill) after the operator presses the confirmation button. Other
 * chats are ignored (each said once in the log). Every command is journalled in control_actions.
 */
export class TelegramCommands {
  private offset = 0;
  private running = false;
  private abort: AbortController | undefined;
  private loop: Promise<void> | undefined;
  private readonly pending = new Map<string, Pending>();
  private readonly ignored = new Set<string>();
  private lastError = "";

  constructor(private readonly o: TelegramCommandsOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.abort?.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    let backoffMs = 1000;
    const timeout = this.o.pollTimeoutS ?? 25;
    while (this.running) {
      this.abort = new AbortController();
      try {
        const updates = await this.o.api.call<Update[]>(
          "getUpdates",
          { offset: this.offset, timeout, allowed_updates: ["message", "callback_query"] },
          (timeout + 10) * 1000,
          this.abort.signal,
        );
        backoffMs = 1000;
        if (this.lastError !== "") this.o.log("telegram: getUpdates answers again");
        this.lastError = "";
        for (const u of Array.isArray(updates) ? updates : []) {
          this.offset = Math.max(this.offset, u.update_id + 1);
          await this.handle(u).catch((e) =>
            this.o.log(`telegram: update ${u.update_id}: ${(e as Error).message}`),
          );
        }
      } catch (e) {
        if (!this.running) break;
        const msg = e instanceof Error ? e.message : String(e);
        if (msg !== this.lastError)
          this.o.log(
            `telegram: ${msg}${/error 409/.test(msg) ? " — another process polls this bot (one poller per token): commands are answered there" : ""}; polling again with backoff`,
          );
        this.lastError = msg;
        const wait = e instanceof ChannelError && e.retryAfterMs !== undefined ? e.retryAfterMs : backoffMs;
        backoffMs = Math.min(30_000, backoffMs * 2);
        await new Promise((r) => setTimeout(r, wait).unref());
      }
    }
  }

  private allowedChat(chat: Chat | undefined): string | undefined {
    if (chat === undefined) return undefined;
    const id = String(chat.id);
    if (this.o.allowed.includes(id)) return id;
    if (!this.ignored.has(id)) {
      this.ignored.add(id);
      this.o.log(
        `telegram: ignored a chat that is not in TELEGRAM_CHAT_ID (chat …${id.slice(-4)}); said once`,
      );
    }
    return undefined;
  }

  private async handle(u: Update): Promise<void> {
    if (u.callback_query !== undefined) return this.confirm(u.callback_query);
    const m = u.message;
    const chat = this.allowedChat(m?.chat);
    if (m === undefined || chat === undefined || typeof m.text !== "string") return;
    const [word = "", ...rest] = m.text.trim().split(/\s+/);
    const command = word.toLowerCase().replace(/@\w+$/, ""); // "/status@HydraBot" in groups
    const arg = rest.join(" ").slice(0, 200);
    if (!command.startsWith("/")) return;
    this.journal(`${command}${arg === "" ? "" : ` ${arg}`}`);
    if (command === "/help" || command === "/start") return this.reply(chat, HELP);
    if (READ_COMMANDS.has(command)) return this.reply(chat, await answerRead(command, this.o.node.view));
    if (!CHANGES.has(command)) return this.reply(chat, `unknown command ${command}: /help lists them`);
    if ((command === "/pause" || command === "/resume" || command === "/close") && arg === "")
      return this.reply(
        chat,
        `${command} needs ${command === "/close" ? "a position id (/positions lists them)" : "a bot or engine name (/status lists them)"}`,
      );
    const nonce = randomBytes(6).toString("hex");
    this.pending.set(nonce, {
      chat,
      command,
      arg,
      expiresAt: this.o.wall.now() + (this.o.confirmMs ?? 120_000),
    });
    await this.o.api.call("sendMessage", {
      chat_id: chat,
      text: `Confirm ${command}${arg === "" ? "" : ` ${arg}`}?`,
      reply_markup: {
        inline_keyboard: [
          [
            { text: "Confirm", callback_data: `ok:${nonce}` },
            { text: "Cancel", callback_data: `no:${nonce}` },
          ],
        ],
      },
    });
  }

  private async confirm(q: NonNullable<Update["callback_query"]>): Promise<void> {
    const chat = this.allowedChat(q.message?.chat);
    if (chat === undefined) return;
    const [verdict, nonce = ""] = (q.data ?? "").split(":");
    const p = this.pending.get(nonce);
    this.pending.delete(nonce);
    const expired = p === undefined || p.chat !== chat || p.expiresAt < this.o.wall.now();
    await this.o.api.call("answerCallbackQuery", {
      callback_query_id: q.id,
      text: expired ? "expired" : verdict === "ok" ? "done" : "cancelled",
    });
    if (expired) return this.reply(chat, "that confirmation has expired: send the command again");
    const what = `${p.command}${p.arg === "" ? "" : ` ${p.arg}`}`;
    if (verdict !== "ok") {
      this.journal(`${what} cancelled`);
      return this.reply(chat, `${what}: cancelled`);
    }
    this.journal(`${what} confirmed`);
    try {
      await this.act(p);
      await this.reply(chat, `${what}: done`);
    } catch (e) {
      const why = e instanceof UnknownTargetError ? e.message : `failed (${(e as Error).message})`;
      await this.reply(chat, `${what}: ${why}`);
    }
  }

  private async act(p: Pending): Promise<void> {
    const c = this.o.node.control;
    switch (p.command) {
      case "/kill":
        return c.killSwitch(true, p.arg === "" ? "kill from Telegram" : p.arg, WHO);
      case "/unkill":
        return c.killSwitch(false, "released from Telegram", WHO);
      case "/closeall":
        return c.closeAll(WHO);
      case "/close":
        return c.closePosition(p.arg, WHO);
      default: {
        const kind = (await this.o.node.view.bots()).find((b) => b.name === p.arg)?.kind ?? "bot";
        return p.command === "/pause" ? c.pause(kind, p.arg, WHO) : c.resume(kind, p.arg, WHO);
      }
    }
  }

  private async reply(chat: string, text: string): Promise<void> {
    await this.o.api.call("sendMessage", { chat_id: chat, text: text.slice(0, 4000) });
  }

  private journal(action: string): void {
    try {
      this.o.journal?.record(this.o.wall.now(), this.o.nodeName, WHO, `telegram ${action}`);
    } catch (e) {
      this.o.log(`telegram: cannot journal "${action}": ${(e as Error).message}`);
    }
  }
}
