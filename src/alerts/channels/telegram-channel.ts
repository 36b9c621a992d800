import type { AlertChannel, AlertMessage } from "./channel.js";
import type { TelegramApi } from "./telegram-api.js";

/** Alerts to Telegram chats: `sendMessage` with MarkdownV2 (escaped), one call per chat. */
export class TelegramChannel implements AlertChannel {
  readonly name = "telegram" as const;

  constructor(
    private readonly api: TelegramApi,
    private readonly chatIds: readonly string[],
  ) {}

  async send(message: AlertMessage): Promise<void> {
    for (const chat_id of this.chatIds)
      await this.api.call("sendMessage", {
        chat_id,
        text: message.markdown,
        parse_mode: "MarkdownV2",
        link_preview_options: { is_disabled: true },
      });
  }
}
