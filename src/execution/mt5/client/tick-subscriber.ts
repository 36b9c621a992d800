import { Subscriber } from "zeromq";
import type { Clock } from "../../../core/clock.js";
import {
  ACCOUNT_TOPIC,
  AccountEvent,
  DEAL_TOPIC,
  DealEvent,
  HEARTBEAT_TOPIC,
  HeartbeatMessage,
  TickMessage,
} from "../protocol/messages.js";
import type { CurveClientKeys } from "./curve-keys.js";

export interface TickSubscriberOptions {
  /** the price streamer, e.g. tcp://127.0.0.1:15556 */
  endpoint: string;
  symbols: readonly string[];
  clock: Clock;
  /** no heartbeat for this long: the publisher is dead (default 3 s) */
  staleAfterMs?: number;
  onTick: (tick: TickMessage) => void;
  /** a heartbeat and the publisher's time in it (market time, UTC): the broker's clock in a quiet market */
  onHeartbeat?: (time: number) => void;
  /** the feed went dead or came back */
  onFeedState?: (alive: boolean, reason: string) => void;
  /** a frame that did not parse (counted, never fatal) */
  onBadFrame?: (reason: string) => void;
  /** the account event stream: every deal (subscribes to DEAL when given) */
  onDeal?: (event: DealEvent) => void;
  /** the account state (subscribes to ACCOUNT when given) */
  onAccount?: (event: AccountEvent) => void;
  /** events were lost (a sequence gap, a restarted publisher): fetch what was missed with HISTORY/ACCOUNT */
  onGap?: (expected: number, got: number) => void;
  /**
   * the connection to the publisher broke and is back (a restarted bridge, a broken tunnel): whatever was
   * published meanwhile is lost, whatever the sequence numbers say. Called on the first frame after the
   * reconnection, once the subscription is in force again.
   */
  onResync?: (why: string) => void;
  /** CurveZMQ: encrypt the link; with a wrong key no frame ever arrives (the feed stays dead) */
  curve?: CurveClientKeys;
}

export interface FeedState {
  alive: boolean;
  lastHeartbeatAt: number;
  lastTickAt: Readonly<Record<string, number>>;
  ticks: number;
  badFrames: number;
  reconnects: number;
}

/**
 * The event bus: ticks of the subscribed symbols and the publisher's heartbeat. A heartbeat keeps the
 * feed alive even when a market is quiet; no heartbeat for `staleAfterMs` means a dead publisher, and
 * the subscriber reconnects on a fresh socket. Only the latest tick per symbol is kept (a slow consumer
 * sees the newest price, never a queue of old ones).
 */
export class TickSubscriber {
  private socket: Subscriber | undefined;
  private running = false;
  private readonly latest = new Map<string, TickMessage>();
  private readonly state: FeedState = {
    alive: false,
    lastHeartbeatAt: Number.NaN,
    lastTickAt: {},
    ticks: 0,
    badFrames: 0,
    reconnects: 0,
  };
  private watchdog: ReturnType<typeof setInterval> | undefined;
  private lastSeq: number | undefined;
  /** the publisher's start id, from its heartbeats and events (a new one: it restarted) */
  private boot: string | undefined;
  /** why the connection broke, until the first frame after it is back */
  private broken: string | undefined;
  private reconnected = false;

  constructor(private readonly opts: TickSubscriberOptions) {}

  get feed(): Readonly<FeedState> {
    return this.state;
  }

  /** The newest tick of a symbol, or undefined. */
  last(symbol: string): TickMessage | undefined {
    return this.latest.get(symbol);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.state.lastHeartbeatAt = this.opts.clock.now();
    this.connect();
    const stale = this.opts.staleAfterMs ?? 3000;
    this.watchdog = setInterval(() => this.check(stale), Math.min(500, stale / 2));
    this.watchdog.unref();
  }

  stop(): void {
    this.running = false;
    if (this.watchdog !== undefined) clearInterval(this.watchdog);
    this.socket?.close();
    this.socket = undefined;
  }

  private connect(): void {
    const socket = new Subscriber({ linger: 0, ...this.opts.curve?.socketOptions() });
    socket.connect(this.opts.endpoint);
    socket.subscribe(HEARTBEAT_TOPIC, ...this.opts.symbols);
    if (this.opts.onResync !== undefined) {
      socket.events.on("disconnect", () => {
        this.broken ??= "the connection to the publisher broke";
      });
      socket.events.on("connect", () => {
        if (this.broken !== undefined) this.reconnected = true;
      });
    }
    if (this.opts.onDeal !== undefined) socket.subscribe(DEAL_TOPIC);
    if (this.opts.onAccount !== undefined) socket.subscribe(ACCOUNT_TOPIC);
    this.socket = socket;
    void this.loop(socket);
  }

  private async loop(socket: Subscriber): Promise<void> {
    try {
      for await (const [topic, body] of socket) {
        if (!this.running || socket !== this.socket) return;
        this.onFrame(topic?.toString("utf8") ?? "", body?.toString("utf8") ?? "");
      }
    } catch {
      // closed (stop or reconnect): the watchdog decides what happens next
    }
  }

  private onFrame(topic: string, body: string): void {
    if (this.reconnected && this.broken !== undefined) {
      const why = this.broken;
      this.broken = undefined;
      this.reconnected = false;
      this.opts.onResync?.(why);
    }
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      this.bad(`${topic}: not JSON`);
      return;
    }
    const now = this.opts.clock.now();
    if (topic === HEARTBEAT_TOPIC) {
      const heartbeat = HeartbeatMessage.safeParse(json);
      if (!heartbeat.success) {
        this.bad("heartbeat: wrong shape");
        return;
      }
      this.state.lastHeartbeatAt = now;
      this.setAlive(true, "heartbeat");
      this.checkBoot(heartbeat.data.boot);
      this.opts.onHeartbeat?.(heartbeat.data.time);
      return;
    }
    if (topic === DEAL_TOPIC || topic === ACCOUNT_TOPIC) {
      this.onAccountEvent(topic, json);
      return;
    }
    const tick = TickMessage.safeParse(json);
    if (!tick.success || tick.data.symbol !== topic || tick.data.ask < tick.data.bid) {
      this.bad(`${topic}: not a valid tick`);
      return;
    }
    this.state.ticks++;
    (this.state.lastTickAt as Record<string, number>)[topic] = now;
    this.latest.set(topic, tick.data);
    this.setAlive(true, "tick");
    this.opts.onTick(tick.data);
  }

  private onAccountEvent(topic: string, json: unknown): void {
    const parsed = topic === DEAL_TOPIC ? DealEvent.safeParse(json) : AccountEvent.safeParse(json);
    if (!parsed.success) {
      this.bad(`${topic}: wrong shape`);
      return;
    }
    this.checkBoot(parsed.data.boot);
    const seq = parsed.data.seq;
    const expected = this.lastSeq === undefined ? seq : this.lastSeq + 1;
    this.lastSeq = seq;
    // a gap, or a publisher that restarted its numbering: something may be missing
    if (seq !== expected) this.opts.onGap?.(expected, seq);
    if (topic === DEAL_TOPIC) this.opts.onDeal?.(parsed.data as DealEvent);
    else this.opts.onAccount?.(parsed.data as AccountEvent);
  }

  /**
   * A publisher with a new start id restarted: what it published before is not on the new stream, and its
   * numbering starts again — told as a resync (once), and the sequence judged afresh from its next event.
   */
  private checkBoot(boot: string | undefined): void {
    if (boot === undefined || boot === this.boot) return;
    const before = this.boot;
    this.boot = boot;
    if (before === undefined) return;
    this.lastSeq = undefined;
    this.opts.onResync?.("the bridge restarted (a new start id on its stream)");
  }

  private bad(reason: string): void {
    this.state.badFrames++;
    this.opts.onBadFrame?.(reason);
  }

  private check(staleMs: number): void {
    if (!this.running) return;
    const silent = this.opts.clock.now() - this.state.lastHeartbeatAt;
    if (silent < staleMs) return;
    this.setAlive(false, `no heartbeat for ${Math.round(silent)} ms`);
    // reconnect on a fresh socket (a restarted publisher, a broken tunnel)
    if (this.state.ticks > 0 || this.lastSeq !== undefined)
      this.broken ??= `no heartbeat for ${Math.round(silent)} ms`;
    this.socket?.close();
    this.state.reconnects++;
    this.state.lastHeartbeatAt = this.opts.clock.now();
    this.connect();
  }

  private setAlive(alive: boolean, reason: string): void {
    if (this.state.alive === alive) return;
    this.state.alive = alive;
    this.opts.onFeedState?.(alive, reason);
  }
}
