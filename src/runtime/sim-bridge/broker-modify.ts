import { roundToTick } from "../../core/rounding.js";
import type { BridgeRequest } from "../../execution/mt5/protocol/messages.js";
import { RETCODE } from "../../execution/mt5/protocol/retcodes.js";
import type { SimVenue } from "../../execution/sim/sim-venue.js";
import type { InstrumentTable } from "../../model/instrument-table.js";
import type { Ledger } from "../../portfolio/ledger.js";
import { type BrokerReply, errorReply, okReply, type TicketMeta } from "./broker-types.js";

type ModifyRequest = Extract<BridgeRequest, { cmd: "MODIFY" }>;

/**
 * MODIFY as an MT5 server treats TRADE_ACTION_SLTP: the position must be open, levels are rounded to the
 * tick, 0 removes a level, a stop or a target on the wrong side of the current price is refused with
 * 10016 (invalid stops). Setting the same levels twice leaves the position as once did.
 */
export function modifyPosition(
  request: ModifyRequest,
  meta: TicketMeta | undefined,
  venue: SimVenue,
  ledger: Ledger,
  instruments: InstrumentTable,
): BrokerReply {
  const id = request.requestId;
  const position = meta === undefined ? undefined : venue.positions().find((p) => p.id === meta.positionId);
  if (meta === undefined || position === undefined)
    return errorReply(id, "NOT_FOUND", `no open position ${request.ticket}`);
  const sym = instruments.index(position.symbol);
  const tick = instruments.specs[sym]!.tickSize;
  const sl = request.sl > 0 ? roundToTick(request.sl, tick) : Number.NaN;
  const tp = request.tp > 0 ? roundToTick(request.tp, tick) : Number.NaN;
  // a long is closed at the bid, a short at the ask: its stop below (above) that price, its target beyond
  const exit = position.side === "buy" ? ledger.lastBid[sym]! : ledger.lastAsk[sym]!;
  const dir = position.side === "buy" ? 1 : -1;
  if ((!Number.isNaN(sl) && dir * (exit - sl) <= 0) || (!Number.isNaN(tp) && dir * (tp - exit) <= 0))
    return errorReply(
      id,
      "MT5_ERROR",
      `invalid stops for ${position.side} ${position.symbol} at ${exit}: sl ${request.sl}, tp ${request.tp}`,
      RETCODE.INVALID_STOPS,
    );
  venue.modifyPosition(position.id, sl, tp);
  return okReply(id, {
    ticket: request.ticket,
    sl: Number.isNaN(sl) ? 0 : sl,
    tp: Number.isNaN(tp) ? 0 : tp,
    retcode: RETCODE.DONE,
  });
}
