import { randomUUID } from "node:crypto";
import { Publisher, Router } from "zeromq";
import { type Clock, LiveClock, ScaledClock } from "../../core/clock.js";
import { ACCOUNT_TOPIC, DEAL_TOPIC, HEARTBEAT_TOPIC } from "../../execution/mt5/protocol/messages.js";
import { parseRequest } from "../../execution/mt5/protocol/parse-request.js";
import { RETCODE } from "../../execution/mt5/protocol/retcodes.js";
import { type BrokerReply, errorReply } from "./broker-types.js";
import { CurveServer, type SimBridgeCurve } from "./curve-server.js";
import { FaultPlan } from "./fault-plan.js";
import { SimBridgeError } from "./sim-bridge-error.js";
import { SimBroker, type SimBrokerOptions } from "./sim-broker.js";
import { openTickSource, type TickSource, type TickSourceSpec } from "./tick-source.js";

export interface SimBridgeStartOptions extends Partial<SimBrokerOptions> {
  /** the trade service (REQ/REP); default tcp://127.0.0.1:15555, "tcp://127.0.0.1:*" picks a free port */
  rep?: string;
  /** the price stream (PUB/SUB); default tcp://127.0.0.1:15556 */
  pub?: string;
  /** default the synthetic market, seed 1 */
  source?: TickSourceSpec;
  /** market time per wall time (default 1) */
  speed?: number;
  /** the market clock; default wall time scaled by `speed` from the source's start */
  clock?: Clock;
  /** wall ms between heartbeats (default 1000) */
  heartbeatMs?: number;
  /** wall time between two ACCOUNT events when nothing changes (default 1000) */
  accountEveryMs?: number;
  /** wall ms between releases of due ticks (default 20) */
  pumpMs?: number;
  /** serve CurveZMQ, letting in only the listed client keys (as the Windows bridge does) */
  curve?: SimBridgeCurve;
  /** a CurveZMQ client whose key is not on the list was refused (its public key) */
  onCurveRefused?: (clientKey: string) => void;
}

export interface SimBridgeStats {
  requests: number;
  ticksPublished: number;
  heartbeats: number;
}

const DEFAULT_SYMBOLS = ["XAUUSD", "EURUSD", "US30", "NAS100"];
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * The simulated MT5 bridge: a real ZeroMQ trade service and price stream speaking the bridge protocol,
 * executing on the kernel's simulated venue (SimBroker). The trade service is a ROUTER that speaks the
 * REQ/REP envelope, so a REQ client cannot tell it from a REP socket, while a reply can be dropped
 * (fault injection) without wedging the socket. One request is handled at a time; bad input gets an
 * error reply and never stops the loop.
 */
export class SimBridgeServer {
  readonly faults: FaultPlan;
  readonly stats: SimBridgeStats = { requests: 0, ticksPublished: 0, heartbeats: 0 };
  private state: SimBroker | undefined;
  private rep: Router | undefined;
  private pub: Publisher | undefined;
  private serving: Promise<void> = Promise.resolve();
  private pubQueue: Promise<void> = Promise.resolve();
  private pubPending = 0;
  private timers: NodeJS.Timeout[] = [];
  private source: TickSource | undefined;
  private sourceHasTick = false;
  private clock: Clock = new LiveClock();
  private seq = 0;
  /** one sequence over the DEAL and ACCOUNT topics (a subscriber detects a gap) */
  private eventSeq = 0;
  /** this start's id, on every heartbeat and event: a restart draws a new one (subscribers see the break) */
  private boot = randomUUID();
  private dealsPublished = 0;
  private lastBalance = Number.NaN;
  private lastMargin = Number.NaN;
  private bound = { rep: "", pub: "" };
  private curve: CurveServer | undefined;

  constructor(faults: FaultPlan = new FaultPlan()) {
    this.faults = faults;
  }

  get broker(): SimBroker {
    if (this.state === undefined)
      throw new SimBridgeError("NOT_RUNNING", "the simulated bridge was never started");
    return this.state;
  }

  /** The endpoints actually bound (wildcard ports resolved). */
  get endpoints(): { rep: string; pub: string } {
    return { ...this.bound };
  }

  get running(): boolean {
    return this.rep !== undefined;
  }

  /** Market time as the bridge sees it. */
  now(): number {
    return this.clock.now();
  }

  async start(options: SimBridgeStartOptions = {}): Promise<void> {
    if (this.running) throw new SimBridgeError("ALREADY_RUNNING", "the simulated bridge is already running");
    const symbols = options.symbols ?? DEFAULT_SYMBOLS;
    const broker = new SimBroker({ ...options, symbols });
    const wall = new LiveClock();
    const source = openTickSource(
      options.source ?? { kind: "synthetic", seed: 1 },
      symbols,
      broker.instruments.specs,
      wall.now(),
    );
    this.state = broker;
    this.source = source;
    this.sourceHasTick = source?.next() ?? false;
    const origin = source === undefined || Number.isNaN(source.startMs) ? wall.now() : source.startMs;
    this.clock = options.clock ?? new ScaledClock(wall, origin, options.speed ?? 1);
    if (options.curve !== undefined) {
      this.curve = new CurveServer(options.curve, options.onCurveRefused);
      await this.curve.start();
    }
    await this.bind(options.rep ?? "tcp://127.0.0.1:15555", options.pub ?? "tcp://127.0.0.1:15556");
    this.faults.onRestart((downMs) => this.restart(downMs));
    this.timers.push(setInterval(() => this.pump(), options.pumpMs ?? 20));
    this.timers.push(setInterval(() => this.heartbeat(), options.heartbeatMs ?? 1000));
    // the account state at least once a second, and at once after every change
    this.timers.push(setInterval(() => this.publishAccount(true), options.accountEveryMs ?? 1000));
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    this.faults.onRestart(undefined);
    this.closeSockets();
    await this.serving;
    await this.pubQueue;
    this.curve?.stop();
    this.curve = undefined;
  }

  /** The bridge's CurveZMQ public key (what clients set as the server key), or undefined without CurveZMQ. */
  get curvePublicKey(): string | undefined {
    return this.curve?.publicKey;
  }

  /** Closes both sockets and binds them again on the same endpoints; the broker keeps its state. */
  async restart(downMs = 0): Promise<void> {
    if (!this.running) throw new SimBridgeError("NOT_RUNNING", "the simulated bridge is not running");
    const { rep, pub } = this.bound;
    this.closeSockets();
    await this.serving;
    // a restarted bridge is a new process: its event sequence starts again (subscribers see the break)
    this.eventSeq = 0;
    this.seq = 0;
    this.boot = randomUUID();
    if (downMs > 0) await sleep(downMs);
    await this.bind(rep, pub);
  }

  /** A quote pushed by hand (tests): the broker sees it and it is published like a streamed one. */
  pushTick(symbol: string, bid: number, ask: number, time = this.clock.now()): void {
    this.emit(this.broker.instruments.index(symbol), time, bid, ask);
  }

  private async bind(repAt: string, pubAt: string): Promise<void> {
    const rep = new Router({ linger: 0, ...this.curve?.socketOptions() });
    const pub = new Publisher({ linger: 0, ...this.curve?.socketOptions() });
    try {
      await bindRetrying(rep, repAt);
      await bindRetrying(pub, pubAt);
    } catch (e) {
      rep.close();
      pub.close();
      throw new SimBridgeError("BIND_FAILED", `cannot bind ${repAt} / ${pubAt}: ${String(e)}`, { cause: e });
    }
    this.rep = rep;
    this.pub = pub;
    this.bound = { rep: rep.lastEndpoint ?? repAt, pub: pub.lastEndpoint ?? pubAt };
    this.serving = this.serve(rep);
  }

  private closeSockets(): void {
    this.rep?.close();
    this.pub?.close();
    this.rep = undefined;
    this.pub = undefined;
  }

  private async serve(sock: Router): Promise<void> {
    while (!sock.closed) {
      let frames: Buffer[];
      try {
        frames = await sock.receive();
      } catch {
        return; // closed
      }
      const sep = frames.findIndex((f) => f.length === 0);
      if (sep < 0) continue; // not a REQ envelope: nobody to answer
      const out = await this.answer(frames[sep + 1] ?? Buffer.alloc(0));
      if (out === undefined || sock.closed) continue;
      try {
        await sock.send([...frames.slice(0, sep + 1), out]);
      } catch {
        // the peer is gone or the socket closed: nothing to do
      }
    }
  }

  /** The reply frame for one request frame, or undefined when the reply is dropped. */
  private async answer(frame: Buffer): Promise<string | undefined> {
    this.stats.requests++;
    const fault = this.faults.takeReplyFault();
    const parsed = parseRequest(frame);
    let reply: BrokerReply;
    if (!parsed.ok) {
      reply = errorReply(parsed.requestId, parsed.code, parsed.message);
    } else {
      const request = parsed.request;
      try {
        const forceRetcode = request.cmd === "TRADE" ? this.faults.takeRetcode() : undefined;
        reply = this.broker.handle(request, this.now(), forceRetcode === undefined ? {} : { forceRetcode });
        if (fault.duplicate) reply = this.broker.handle(request, this.now());
        this.publishEvents();
      } catch (e) {
        const message = `internal error: ${e instanceof Error ? e.message : String(e)}`;
        reply = errorReply(request.requestId, "MT5_ERROR", message, RETCODE.ERROR);
      }
    }
    if (fault.delayMs > 0) await sleep(fault.delayMs);
    if (fault.drop) return undefined;
    return fault.malformed ? "not json" : JSON.stringify(reply);
  }

  /** Releases the ticks that are due on the market clock. */
  private pump(): void {
    const s = this.source;
    if (s === undefined || this.faults.marketFrozen()) return;
    const now = this.clock.now();
    let n = 0;
    while (this.sourceHasTick && s.time <= now && n < 10_000) {
      this.emit(s.symbolIndex, s.time, s.bid, s.ask);
      this.sourceHasTick = s.next();
      n++;
    }
  }

  private emit(sym: number, time: number, bid: number, ask: number): void {
    this.broker.onTick(sym, time, bid, ask);
    this.publishEvents(); // a stop or a target the tick hit is a deal at once
    if (!this.faults.ticksAllowed()) return;
    const symbol = this.broker.instruments.specs[sym]!.symbol;
    this.publish(symbol, JSON.stringify({ symbol, bid, ask, time: Math.round(time) }));
    this.stats.ticksPublished++;
  }

  private heartbeat(): void {
    if (!this.faults.heartbeatsAllowed()) return;
    this.publish(
      HEARTBEAT_TOPIC,
      JSON.stringify({ time: Math.round(this.clock.now()), seq: this.seq++, boot: this.boot }),
    );
    this.stats.heartbeats++;
  }

  /** Every deal not yet published, then the account state if it changed. */
  private publishEvents(): void {
    const deals = this.broker.deals;
    while (this.dealsPublished < deals.length) {
      const deal = deals[this.dealsPublished++]!;
      if (this.faults.takeDealEventDrop()) {
        this.eventSeq++; // lost on the way: the subscriber sees the gap
        continue;
      }
      this.publish(DEAL_TOPIC, JSON.stringify({ seq: this.eventSeq++, boot: this.boot, deal }));
    }
    this.publishAccount(false);
  }

  /** The account state: when a deal changed it, or (`always`) on the once-a-second beat. */
  private publishAccount(always: boolean): void {
    const l = this.broker.ledger;
    const r2 = (x: number): number => Math.round(x * 100) / 100;
    // a change of balance or margin (a deal) goes out at once; equity moving with the prices on the beat
    // (compared as numbers first: this runs on every tick the bridge streams)
    const balance = r2(l.balance);
    const margin = r2(l.margin);
    if (!always && balance === this.lastBalance && margin === this.lastMargin) return;
    this.lastBalance = balance;
    this.lastMargin = margin;
    const state = {
      balance,
      equity: r2(l.equity),
      margin,
      freeMargin: r2(l.freeMargin),
      marginLevel: Number.isFinite(l.marginLevelPct) ? r2(l.marginLevelPct) : null,
    };
    this.publish(
      ACCOUNT_TOPIC,
      JSON.stringify({ seq: this.eventSeq++, boot: this.boot, time: Math.round(this.clock.now()), ...state }),
    );
  }

  /** Sends go one at a time (a zeromq socket takes one send at once); a backlog is dropped like PUB does. */
  private publish(topic: string, body: string): void {
    if (this.pub === undefined || this.pubPending > 10_000) return;
    this.pubPending++;
    this.pubQueue = this.pubQueue
      .then(() => this.pub?.send([topic, body]))
      .catch(() => {})
      .finally(() => {
        this.pubPending--;
      });
  }
}

async function bindRetrying(sock: Router | Publisher, endpoint: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await sock.bind(endpoint);
      return;
    } catch (e) {
      // a port just released by a restart can take a moment to be free again
      if (attempt >= 20 || endpoint.endsWith(":*")) throw e;
      await sleep(50);
    }
  }
}
