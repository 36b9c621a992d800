import { randomBytes } from "node:crypto";
import { Request } from "zeromq";
import { IdSequence } from "../../../core/ids.js";
import {
  type BridgeCommand,
  BridgeReply,
  type BridgeRequest,
  IDEMPOTENT,
  REPLY_DATA,
  type ReplyData,
} from "../protocol/messages.js";
import { BridgeProtocolError, BridgeReplyError, BridgeTimeoutError } from "./bridge-errors.js";
import type { CurveClientKeys } from "./curve-keys.js";

export interface BridgeClientOptions {
  /** the trade server, e.g. tcp://127.0.0.1:15555 */
  endpoint: string;
  timeoutMs?: number;
  /** attempts for read-only commands (Lazy Pirate); a TRADE or CLOSE is sent once */
  retries?: number;
  /** prefix of the request ids this client makes (unique per process) */
  idPrefix?: string;
  /** measured round trips, for metrics */
  onRoundTrip?: (cmd: BridgeCommand, ms: number) => void;
  now?: () => number;
  /** CurveZMQ: encrypt the link; a wrong server key or a client key the bridge does not allow is a timeout */
  curve?: CurveClientKeys;
}

type Body<C extends BridgeCommand> = Omit<Extract<BridgeRequest, { cmd: C }>, "cmd" | "requestId">;

/**
 * The REQ side of the trade server. Calls are serialised (REQ allows one request at a time). A read-only
 * command that times out is retried on a fresh socket (close, reopen, resend: the Lazy Pirate); a TRADE
 * or CLOSE is never resent: its timeout is reported as BridgeTimeoutError and the caller reconciles.
 */
export class BridgeClient {
  private socket: Request | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly ids: IdSequence;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private closed = false;

  constructor(private readonly opts: BridgeClientOptions) {
    this.timeoutMs = opts.timeoutMs ?? 2000;
    this.retries = opts.retries ?? 3;
    this.ids = new IdSequence(opts.idPrefix ?? `h${randomBytes(3).toString("hex")}-`);
  }

  /** A fresh request id (also what a TRADE stamps into its comment). */
  nextId(): string {
    return this.ids.next();
  }

  call<C extends BridgeCommand>(cmd: C, body: Body<C>, requestId = this.nextId()): Promise<ReplyData<C>> {
    const run = (): Promise<ReplyData<C>> =>
      this.exchange(cmd, { cmd, ...body, requestId } as BridgeRequest, requestId);
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  close(): void {
    this.closed = true;
    this.socket?.close();
    this.socket = undefined;
  }

  private open(): Request {
    if (this.socket === undefined) {
      this.socket = new Request({
        linger: 0,
        receiveTimeout: this.timeoutMs,
        sendTimeout: this.timeoutMs,
        ...this.opts.curve?.socketOptions(),
      });
      this.socket.connect(this.opts.endpoint);
    }
    return this.socket;
  }

  /** After a timeout a REQ socket is stuck waiting: throw it away. */
  private reset(): void {
    this.socket?.close();
    this.socket = undefined;
  }

  private async exchange<C extends BridgeCommand>(
    cmd: C,
    request: BridgeRequest,
    requestId: string,
  ): Promise<ReplyData<C>> {
    const attempts = IDEMPOTENT.has(cmd) ? this.retries : 1;
    const frame = JSON.stringify(request);
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (this.closed) throw new BridgeProtocolError("the client is closed");
      const socket = this.open();
      const t0 = performance.now();
      try {
        await socket.send(frame);
        for (;;) {
          const [raw] = await socket.receive();
          const reply = this.decode(raw);
          // a late reply to an earlier request on this socket: skip it
          if (reply.requestId !== undefined && reply.requestId !== requestId) continue;
          this.opts.onRoundTrip?.(cmd, performance.now() - t0);
          if (!reply.ok)
            throw new BridgeReplyError(reply.error.code, reply.error.message, reply.error.retcode, requestId);
          const data = REPLY_DATA[cmd].safeParse(reply.data);
          if (!data.success)
            throw new BridgeProtocolError(
              `${cmd} reply: ${data.error.issues[0]?.path.join(".")}: ${data.error.issues[0]?.message}`,
            );
          return data.data as ReplyData<C>;
        }
      } catch (e) {
        if (e instanceof BridgeReplyError) throw e;
        this.reset();
        const timedOut = (e as { code?: string }).code === "EAGAIN";
        if (!timedOut && !(e instanceof BridgeProtocolError)) throw e;
        if (e instanceof BridgeProtocolError && !IDEMPOTENT.has(cmd)) throw e;
      }
    }
    throw new BridgeTimeoutError(cmd, requestId, attempts);
  }

  private decode(raw: Buffer | undefined): BridgeReply {
    let json: unknown;
    try {
      json = JSON.parse(raw?.toString("utf8") ?? "");
    } catch {
      throw new BridgeProtocolError("a reply frame is not JSON");
    }
    const parsed = BridgeReply.safeParse(json);
    if (!parsed.success)
      throw new BridgeProtocolError(`a reply does not fit the protocol (${parsed.error.issues[0]?.message})`);
    return parsed.data;
  }
}
