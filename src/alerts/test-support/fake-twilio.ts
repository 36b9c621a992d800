import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface TwilioMessage {
  sid: string;
  to: string;
  from: string;
  body: string;
  contentType: string;
}

/**
 * A local server that speaks Twilio's Messages API: POST
 * `/2010-04-01/Accounts/{AccountSid}/Messages.json`, a form-encoded body (To, From, Body), HTTP basic
 * auth with the account SID and auth token; 201 with the message's JSON, or Twilio's error JSON (`code`,
 * `message`, `more_info`, `status`).
 */
export class FakeTwilio {
  readonly messages: TwilioMessage[] = [];
  private failure: number | undefined;

  private constructor(
    private readonly server: Server,
    readonly url: string,
    readonly sid: string,
    readonly authToken: string,
  ) {}

  static async start(sid: string, authToken: string): Promise<FakeTwilio> {
    let self: FakeTwilio | undefined;
    const server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const error = (status: number, code: number, message: string) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(
          JSON.stringify({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }),
        );
      };
      const m = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(req.url ?? "");
      if (req.method !== "POST" || m === null)
        return error(404, 20404, "The requested resource was not found");
      const expected = `Basic ${Buffer.from(`${sid}:${authToken}`).toString("base64")}`;
      if (req.headers.authorization !== expected || m[1] !== sid) return error(401, 20003, "Authenticate");
      if (self!.failure !== undefined) return error(self!.failure, 20500, "Internal Server Error");
      const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
      const to = form.get("To");
      const from = form.get("From");
      const body = form.get("Body");
      if (!to || !from || !body) return error(400, 21604, "A 'To' phone number is required.");
      const msg: TwilioMessage = {
        sid: `SM${String(self!.messages.length + 1).padStart(32, "0")}`,
        to,
        from,
        body,
        contentType: String(req.headers["content-type"]),
      };
      self!.messages.push(msg);
      res.writeHead(201, { "content-type": "application/json" });
      res.end(JSON.stringify({ sid: msg.sid, to, from, body, status: "queued", account_sid: sid }));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    self = new FakeTwilio(
      server,
      `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      sid,
      authToken,
    );
    return self;
  }

  fail(status: number | undefined): void {
    this.failure = status;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }
}
