import type { FillReason } from "../../../model/fill.js";
import type { Order } from "../../../model/order.js";
import type { Position } from "../../../model/position.js";
import type { BridgeClient } from "../client/bridge-client.js";
import { requestIdOfComment } from "../protocol/order-tag.js";
import { positionIdOf } from "./tickets.js";
import { reconcileWorking, type WorkingOrderTarget } from "./working-orders.js";

export interface InFlight {
  order: Order;
  requestId: string;
  sentAt: number;
  /** a pending order canceled before the broker answered its ORDER: canceled as soon as it works */
  cancelReason?: string;
  /**
   * the broker's reply came (wall time) and the booking waits for its deal, which carries the commission
   * and the swap; `book` books from the reply when no deal comes in time
   */
  replied?: { at: number; book: () => void; lookedUpAt?: number };
  /** the request failed with its outcome unknown (wall time), and when the broker was last looked at for it */
  unknown?: { at: number; lookedUpAt?: number };
}

/** What reconciliation needs of the live venue. */
export interface ReconcileTarget extends WorkingOrderTarget {
  readonly inFlight: ReadonlyMap<string, InFlight>;
  readonly byTicket: ReadonlyMap<number, Position>;
  /** positions the books have closed (an MT5 ticket never opens again) */
  readonly closedTickets: ReadonlySet<number>;
  /** the broker's deals already in the books (by deal ticket): never booked twice */
  readonly bookedDeals: Set<number>;
  completeOpen(
    flight: InFlight,
    ticket: number,
    price: number,
    volume: number,
    time: number,
    commission?: number,
  ): void;
  completeClose(
    flight: InFlight | undefined,
    ticket: number,
    price: number,
    volume: number,
    reason: FillReason,
    time?: number,
    commission?: number,
  ): void;
  adopt(position: Position): void;
  /** swap the broker booked on a position (account currency, signed as MT5 reports it) */
  bookSwap(position: Position, amount: number, time: number): void;
  rejectInFlight(flight: InFlight, reason: string): void;
  /** an ORDER in flight found working at the broker under `ticket` */
  acceptInFlight(flight: InFlight, ticket: number): void;
}

export interface ReconcileReport {
  resolvedFilled: string[];
  resolvedRejected: string[];
  /** ORDERs in flight found working at the broker */
  resolvedAccepted: string[];
  adopted: number[];
  closedAtVenue: number[];
  /** working pending orders found filled (their deal) */
  pendingFilled: string[];
  /** working pending orders found gone without a fill (expired, removed) */
  pendingEnded: string[];
}

/** How long an order without a trace at the venue stays in flight before it counts as not executed. */
export const GRACE_MS = 2000;

/**
 * One reconciliation pass: the venue's positions, pending orders and deals against what the venue object
 * believes. In-flight entries are found by the request id in the order comment (a working pending order, a
 * position, or an IN deal) and completed; those with no trace after a grace period are rejected as not
 * executed. Working pending orders gone from the broker's list are filled by their deal, or expired or
 * canceled (working-orders.ts). Positions the venue has and we do not are adopted as external; ours that
 * vanished are closed with the venue's OUT deal.
 */
export async function reconcileOnce(
  venue: ReconcileTarget,
  client: BridgeClient,
  now: number,
  since: number,
): Promise<ReconcileReport> {
  const report: ReconcileReport = {
    resolvedFilled: [],
    resolvedRejected: [],
    resolvedAccepted: [],
    adopted: [],
    closedAtVenue: [],
    pendingFilled: [],
    pendingEnded: [],
  };
  // asked in this order (the client sends one at a time): a pending order that fills after ORDERS listed it
  // is still working in this pass; one that filled before has its deal in HISTORY
  const [{ positions }, { orders }, { deals }] = await Promise.all([
    client.call("POSITIONS", {}),
    client.call("ORDERS", {}),
    client.call("HISTORY", { since: Math.max(0, since - 60_000) }),
  ]);
  const byRequest = new Map<string, (typeof positions)[number]>();
  for (const p of positions) {
    const id = requestIdOfComment(p.comment);
    if (id !== undefined) byRequest.set(id, p);
  }
  // the flights the broker answered first: a close it answered takes its position's OUT deal before a
  // close of the same position whose outcome is unknown
  const flights = [...venue.inFlight.values()].sort(
    (a, b) => (a.replied === undefined ? 1 : 0) - (b.replied === undefined ? 1 : 0),
  );
  for (const flight of flights) {
    if (!venue.inFlight.has(flight.order.id)) continue;
    const closing = flight.order.closesPositionId;
    if (closing === undefined) {
      const resting = orders.find((o) => requestIdOfComment(o.comment) === flight.requestId);
      if (resting !== undefined && flight.order.type !== "market") {
        venue.acceptInFlight(flight, resting.order);
        report.resolvedAccepted.push(flight.order.id);
        continue;
      }
      const p = byRequest.get(flight.requestId);
      const inDeal = deals.find(
        (d) => d.entry === "IN" && requestIdOfComment(d.comment) === flight.requestId,
      );
      if (p !== undefined || inDeal !== undefined) {
        const ticket = p?.ticket ?? inDeal!.positionId;
        venue.completeOpen(
          flight,
          ticket,
          p?.openPrice ?? inDeal!.price,
          p?.volume ?? inDeal!.volume,
          p?.openTime ?? inDeal!.time,
          // the broker's commission, from its deal (a position alone does not say it)
          Math.abs(inDeal?.commission ?? 0),
        );
        if (inDeal !== undefined) venue.bookedDeals.add(inDeal.ticket);
        report.resolvedFilled.push(flight.order.id);
      } else if (flight.replied === undefined && now - flight.sentAt >= GRACE_MS) {
        // (a flight the broker answered did execute: it waits for its deal, never counts as not executed)
        venue.rejectInFlight(flight, "not executed (reconciled: no position or deal carries its request id)");
        report.resolvedRejected.push(flight.order.id);
      }
      continue;
    }
    const ticket = Number(closing.slice(1));
    if (flight.replied !== undefined) {
      // a close the broker answered: its OUT deal (the newest of the position, of its volume) books it,
      // partial or whole
      const out = deals
        .filter(
          (d) =>
            d.entry === "OUT" &&
            d.positionId === ticket &&
            d.volume === flight.order.volume &&
            !venue.bookedDeals.has(d.ticket),
        )
        .at(-1);
      if (out !== undefined) {
        venue.bookedDeals.add(out.ticket);
        bookOutSwap(venue, ticket, out);
        venue.completeClose(
          flight,
          ticket,
          out.price,
          out.volume,
          "close",
          out.time,
          Math.abs(out.commission),
        );
        report.resolvedFilled.push(flight.order.id);
      }
      continue;
    }
    if (positions.some((p) => p.ticket === ticket)) {
      if (now - flight.sentAt >= GRACE_MS) {
        venue.rejectInFlight(flight, "not executed (reconciled: the position is still open)");
        report.resolvedRejected.push(flight.order.id);
      }
      continue;
    }
    const out = deals.filter((d) => d.entry === "OUT" && d.positionId === ticket).at(-1);
    if (out !== undefined && !venue.bookedDeals.has(out.ticket)) {
      venue.bookedDeals.add(out.ticket);
      bookOutSwap(venue, ticket, out);
      venue.completeClose(flight, ticket, out.price, out.volume, "close", out.time, Math.abs(out.commission));
      report.resolvedFilled.push(flight.order.id);
    } else if (!venue.byTicket.has(ticket) && now - flight.sentAt >= GRACE_MS) {
      // the position's close is booked already (another close of ours, a stop): this one did nothing
      venue.rejectInFlight(flight, "not executed (reconciled: the position was closed by another deal)");
      report.resolvedRejected.push(flight.order.id);
    }
  }
  const ended = reconcileWorking(venue, orders, positions, deals);
  report.pendingFilled.push(...ended.filled);
  report.pendingEnded.push(...ended.ended);
  const known = new Set(venue.byTicket.keys());
  const inFlightIds = new Set(
    [...venue.inFlight.values(), ...venue.working.values()].map((f) => f.requestId),
  );
  for (const p of positions) {
    // a position closed in the books since the broker's list was read (its OUT deal came on the event
    // stream meanwhile) is not adopted back from the stale list
    if (known.has(p.ticket) || venue.closedTickets.has(p.ticket)) continue;
    const rid = requestIdOfComment(p.comment);
    if (rid !== undefined && inFlightIds.has(rid)) continue;
    // ours from before a restart carry the bot's name before the request id; anything else is external
    const tag = rid === undefined ? "" : p.comment.slice(0, p.comment.lastIndexOf("|"));
    venue.adopt({
      id: positionIdOf(p.ticket),
      source: tag === "" ? "external" : tag,
      symbol: p.symbol,
      side: p.direction === "BUY" ? "buy" : "sell",
      volume: p.volume,
      openPrice: p.openPrice,
      openTime: p.openTime,
      sl: p.sl ?? Number.NaN,
      tp: p.tp ?? Number.NaN,
      commission: 0,
      tag: p.comment,
    });
    report.adopted.push(p.ticket);
  }
  const open = new Set(positions.map((p) => p.ticket));
  for (const [ticket, mine] of [...venue.byTicket]) {
    if (open.has(ticket)) continue;
    const out = deals.filter((d) => d.entry === "OUT" && d.positionId === ticket).at(-1);
    if (out === undefined) continue; // not visible yet; the next pass decides
    // the broker's own word on why ([sl …], [tp …], [so …]), else the nearer level
    const said = out.comment.startsWith("[sl")
      ? "sl"
      : out.comment.startsWith("[tp")
        ? "tp"
        : out.comment.startsWith("[so")
          ? "stop-out"
          : undefined;
    const reason: FillReason =
      said ??
      (!Number.isNaN(mine.sl) &&
      Math.abs(out.price - mine.sl) <=
        Math.abs(out.price - (Number.isNaN(mine.tp) ? Number.POSITIVE_INFINITY : mine.tp))
        ? "sl"
        : Number.isNaN(mine.tp)
          ? "close"
          : "tp");
    venue.bookedDeals.add(out.ticket);
    bookOutSwap(venue, ticket, out);
    venue.completeClose(
      undefined,
      ticket,
      out.price,
      mine.volume,
      reason,
      out.time,
      Math.abs(out.commission),
    );
    report.closedAtVenue.push(ticket);
  }
  return report;
}

/** MT5 books a position's swap on its OUT deal: into the books before the close, as the event path does. */
function bookOutSwap(venue: ReconcileTarget, ticket: number, out: { swap: number; time: number }): void {
  const position = venue.byTicket.get(ticket);
  if (position !== undefined && out.swap !== 0) venue.bookSwap(position, out.swap, out.time);
}
