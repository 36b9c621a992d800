import { Publisher, Subscriber } from "zeromq";
import { ACCOUNT_TOPIC, DEAL_TOPIC, HEARTBEAT_TOPIC } from "../execution/mt5/protocol/messages.js";

type Frame = [topic: string, body: string];

/**
 * The PUB path's fault layer for the bridge fault schedules: a relay on real ZeroMQ sockets between the
 * simulated bridge's price stream and the node's subscriber (SUB of everything → PUB on a port of its own)
 * that loses, holds back, repeats, swaps and garbles the frames it is told to, or goes silent altogether.
 * Faults are armed by count on the account events (DEAL and ACCOUNT frames, which carry the sequence the
 * subscriber checks) or on ticks, so a schedule says which frame it hits, not when.
 */
export class PubFaultRelay {
  private readonly sub = new Subscriber({ linger: 0 });
  private pub = new Publisher({ linger: 0 });
  private sendQueue: Promise<void> = Promise.resolve();
  private running = false;
  private drops = 0;
  private duplicates = 0;
  private malformed = 0;
  private tickDrops = 0;
  private reorder = 0;
  /** a frame held back to go after the next one (reordering), and its release when none follows */
  private held: { frame: Frame; timer: NodeJS.Timeout } | undefined;
  private delayUntil = Number.NEGATIVE_INFINITY;
  private delayed: Frame[] = [];
  private delayTimer: NodeJS.Timeout | undefined;
  private silentUntil = Number.NEGATIVE_INFINITY;
  /** frames seen and forwarded, by topic kind (for the log) */
  readonly counts = { in: 0, out: 0 };
  endpoint = "";

  /** Subscribes to `upstream` (everything) and publishes on a free loopback port (`endpoint`). */
  async start(upstream: string): Promise<void> {
    await this.pub.bind("tcp://127.0.0.1:*");
    this.endpoint = this.pub.lastEndpoint ?? "";
    this.sub.connect(upstream);
    this.sub.subscribe();
    // as a TCP tunnel does, the relay passes a broken upstream connection on: its own listener goes
    // away and comes back, so the subscriber sees the break (a ZeroMQ-level proxy would hide it)
    this.sub.events.on("disconnect", () => void this.rebind());
    this.running = true;
    void this.loop();
  }

  stop(): void {
    this.running = false;
    if (this.held !== undefined) clearTimeout(this.held.timer);
    if (this.delayTimer !== undefined) clearTimeout(this.delayTimer);
    this.held = undefined;
    this.sub.close();
    this.pub.close();
  }

  private async rebind(): Promise<void> {
    if (!this.running) return;
    this.pub.close();
    this.pub = new Publisher({ linger: 0 });
    for (let attempt = 0; this.running; attempt++) {
      try {
        await this.pub.bind(this.endpoint);
        return;
      } catch (e) {
        // the port just released can take a moment to be free again
        if (attempt >= 40) throw e;
        await new Promise((r) => setTimeout(r, 25));
      }
    }
  }

  /** The next `n` account events are lost (their sequence numbers with them). */
  dropEvents(n = 1): void {
    this.drops += n;
  }

  /** The next `n` account events arrive twice. */
  duplicateEvents(n = 1): void {
    this.duplicates += n;
  }

  /** The next `n` account events arrive as a frame that is not JSON. */
  malformEvents(n = 1): void {
    this.malformed += n;
  }

  /** The next `n` ticks are lost. */
  dropTicks(n = 1): void {
    this.tickDrops += n;
  }

  /** The next account event is held back and goes after the one that follows it (or after `maxHoldMs`). */
  reorderNext(): void {
    this.reorder++;
  }

  /** Account events are held for `ms` of wall time, then go out in their order. */
  delayEvents(ms: number): void {
    this.delayUntil = performance.now() + ms;
  }

  /** Nothing at all goes out (no heartbeat, no tick, no event) for `ms` of wall time: a silent publisher. */
  silence(ms: number): void {
    this.silentUntil = performance.now() + ms;
  }

  private async loop(): Promise<void> {
    try {
      for await (const [t, b] of this.sub) {
        if (!this.running) return;
        this.counts.in++;
        this.onFrame([t?.toString("utf8") ?? "", b?.toString("utf8") ?? ""]);
      }
    } catch {
      // closed
    }
  }

  private onFrame(frame: Frame): void {
    const now = performance.now();
    if (now < this.silentUntil) return;
    const [topic] = frame;
    if (topic !== DEAL_TOPIC && topic !== ACCOUNT_TOPIC) {
      if (topic !== HEARTBEAT_TOPIC && this.tickDrops > 0) {
        this.tickDrops--;
        return;
      }
      this.send(frame);
      return;
    }
    if (this.drops > 0) {
      this.drops--;
      return;
    }
    if (this.malformed > 0) {
      this.malformed--;
      this.send([topic, "not json"]);
      return;
    }
    if (this.duplicates > 0) {
      this.duplicates--;
      this.event(frame);
      this.event(frame);
      return;
    }
    if (this.reorder > 0 && this.held === undefined) {
      this.reorder--;
      const timer = setTimeout(() => this.releaseHeld(), 150);
      this.held = { frame, timer };
      return;
    }
    this.event(frame);
    this.releaseHeld();
  }

  /** An account event, through the delay when one is on. */
  private event(frame: Frame): void {
    const now = performance.now();
    if (now >= this.delayUntil && this.delayed.length === 0) {
      this.send(frame);
      return;
    }
    this.delayed.push(frame);
    if (this.delayTimer !== undefined) return;
    this.delayTimer = setTimeout(
      () => {
        this.delayTimer = undefined;
        for (const f of this.delayed.splice(0)) this.send(f);
      },
      Math.max(0, this.delayUntil - now),
    );
  }

  private releaseHeld(): void {
    const h = this.held;
    if (h === undefined) return;
    this.held = undefined;
    clearTimeout(h.timer);
    this.event(h.frame);
  }

  private send(frame: Frame): void {
    if (!this.running) return;
    this.counts.out++;
    this.sendQueue = this.sendQueue.then(() => this.pub.send(frame)).catch(() => {});
  }
}
