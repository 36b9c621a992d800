import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type Clock, LiveClock } from "../../../core/clock.js";

/**
 * How a fake provider misbehaves on the next requests: "429" (with Retry-After when given), "5xx" (a 503
 * page from the load balancer, not JSON), "truncated" (a 200 whose JSON is cut in half), "hang" (no answer
 * until the server closes: the client times out), "reset" (the socket is destroyed: a network error).
 */
type FakeFailure = "429" | "5xx" | "truncated" | "hang" | "reset";

/** A provider's quote as a test sets it (a bare number is the last price; the book is then 1 cent wide). */
export interface FakeQuote {
  bid: number;
  ask: number;
  last: number;
}

/** What a test controls on a fake price provider; the Coinbase and the CoinGecko fakes share it. */
export interface FakeFeedServer {
  /** http://127.0.0.1:PORT — the base URL a feed is pointed at (HYDRA_COINBASE_URL, HYDRA_COINGECKO_URL) */
  readonly url: string;
  /** every request's path and query, in order */
  readonly requests: string[];
  /** the price of a HYDRA symbol (BTC-USD) from now on */
  setPrice(symbol: string, price: number | FakeQuote): void;
  /** the provider's clock (what its timestamps say): ours + skew, or where it was frozen */
  sourceTime(): number;
  /** the provider's timestamps stop moving (its data goes stale) until `unfreeze()` */
  freeze(): void;
  unfreeze(): void;
  /** moves the provider's clock forward (frozen too: a frozen source that moved once) */
  advance(ms: number): void;
  /** the provider's clock runs `ms` ahead of ours (negative: behind) */
  skew(ms: number): void;
  /** the next `count` requests fail (Infinity: until `recover()`); retryAfter is the header as sent ("2") */
  fail(kind: FakeFailure, count?: number, opts?: { retryAfter?: string }): void;
  /** drops the failures still queued */
  recover(): void;
  /** stops listening (the port then refuses connections) and ends open connections */
  close(): Promise<void>;
  /** listens again on the same port */
  reopen(): Promise<void>;
}

export interface FakeProviderOptions {
  /** the provider's clock before skew; our wall clock by default */
  clock?: Clock;
}

export interface Reply {
  status: number;
  /** JSON (a string is sent as it is, as text) */
  body: unknown;
  headers?: Record<string, string>;
}

/** A provider's wire format: its answer to a request and its rate-limit body. */
export interface ProviderWire {
  answer(url: URL, req: IncomingMessage, quotes: ReadonlyMap<string, FakeQuote>, sourceTime: number): Reply;
  rateLimitedBody(): unknown;
}

function send(res: ServerResponse, reply: Reply): void {
  const text = typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
  const type = typeof reply.body === "string" ? "text/plain" : "application/json";
  res.writeHead(reply.status, { "content-type": type, ...reply.headers });
  res.end(text);
}

/** Starts a fake provider on 127.0.0.1 (an ephemeral port) speaking `wire`, controlled through the result. */
export async function startFakeProvider(
  wire: ProviderWire,
  opts: FakeProviderOptions = {},
): Promise<FakeFeedServer> {
  const clock = opts.clock ?? new LiveClock();
  const quotes = new Map<string, FakeQuote>();
  const requests: string[] = [];
  const failures: { kind: FakeFailure; left: number; retryAfter: string | undefined }[] = [];
  let skewMs = 0;
  let frozenAt: number | undefined;
  let port = 0;
  let server: Server | undefined;

  const sourceTime = () => frozenAt ?? clock.now() + skewMs;

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    requests.push(req.url ?? "");
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const failure = failures[0];
    if (failure !== undefined) {
      failure.left -= 1;
      if (failure.left <= 0) failures.shift();
      if (failure.kind === "hang") return;
      if (failure.kind === "reset") {
        req.socket.destroy();
        return;
      }
      if (failure.kind === "429") {
        const headers: Record<string, string> =
          failure.retryAfter === undefined ? {} : { "retry-after": failure.retryAfter };
        send(res, { status: 429, body: wire.rateLimitedBody(), headers });
        return;
      }
      if (failure.kind === "5xx") {
        send(res, { status: 503, body: "upstream connect error or disconnect/reset before headers" });
        return;
      }
      const whole = JSON.stringify(wire.answer(url, req, quotes, sourceTime()).body);
      send(res, { status: 200, body: whole.slice(0, Math.floor(whole.length / 2)) });
      return;
    }
    send(res, wire.answer(url, req, quotes, sourceTime()));
  };

  const listen = async () => {
    const s = createServer(handle);
    await new Promise<void>((resolve, reject) => {
      s.once("error", reject);
      s.listen(port, "127.0.0.1", () => resolve());
    });
    port = (s.address() as AddressInfo).port;
    server = s;
  };
  await listen();

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setPrice(symbol, price) {
      quotes.set(
        symbol.toUpperCase(),
        typeof price === "number"
          ? { bid: price, ask: Math.round((price + 0.01) * 100) / 100, last: price }
          : price,
      );
    },
    sourceTime,
    freeze() {
      frozenAt = sourceTime();
    },
    unfreeze() {
      frozenAt = undefined;
    },
    advance(ms) {
      if (frozenAt === undefined) skewMs += ms;
      else frozenAt += ms;
    },
    skew(ms) {
      skewMs = ms;
    },
    fail(kind, count = 1, o = {}) {
      failures.push({ kind, left: count, retryAfter: o.retryAfter });
    },
    recover() {
      failures.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        const s = server;
        server = undefined;
        if (s === undefined) return resolve();
        s.closeAllConnections();
        s.close(() => resolve());
      }),
    reopen: async () => {
      if (server === undefined) await listen();
    },
  };
}
