import type { Clock } from "../../core/clock.js";
import type { BridgeClient } from "../../execution/mt5/client/bridge-client.js";
import type { TickSubscriberOptions } from "../../execution/mt5/client/tick-subscriber.js";
import type { AccountEvent, DealData, DealEvent } from "../../execution/mt5/protocol/messages.js";
import type { Venue } from "../../execution/venue.js";
import type { Book } from "../../kernel/book.js";

type BrokerEvents = Pick<TickSubscriberOptions, "onDeal" | "onAccount" | "onGap" | "onResync">;

/**
 * A node's view of the broker: the venue follows its deal events at once, reconciliation stays the safety
 * net (every 30 s, at once on a sequence gap or a deal the node cannot place), and before the node stops
 * it looks at the broker once more and says what is unresolved. A venue that does not reconcile only
 * checks the bridge is there.
 */
export class BrokerSync {
  bridgeUp = true;
  /** the broker's last account event */
  account: AccountEvent | undefined;
  /** told what a reconciliation found, by kind and count (an alert: the node and the broker were apart) */
  onFound: ((found: Record<string, number>) => void) | undefined;
  private reconciling = false;
  private again = false;
  private judged: { book: Book; market: Clock } | undefined;

  constructor(
    private readonly venue: Venue,
    private readonly client: BridgeClient,
    private readonly log: (line: string) => void,
    /** a venue that does not reconcile still pings the bridge (its liveness for metrics); off: nothing */
    private readonly heartbeat = true,
  ) {}

  /** The subscriber's deal, account and gap handlers; none for a venue that does not follow a broker. */
  events(): BrokerEvents {
    const live = this.venue as { onBrokerDeal?: (d: DealData) => string; followDeals?: () => void };
    const deals = live.onBrokerDeal?.bind(this.venue);
    if (deals === undefined) return {};
    // entries and closes are booked from the broker's deals (its commission and swap), not its replies
    live.followDeals?.();
    // the stream's first event: what happened between the start-up pass and the subscription coming into
    // force (or a bridge restarting meanwhile) is on no stream, and no sequence shows a gap before it
    let begun = false;
    const begin = (): void => {
      if (begun) return;
      begun = true;
      this.reconcileSoon("the account events begin (what came before them is not on the stream)");
    };
    return {
      onDeal: (e: DealEvent) => {
        begin();
        if (deals(e.deal) === "unknown")
          this.reconcileSoon(`a deal of position ${e.deal.positionId} this node does not know`);
      },
      onAccount: (e: AccountEvent) => {
        begin();
        this.account = e;
        const j = this.judged;
        // the broker's figures anchor what the risk layer judges, and it judges them at once
        if (j?.book.account !== undefined)
          j.book.account.anchor(e.balance, e.equity, () => j.book.risk?.judge(j.market.now()));
      },
      onResync: (why: string) =>
        this.reconcileSoon(`the event stream is back (${why}): what the bridge sent meanwhile is lost`),
      onGap: (expected: number, got: number) =>
        this.reconcileSoon(
          got < expected
            ? `the bridge's events start again at ${got} after ${expected - 1} (a restarted bridge)`
            : `account events ${expected}…${got - 1} were lost (sequence gap)`,
        ),
    };
  }

  /**
   * The book's risk layer judges the broker's account (live mode): each account event anchors the book's
   * balance and equity to the broker's figures and the prop-firm program and the guardian look at them.
   */
  judge(book: Book, market: Clock): this {
    this.judged = { book, market };
    return this;
  }

  inFlight(): string[] {
    return this.venue.inFlightIds?.() ?? [];
  }

  async reconcile(): Promise<void> {
    try {
      if (this.venue.reconcile !== undefined) {
        const r = await this.venue.reconcile();
        // anything it found (each field a list): said; nothing: silent
        if (Object.values(r).some((found) => Array.isArray(found) && found.length > 0)) {
          this.log(`reconciled: ${JSON.stringify(r)}`);
          const counts = Object.entries(r).filter(([, v]) => Array.isArray(v) && v.length > 0);
          this.onFound?.(Object.fromEntries(counts.map(([k, v]) => [k, (v as unknown[]).length])));
        }
      } else if (this.heartbeat) await this.client.call("HEARTBEAT", {});
      this.bridgeUp = true;
    } catch (e) {
      this.bridgeUp = false;
      this.log(`bridge: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /**
   * One pass now, one at a time; asked during a pass, one more pass follows it (the pass under way may
   * have read the broker's lists before what prompted the ask).
   */
  reconcileSoon(why: string): void {
    this.log(`reconciling now: ${why}`);
    if (this.reconciling) {
      this.again = true;
      return;
    }
    this.reconciling = true;
    void this.reconcile().finally(() => {
      this.reconciling = false;
      if (this.again) {
        this.again = false;
        this.reconcileSoon("asked again during the last pass");
      }
    });
  }

  /** Before stopping: orders settled, one more pass, and what is still unresolved (empty when clean). */
  async finalCheck(positionIds: () => readonly string[]): Promise<string[]> {
    const problems: string[] = [];
    if (!this.venue.capabilities.reconciles) return problems;
    // replies still due get a moment; then one more pass resolves what they did not
    await this.venue.settle?.(3000);
    await this.reconcile();
    const unknown = this.inFlight();
    if (unknown.length > 0)
      problems.push(`orders whose outcome is still unknown at the broker: ${unknown.join(", ")}`);
    const { brokerOnly, nodeOnly } = this.bridgeUp
      ? await this.compare(positionIds())
      : { brokerOnly: [], nodeOnly: [] };
    if (brokerOnly.length > 0)
      problems.push(`the broker holds positions this node does not: tickets ${brokerOnly.join(", ")}`);
    if (nodeOnly.length > 0)
      problems.push(`this node holds positions the broker does not: ${nodeOnly.join(", ")}`);
    if (!this.bridgeUp) problems.push("the bridge did not answer the last reconciliation");
    return problems;
  }

  /** Tickets the broker holds that the node does not, and the node's positions the broker does not hold. */
  private async compare(mine: readonly string[]): Promise<{ brokerOnly: number[]; nodeOnly: string[] }> {
    try {
      const { positions } = await this.client.call("POSITIONS", {});
      const known = new Set(mine);
      const theirs = new Set(positions.map((p) => `T${p.ticket}`));
      return {
        brokerOnly: positions.filter((p) => !known.has(`T${p.ticket}`)).map((p) => p.ticket),
        nodeOnly: mine.filter((id) => !theirs.has(id)),
      };
    } catch {
      return { brokerOnly: [], nodeOnly: [] };
    }
  }
}
