import type { ServerResponse } from "node:http";

/** What the node publishes to the live stream. */
export interface NodeEvent {
  type: "fill" | "denial" | "state" | "equity" | "decision";
  data: unknown;
}

export type EventSink = (event: NodeEvent) => void;

/**
 * Server-Sent Events fan-out: each published event goes to every open stream; a comment line every
 * `heartbeatMs` keeps proxies from closing idle streams. A client that disconnects is dropped.
 */
export class EventStream {
  private readonly clients = new Set<ServerResponse>();
  private readonly timer: NodeJS.Timeout;
  private nextId = 1;

  constructor(
    heartbeatMs: number,
    private readonly log: (line: string) => void,
  ) {
    this.timer = setInterval(() => this.write(": heartbeat\n\n"), heartbeatMs);
    this.timer.unref();
  }

  get size(): number {
    return this.clients.size;
  }

  attach(res: ServerResponse): void {
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    });
    res.write(": connected\n\n");
    this.clients.add(res);
    res.on("close", () => this.clients.delete(res));
  }

  /** Never throws into the node: an event that cannot be written as JSON is dropped and logged. */
  readonly publish: EventSink = (event) => {
    let data: string;
    try {
      data = JSON.stringify(event.data ?? null);
    } catch (e) {
      this.log(`api: dropped a "${event.type}" event that is not JSON (${(e as Error).message})`);
      return;
    }
    this.write(`id: ${this.nextId++}\nevent: ${event.type}\ndata: ${data}\n\n`);
  };

  close(): void {
    clearInterval(this.timer);
    for (const res of this.clients) res.end();
    this.clients.clear();
  }

  private write(chunk: string): void {
    for (const res of this.clients) {
      if (res.writableEnded || res.destroyed) this.clients.delete(res);
      else res.write(chunk);
    }
  }
}
