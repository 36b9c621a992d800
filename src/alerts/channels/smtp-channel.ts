import nodemailer, { type Transporter } from "nodemailer";
import { redact } from "../../core/redact.js";
import { type AlertChannel, type AlertMessage, ChannelError } from "./channel.js";

export interface SmtpSettings {
  host: string;
  port: number;
  /** TLS from the start (465); otherwise STARTTLS when the server offers it */
  secure: boolean;
  user?: string;
  pass?: string;
  from: string;
  to: readonly string[];
  timeoutMs?: number;
}

/** Email through an SMTP server (nodemailer): plain text and HTML in one message. */
export class SmtpChannel implements AlertChannel {
  readonly name = "email" as const;
  private readonly transport: Transporter;

  constructor(private readonly s: SmtpSettings) {
    const timeout = s.timeoutMs ?? 10_000;
    this.transport = nodemailer.createTransport({
      host: s.host,
      port: s.port,
      secure: s.secure,
      ...(s.user === undefined ? {} : { auth: { user: s.user, pass: s.pass ?? "" } }),
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    });
  }

  async send(message: AlertMessage): Promise<void> {
    try {
      await this.transport.sendMail({
        from: this.s.from,
        to: [...this.s.to],
        subject: message.subject,
        text: message.text,
        html: message.html,
      });
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      throw new ChannelError("email", redact(why, [this.s.pass ?? "", this.s.user ?? ""]));
    }
  }

  close(): void {
    this.transport.close();
  }
}
