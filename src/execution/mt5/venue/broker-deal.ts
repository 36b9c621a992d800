import type { FillReason } from "../../../model/fill.js";
import type { DealData } from "../protocol/messages.js";
import { requestIdOfComment } from "../protocol/order-tag.js";
import type { ReconcileTarget } from "./reconcile.js";
import { positionIdOf } from "./tickets.js";

/** What a deal event did to the venue's books. */
export type DealOutcome = "opened" | "closed" | "known" | "unknown";

/** MT5 writes "[sl 2650.00]" / "[tp 2700.00]" / "[so 45.2%]" in the comment of a deal it made itself. */
function closeReason(comment: string): FillReason {
  if (comment.startsWith("[sl")) return "sl";
  if (comment.startsWith("[tp")) return "tp";
  if (comment.startsWith("[so")) return "stop-out";
  return "close";
}

/**
 * Books one deal the broker reports (the DEAL event stream) at once, instead of at the next
 * reconciliation: the fill of a working pending order of ours (the deal's `order` is its ticket) fills it
 * and opens the position; an entry of ours still in flight (found by the request id in its comment: a
 * TRADE, or an ORDER that triggered before its reply came) is completed with the broker's price, volume and
 * commission; an exit closes the position (by our order in flight, or
 * by the broker: a stop, a target, a stop-out, a manual close) with the broker's price and commission. A
 * deal the venue cannot place (an external entry) is "unknown": the caller reconciles. A deal already
 * booked (the reply came first) changes nothing.
 */
export function applyBrokerDeal(venue: ReconcileTarget, deal: DealData): DealOutcome {
  if (venue.bookedDeals.has(deal.ticket)) return "known";
  const commission = Math.abs(deal.commission);
  if (deal.entry === "IN") {
    const working = [...venue.working.values()].find((w) => w.ticket === deal.order);
    if (working !== undefined) {
      venue.bookedDeals.add(deal.ticket);
      venue.fillWorking(working, deal.positionId, deal.price, deal.volume, deal.time, commission);
      return "opened";
    }
    if (venue.byTicket.has(deal.positionId)) return "known";
    const rid = requestIdOfComment(deal.comment);
    const flight = [...venue.inFlight.values()].find(
      (f) => f.requestId === rid && f.order.closesPositionId === undefined,
    );
    if (flight === undefined) return "unknown";
    venue.bookedDeals.add(deal.ticket);
    venue.completeOpen(flight, deal.positionId, deal.price, deal.volume, deal.time, commission);
    return "opened";
  }
  const position = venue.byTicket.get(deal.positionId);
  // a close of a position the books do not have: already closed here, or one whose opening is still in
  // flight (its IN deal lost on the way) — then reconciliation must look, or the close would be missed
  if (position === undefined) return venue.inFlight.size > 0 ? "unknown" : "known";
  // MT5 books the swap a position accumulated on its OUT deal: into the books before the close
  if (deal.swap !== 0) venue.bookSwap(position, deal.swap, deal.time);
  const id = positionIdOf(deal.positionId);
  // two closes of one position in flight (the first's outcome unknown, the second sent meanwhile): the
  // deal is the one the broker answered, if any
  const closing = [...venue.inFlight.values()].filter((f) => f.order.closesPositionId === id);
  const flight = closing.find((f) => f.replied !== undefined) ?? closing[0];
  const reason = flight === undefined ? closeReason(deal.comment) : "close";
  venue.bookedDeals.add(deal.ticket);
  venue.completeClose(flight, deal.positionId, deal.price, deal.volume, reason, deal.time, commission);
  return "closed";
}
