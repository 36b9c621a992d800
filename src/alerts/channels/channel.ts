import { HydraError } from "../../core/errors.js";
import type { ChannelName } from "../routing.js";

/** One message for one channel: one alert, or a burst grouped into one. */
export interface AlertMessage {
  /** email subject */
  subject: string;
  /** plain text (email, logs) */
  text: string;
  /** Telegram MarkdownV2, escaped */
  markdown: string;
  html: string;
  /** SMS: short plain text */
  short: string;
}

/** A way to reach the operator. `send` resolves when the provider took the message, else throws. */
export interface AlertChannel {
  readonly name: ChannelName;
  send(message: AlertMessage): Promise<void>;
}

/**
 * A channel that did not take a message. `retryAfterMs`: when the provider said when to come back
 * (Telegram's 429 `retry_after`). The message never carries a credential.
 */
export class ChannelError extends HydraError {
  constructor(
    readonly channel: ChannelName,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super("ALERT_CHANNEL", `${channel}: ${message}`, { channel });
  }
}
