import { type Clock, LiveClock } from "../../core/clock.js";
import { SimBridgeError } from "./sim-bridge-error.js";

/** What the server does with the reply to one request. */
export interface ReplyFault {
  /** wait this long before answering */
  delayMs: number;
  /** execute but never answer (the client times out) */
  drop: boolean;
  /** answer with a frame that is not JSON */
  malformed: boolean;
  /** handle the request twice (a duplicated delivery the dedupe cache must absorb) */
  duplicate: boolean;
}

/**
 * Faults a test (or an operator) injects into a running simulated bridge, settable at any time. Counted
 * faults apply to the next N requests; timed ones (tick gap, silence) to a span of wall time.
 *
 *   server.faults.dropReplies(1);          // the next request executes, its reply is lost
 *   server.faults.forceRetcode(10031);     // the next TRADE executes, then answers "no connection"
 *   server.faults.silence(5_000);          // no ticks and no heartbeats for 5 s
 *   await server.faults.restart();         // both sockets closed and rebound, broker state kept
 */
export class FaultPlan {
  private delayMs = 0;
  private delayCount = 0;
  private drops = 0;
  private malformed = 0;
  private duplicates = 0;
  private readonly retcodes: number[] = [];
  private dealEventDrops = 0;
  private tickGapUntil = Number.NEGATIVE_INFINITY;
  private silentUntil = Number.NEGATIVE_INFINITY;
  private restartHook: ((downMs: number) => Promise<void>) | undefined;
  private frozen = false;

  constructor(private readonly wall: Clock = new LiveClock()) {}

  /** Delays the next `count` replies (every reply when omitted) by `ms`. */
  delayReplies(ms: number, count = Number.POSITIVE_INFINITY): this {
    this.delayMs = Math.max(0, ms);
    this.delayCount = count;
    return this;
  }

  /** The next `count` requests execute but get no reply. */
  dropReplies(count = 1): this {
    this.drops += count;
    return this;
  }

  /** The next `count` DEAL events are lost on the PUB socket (their sequence numbers are skipped). */
  dropDealEvents(count = 1): this {
    this.dealEventDrops += count;
    return this;
  }

  takeDealEventDrop(): boolean {
    if (this.dealEventDrops <= 0) return false;
    this.dealEventDrops--;
    return true;
  }

  /** The next `count` replies are the frame "not json". */
  malformReplies(count = 1): this {
    this.malformed += count;
    return this;
  }

  /** The next `count` requests are delivered twice to the broker (the second answer is sent). */
  duplicateRequests(count = 1): this {
    this.duplicates += count;
    return this;
  }

  /**
   * The next TRADE answers with this MT5 retcode. An unknown-outcome code (10011, 10012, 10031)
   * is answered AFTER the order executed; any other code instead of executing it.
   */
  forceRetcode(retcode: number, count = 1): this {
    for (let i = 0; i < count; i++) this.retcodes.push(retcode);
    return this;
  }

  /** No ticks published for `ms` of wall time (heartbeats go on: a quiet market). */
  tickGap(ms: number): this {
    this.tickGapUntil = this.wall.now() + ms;
    return this;
  }

  /**
   * The market stands still: no tick is released (so no stop or target fills at the broker) while the
   * publisher stays alive (heartbeats, replies). Tests compare books with the broker's this way.
   */
  freezeMarket(frozen = true): this {
    this.frozen = frozen;
    return this;
  }

  marketFrozen(): boolean {
    return this.frozen;
  }

  /** No ticks and no heartbeats for `ms` (forever when omitted): a dead publisher. */
  silence(ms = Number.POSITIVE_INFINITY): this {
    this.silentUntil = this.wall.now() + ms;
    return this;
  }

  /** Closes and rebinds both sockets (after `downMs`), keeping the broker's state. */
  async restart(downMs = 0): Promise<void> {
    if (this.restartHook === undefined)
      throw new SimBridgeError("NOT_RUNNING", "fault plan: the server is not running");
    await this.restartHook(downMs);
  }

  /** Clears every fault. */
  clear(): this {
    this.delayMs = this.delayCount = this.drops = this.malformed = this.duplicates = 0;
    this.retcodes.length = 0;
    this.tickGapUntil = this.silentUntil = Number.NEGATIVE_INFINITY;
    this.frozen = false;
    return this;
  }

  // ---- read by the server ------------------------------------------------------------------------

  /** @internal the server registers how it restarts */
  onRestart(hook: ((downMs: number) => Promise<void>) | undefined): void {
    this.restartHook = hook;
  }

  /** Takes the faults for the reply to one request. */
  takeReplyFault(): ReplyFault {
    const delay = this.delayCount > 0 ? this.delayMs : 0;
    if (this.delayCount > 0) this.delayCount -= 1;
    const fault: ReplyFault = {
      delayMs: delay,
      drop: this.drops > 0,
      malformed: this.drops === 0 && this.malformed > 0,
      duplicate: this.duplicates > 0,
    };
    if (fault.drop) this.drops -= 1;
    else if (fault.malformed) this.malformed -= 1;
    if (fault.duplicate) this.duplicates -= 1;
    return fault;
  }

  /** The retcode forced on the TRADE being handled, if any. */
  takeRetcode(): number | undefined {
    return this.retcodes.shift();
  }

  ticksAllowed(): boolean {
    const now = this.wall.now();
    return now >= this.tickGapUntil && now >= this.silentUntil;
  }

  heartbeatsAllowed(): boolean {
    return this.wall.now() >= this.silentUntil;
  }
}
