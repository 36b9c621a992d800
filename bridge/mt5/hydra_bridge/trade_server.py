"""The trade server: one JSON request in, one JSON reply out (ZeroMQ REP)."""

from __future__ import annotations

import logging
import math
import threading
import time
from typing import Callable, Iterable, Optional

import zmq

from . import protocol as P
from .dedupe import DedupeCache
from .mt5_adapter import Mt5Adapter, Mt5CallError, Mt5Unavailable
from .security import CurveConfig, SecureContext

log = logging.getLogger("hydra_bridge.trade")

DAY_MS = 86_400_000

#: retcodes after which the order went through: done, done partially, and placed (10008: accepted by the
#: trade server, filled in a moment, e.g. under Exchange execution)
ACCEPTED_RETCODES = P.SUCCESS_RETCODES | {P.Retcode.PLACED}


def round_price(price: float, digits: int, tick_size: float = 0.0) -> float:
    """A price (or SL/TP) normalised as MT5 wants it: a multiple of the tick size, rounded to the digits.
    0 (no SL/TP) stays 0."""
    if not price:
        return 0.0
    if tick_size and tick_size > 0:
        price = round(price / tick_size) * tick_size
    return round(price, int(digits))


def round_volume(volume: float, step: float) -> float:
    """A volume in whole volume steps, rounded down (never more than asked; 1e-9 of slack for float error)."""
    if not step or step <= 0:
        return volume
    return round(math.floor(volume / step + 1e-9) * step, 8)


def now_ms() -> int:
    return int(time.time() * 1000)


class _Reply(Exception):
    """Raised inside a handler to answer with an error reply."""

    def __init__(self, code: str, message: str, retcode: Optional[int] = None):
        super().__init__(message)
        self.code, self.message, self.retcode = code, message, retcode


class TradeServer:
    def __init__(
        self,
        adapter: Mt5Adapter,
        clock: Callable[[], int] = now_ms,
        dedupe: Optional[DedupeCache] = None,
        secrets: Iterable[str] = (),
        deviation: int = 20,
        default_tag: str = "HYDRA",
        close_tag: str = "HYDRA_close",
        symbols: Iterable[str] = (),
        fill_wait_s: float = 1.0,
    ):
        self.adapter = adapter
        self.clock = clock
        self.dedupe = dedupe if dedupe is not None else DedupeCache()
        self._secrets = tuple(s for s in secrets if s and len(s) >= 3)
        self.deviation = deviation
        self.default_tag = default_tag
        self.close_tag = close_tag
        self.symbols = tuple(symbols)  # read on HEARTBEAT to keep the server offset measured
        self.fill_wait_s = fill_wait_s  # how long to wait for the deal of an order MT5 only placed (10008)
        self.endpoint: Optional[str] = None  # the bound endpoint, once serve() has bound
        self.ready = threading.Event()
        self._sleep = time.sleep
        self._handlers = {
            "PING": self._ping,
            "ACCOUNT": self._account,
            "PRICE": self._price,
            "TRADE": self._trade,
            "CLOSE": self._close,
            "MODIFY": self._modify,
            "ORDER": self._order,
            "CANCEL": self._cancel,
            "ORDERS": self._orders,
            "POSITIONS": self._positions,
            "CANDLES": self._candles,
            "SYMBOL": self._symbol,
            "HISTORY": self._history,
            "HEARTBEAT": self._heartbeat,
        }

    # ---- the pure part ---------------------------------------------------------------------------

    def redact(self, text: str) -> str:
        for s in self._secrets:
            text = text.replace(s, "***")
        return text

    def handle(self, frame: bytes) -> dict:
        """One request frame -> one reply dict. Never raises."""
        req = P.parse_request(frame)
        if isinstance(req, P.RequestError):
            return req.reply()
        try:
            return P.ok_reply(self._handlers[req.cmd](req), req.request_id)
        except _Reply as r:
            return P.error_reply(r.code, self.redact(r.message), req.request_id, r.retcode)
        except (Mt5CallError, Mt5Unavailable) as e:
            msg = self.redact(str(e))
            log.error("%s: %s", req.cmd, msg)
            return P.error_reply(P.MT5_ERROR, msg, req.request_id)
        except Exception as e:  # a bug or an odd MT5 answer: report, keep serving
            msg = self.redact(f"{type(e).__name__}: {e}")
            log.error("%s failed: %s", req.cmd, msg)
            return P.error_reply(P.MT5_ERROR, f"internal error: {msg}", req.request_id)

    def _ping(self, req: P.Request) -> dict:
        return {"reply": "PONG", "serverTime": int(self.clock())}

    def _account(self, req: P.Request) -> dict:
        self.adapter.ensure_connected()
        return self.adapter.account_info()

    def _symbol_or_404(self, symbol: str) -> dict:
        info = self.adapter.symbol_info(symbol)
        if info is None:
            raise _Reply(P.NOT_FOUND, f"unknown symbol {symbol}")
        return info

    def _tick(self, symbol: str) -> dict:
        tick = self.adapter.symbol_info_tick(symbol)
        if tick is None or not tick["bid"] > 0 or not tick["ask"] > 0:
            code, message = self.adapter.last_error()
            raise _Reply(P.MT5_ERROR, f"no price for {symbol}: {message} ({code})")
        return tick

    def _price(self, req: P.Request) -> dict:
        self.adapter.ensure_connected()
        self._symbol_or_404(req.get("symbol"))
        return self._tick(req.get("symbol"))

    def _symbol(self, req: P.Request) -> dict:
        self.adapter.ensure_connected()
        info = dict(self._symbol_or_404(req.get("symbol")))
        info.pop("fillingMode", None)
        info.pop("exeMode", None)
        return info

    def _positions(self, req: P.Request) -> dict:
        self.adapter.ensure_connected()
        return {"positions": self.adapter.positions_get(symbol=req.get("symbol"))}

    def _candles(self, req: P.Request) -> dict:
        self.adapter.ensure_connected()
        symbol, tf = req.get("symbol"), req.get("timeframe")
        self._symbol_or_404(symbol)
        candles = self.adapter.copy_rates_from_pos(symbol, tf, 0, req.get("count"))
        return {"symbol": symbol, "timeframe": tf, "candles": candles}

    def _history(self, req: P.Request) -> dict:
        self.adapter.ensure_connected()
        return {"deals": self.adapter.history_deals_get(req.get("since"), int(self.clock()) + DAY_MS)}

    def _heartbeat(self, req: P.Request) -> dict:
        """`connected` and `tradeAllowed` as before (tradeAllowed: the terminal's Algo Trading is on, its trade
        API is not disabled, and the account allows expert trading), plus `terminal` with terminal_info()'s own
        flags, and the server time offset the bridge uses (`serverOffsetMs`, `serverOffsetMeasured`)."""
        terminal = {"connected": False, "tradeAllowed": False, "tradeApiDisabled": False}
        account_ok = False
        try:
            self.adapter.ensure_connected()
            term = self.adapter.terminal_info()
            if term is not None:
                terminal = term
            if terminal["connected"]:
                account_ok = self.adapter.account_info()["tradeAllowed"]
                for symbol in self.symbols:  # fresh ticks keep the server offset measured
                    self.adapter.symbol_info_tick(symbol)
        except Exception as e:
            log.warning("heartbeat: %s", self.redact(str(e)))
        trade_allowed = (
            terminal["connected"] and terminal["tradeAllowed"] and not terminal["tradeApiDisabled"] and bool(account_ok)
        )
        return {
            "serverTime": int(self.clock()),
            "connected": bool(terminal["connected"]),
            "tradeAllowed": bool(trade_allowed),
            "terminal": dict(terminal),
            "serverOffsetMs": int(self.adapter.offset_ms),
            "serverOffsetMeasured": bool(self.adapter.offset.measured),
        }

    # ---- orders ----------------------------------------------------------------------------------

    def _cached(self, req: P.Request) -> Optional[dict]:
        """The first reply to this request id (a repeat), or None. Another request under an id that was
        already executed is a DUPLICATE."""
        if req.request_id is None:
            return None
        hit = self.dedupe.get(req.request_id)
        if hit is None:
            return None
        if hit.fingerprint != req.fingerprint():
            raise _Reply(P.DUPLICATE, f"request id {req.request_id} was already used by another request")
        log.info("%s %s: a repeat, answered from the dedupe cache", req.cmd, req.request_id)
        data = hit.reply.get("data")
        if hit.reply.get("ok"):
            return data
        err = hit.reply["error"]
        raise _Reply(err["code"], err["message"], err.get("retcode"))

    def _remember(self, req: P.Request, reply: dict) -> None:
        if req.request_id is not None:
            self.dedupe.put(req.request_id, req.fingerprint(), reply)

    def _executed_in_mt5(self, request_id: str, closing: bool, pending: bool = False) -> Optional[int]:
        """After a restart of the bridge the dedupe cache is empty: MT5 itself is asked whether this request id
        was executed. For a TRADE: an open position, an active (placed) order, or an entry deal within the
        dedupe window whose comment carries the id; for a CLOSE: an active order or an exit deal carrying it;
        for an ORDER (`pending`) also an order in the order history (filled, canceled or expired since).
        Returns the ticket found, or None when there is none. When MT5 cannot answer (positions_get,
        orders_get, history_orders_get or history_deals_get fail) the check cannot be finished, and the request
        is refused: MT5_ERROR without a retcode, nothing sent, nothing remembered (the client may retry or
        reconcile)."""
        suffix = "|" + request_id
        try:
            if not closing:
                for p in self.adapter.positions_get():
                    if p["comment"].endswith(suffix):
                        return p["ticket"]
            for o in self.adapter.orders_get():
                if o["comment"].endswith(suffix):
                    return o["positionId"] or o["ticket"]
            now = int(self.clock())
            since = now - int(self.dedupe.ttl_s * 1000)
            if pending:
                for o in self.adapter.history_orders_get(since, now + DAY_MS):
                    if o["comment"].endswith(suffix):
                        return o["ticket"]
            for d in self.adapter.history_deals_get(since, now + DAY_MS):
                if (d["entry"] == "OUT") == closing and d["comment"].endswith(suffix):
                    return d["positionId"]
        except Exception as e:
            msg = self.redact(str(e))
            log.error("could not look for request id %s in MT5, refusing it: %s", request_id, msg)
            raise _Reply(
                P.MT5_ERROR,
                f"cannot check whether request id {request_id} was already executed ({msg}): nothing sent",
            ) from None
        return None

    def _send(self, req: P.Request, order: dict) -> dict:
        """order_send; an exception or no answer is an unknown outcome (10011): never resent blindly."""
        return self._outcome(req, lambda: self.adapter.order_send(order))

    def _outcome(self, req: P.Request, send: Callable[[], Optional[dict]]) -> dict:
        try:
            result = send()
        except Exception as e:
            log.error("%s: order_send raised %s", req.cmd, self.redact(f"{type(e).__name__}: {e}"))
            result = None
        if result is None:
            code, message = self.adapter.last_error()
            raise _Reply(
                P.MT5_ERROR,
                f"order_send gave no result ({message} {code}): outcome unknown, reconcile",
                P.Retcode.ERROR,
            )
        return result

    def _check_trade_mode(self, info: dict, direction: str) -> None:
        """The symbol's trade mode (SYMBOL_TRADE_MODE_*) as MT5 would answer it, before anything is sent."""
        mode = info.get("tradeMode", "FULL" if info.get("tradeAllowed") else "DISABLED")
        refusal = {
            "DISABLED": (P.Retcode.TRADE_DISABLED, "trading is disabled for"),
            "CLOSE_ONLY": (P.Retcode.CLOSE_ONLY, "only closing positions is allowed for"),
            "LONG_ONLY": (P.Retcode.LONG_ONLY, "only long positions are allowed for") if direction == "SELL" else None,
            "SHORT_ONLY": (P.Retcode.SHORT_ONLY, "only short positions are allowed for") if direction == "BUY" else None,
        }.get(mode)
        if refusal is not None:
            raise _Reply(P.MT5_ERROR, f"{refusal[1]} {info['symbol']} (trade mode {mode}): nothing sent", refusal[0])

    def _volume(self, info: dict, volume: float, cmd: str) -> float:
        v = round_volume(float(volume), info["volumeStep"])
        if v < info["volumeMin"] - 1e-9:
            raise _Reply(P.BAD_REQUEST, f"{cmd}: volume: {volume} is below the symbol's minimum {info['volumeMin']} "
                                        f"(in steps of {info['volumeStep']})")
        if info["volumeMax"] > 0 and v > info["volumeMax"] + 1e-9:
            raise _Reply(P.BAD_REQUEST, f"{cmd}: volume: {volume} is above the symbol's maximum {info['volumeMax']}")
        return v

    def _deals_of(self, order_ticket: int, wait: bool) -> list:
        """The deals of an order; when `wait`, polls up to fill_wait_s for them (a placed order, or a terminal
        whose history lags the trade result)."""
        deadline = time.monotonic() + (self.fill_wait_s if wait else 0.0)
        while True:
            try:
                deals = self.adapter.deals_of_order(order_ticket)
            except Exception as e:
                log.warning("deals of order %s: %s", order_ticket, self.redact(str(e)))
                deals = []
            if deals or time.monotonic() >= deadline:
                return deals
            self._sleep(0.05)

    def _position_of(self, symbol: str, order_ticket: int, deals: list) -> int:
        """The position the order's deal went into: DEAL_POSITION_ID. On a netting account that is the
        symbol's existing position (opened by another order), not this order's ticket. Without a deal yet:
        the symbol's only position on a netting account, else the order ticket (hedging: a new position's id
        is the ticket of the order that opened it)."""
        if deals:
            return int(deals[0]["positionId"])
        try:
            if self.adapter.is_netting():
                found = self.adapter.positions_get(symbol=symbol)
                if len(found) == 1:
                    return int(found[0]["ticket"])
        except Exception as e:
            log.warning("position of order %s: %s", order_ticket, self.redact(str(e)))
        return int(order_ticket)

    @staticmethod
    def _filled(result: dict, deals: list, price: float, volume: float) -> tuple:
        """(price, volume) of the fill: the trade result's, else its deals' (volume-weighted), else asked."""
        dv = sum(d["volume"] for d in deals)
        fill_price = result["price"] or (sum(d["price"] * d["volume"] for d in deals) / dv if dv else 0.0) or price
        fill_volume = result["volume"] or dv or volume
        return fill_price, fill_volume

    def _trade(self, req: P.Request) -> dict:
        cached = self._cached(req)
        if cached is not None:
            return cached
        self.adapter.ensure_connected()
        symbol, direction = req.get("symbol"), req.get("direction")
        info = self._symbol_or_404(symbol)
        rid = req.request_id
        if rid is not None:
            ticket = self._executed_in_mt5(rid, closing=False)
            if ticket is not None:
                raise _Reply(P.DUPLICATE, f"request id {rid} was already executed: ticket {ticket}")
        tag = req.get("comment") or self.default_tag
        comment = P.stamp_comment(tag, rid) if rid is not None else P.cut_comment(req.get("comment") or "")
        magic = req.get("magic")
        if magic is None:
            magic = P.magic_of(rid) if rid is not None else 0
        tick = self._tick(symbol)  # no price: an error, not remembered (nothing was decided)
        try:
            self._check_trade_mode(info, direction)
            volume = self._volume(info, req.get("volume"), "TRADE")
            buy, sell = self.adapter.market_types()
            price = tick["ask"] if direction == "BUY" else tick["bid"]
            order = {
                "symbol": symbol,
                "volume": volume,
                "type": buy if direction == "BUY" else sell,
                "price": round_price(price, info["digits"], info["tickSize"]),
                "sl": round_price(float(req.get("sl") or 0.0), info["digits"], info["tickSize"]),
                "tp": round_price(float(req.get("tp") or 0.0), info["digits"], info["tickSize"]),
                "deviation": self.deviation,
                "magic": int(magic),
                "comment": comment,
            }
            result = self._send(req, order)
            retcode = result["retcode"]
            if retcode not in ACCEPTED_RETCODES:
                raise _Reply(P.MT5_ERROR, f"order_send: retcode {retcode} {result['comment']}".strip(), retcode)
            deals = self._deals_of(result["order"], wait=True)
            fill_price, fill_volume = self._filled(result, deals, price, volume)
            data = {
                "ticket": self._position_of(symbol, result["order"], deals),
                "order": result["order"],
                "price": fill_price,
                "volume": fill_volume,
                "retcode": retcode,
                "comment": comment,
                "magic": int(magic),
            }
            if retcode == P.Retcode.PLACED and not deals:
                log.warning("TRADE %s: order %s placed (10008) but no deal within %.1f s: the position is reported "
                            "by its expected id; reconcile", rid or "-", result["order"], self.fill_wait_s)
            log.info("TRADE %s %s %s %s: position %s order %s retcode %s", rid or "-", symbol, direction, volume,
                     data["ticket"], data["order"], retcode)
            self._remember(req, P.ok_reply(data, rid))
            return data
        except _Reply as r:
            log.warning("TRADE %s %s %s: %s", rid or "-", symbol, direction, r.message)
            self._remember(req, P.error_reply(r.code, self.redact(r.message), rid, r.retcode))
            raise

    def _close(self, req: P.Request) -> dict:
        cached = self._cached(req)
        if cached is not None:
            return cached
        self.adapter.ensure_connected()
        ticket, rid = req.get("ticket"), req.request_id
        if rid is not None:
            done = self._executed_in_mt5(rid, closing=True)
            if done is not None:
                raise _Reply(P.DUPLICATE, f"request id {rid} was already executed: a close of position {done}")
        found = self.adapter.positions_get(ticket=ticket)
        if not found:
            raise _Reply(P.NOT_FOUND, f"no open position {ticket}")
        pos = found[0]
        info = self._symbol_or_404(pos["symbol"])
        volume = req.get("volume")
        if volume is None:
            volume = pos["volume"]
        elif volume > pos["volume"] + 1e-9:
            raise _Reply(P.BAD_REQUEST, f"CLOSE: volume: {volume} is more than the position's {pos['volume']}")
        tick = self._tick(pos["symbol"])
        try:
            if volume != pos["volume"]:
                volume = self._volume(info, volume, "CLOSE")
            if info.get("tradeMode") == "DISABLED":
                self._check_trade_mode(info, pos["direction"])
            buy, sell = self.adapter.market_types()
            closing_buy = pos["direction"] == "BUY"
            price = tick["bid"] if closing_buy else tick["ask"]
            order = {
                "symbol": pos["symbol"],
                "volume": float(volume),
                "type": sell if closing_buy else buy,
                "position": int(ticket),
                "price": round_price(price, info["digits"], info["tickSize"]),
                "deviation": self.deviation,
                "magic": int(pos["magic"]),
                "comment": P.stamp_comment(self.close_tag, rid) if rid is not None else "",
            }
            result = self._send(req, order)
            retcode = result["retcode"]
            if retcode not in ACCEPTED_RETCODES:
                raise _Reply(P.MT5_ERROR, f"order_send: retcode {retcode} {result['comment']}".strip(), retcode)
            deals = self._deals_of(result["order"], wait=retcode == P.Retcode.PLACED) if not result["price"] else []
            fill_price, fill_volume = self._filled(result, deals, price, float(volume))
            data = {"ticket": int(ticket), "price": fill_price, "volume": fill_volume, "retcode": retcode}
            log.info("CLOSE %s %s: retcode %s", rid or "-", ticket, retcode)
            self._remember(req, P.ok_reply(data, rid))
            return data
        except _Reply as r:
            log.warning("CLOSE %s %s: %s", rid or "-", ticket, r.message)
            self._remember(req, P.error_reply(r.code, self.redact(r.message), rid, r.retcode))
            raise

    def _modify(self, req: P.Request) -> dict:
        """A position's stop loss and take profit, as absolute levels rounded to the symbol's tick (0 removes
        one). MT5's own refusal (10016: a level on the wrong side of the price) is passed through."""
        self.adapter.ensure_connected()
        ticket, rid = req.get("ticket"), req.request_id
        found = self.adapter.positions_get(ticket=ticket)
        if not found:
            raise _Reply(P.NOT_FOUND, f"no open position {ticket}")
        pos = found[0]
        info = self._symbol_or_404(pos["symbol"])
        sl = round_price(req.get("sl"), info["digits"], info["tickSize"]) if req.get("sl") else 0.0
        tp = round_price(req.get("tp"), info["digits"], info["tickSize"]) if req.get("tp") else 0.0
        try:
            result = self.adapter.modify_position(ticket, pos["symbol"], sl, tp)
        except Exception as e:
            log.error("MODIFY: order_send raised %s", self.redact(f"{type(e).__name__}: {e}"))
            result = None
        if result is None:
            code, message = self.adapter.last_error()
            raise _Reply(P.MT5_ERROR, f"order_send gave no result ({message} {code}): resend MODIFY", P.Retcode.ERROR)
        if result["retcode"] != P.Retcode.DONE:
            raise _Reply(P.MT5_ERROR, f"order_send: retcode {result['retcode']} {result['comment']}".strip(), result["retcode"])
        log.info("MODIFY %s %s: sl %s tp %s", rid or "-", ticket, sl, tp)
        return {"ticket": int(ticket), "sl": sl, "tp": tp, "retcode": result["retcode"]}

    # ---- pending orders --------------------------------------------------------------------------

    def _order(self, req: P.Request) -> dict:
        """A pending order (TRADE_ACTION_PENDING): a buy/sell limit or stop, price, stop loss and take profit
        rounded to the symbol's tick, volume floored to its step, good till cancelled or until `expiry`. Not
        safe to resend, so deduplicated by request id exactly as TRADE: a repeat gets the first reply, and after
        a restart MT5's active orders, order history, positions and deals are searched for the stamped id
        (DUPLICATE when found, MT5_ERROR without a retcode when the search cannot finish). MT5's refusals
        (10015 a price on the wrong side, 10016 stops, 10022 expiry) are passed through."""
        cached = self._cached(req)
        if cached is not None:
            return cached
        self.adapter.ensure_connected()
        symbol, direction, kind = req.get("symbol"), req.get("direction"), req.get("kind")
        info = self._symbol_or_404(symbol)
        rid = req.request_id
        if rid is not None:
            ticket = self._executed_in_mt5(rid, closing=False, pending=True)
            if ticket is not None:
                raise _Reply(P.DUPLICATE, f"request id {rid} was already executed: ticket {ticket}")
        tag = req.get("comment") or self.default_tag
        comment = P.stamp_comment(tag, rid) if rid is not None else P.cut_comment(req.get("comment") or "")
        magic = req.get("magic")
        if magic is None:
            magic = P.magic_of(rid) if rid is not None else 0
        try:
            self._check_trade_mode(info, direction)
            volume = self._volume(info, req.get("volume"), "ORDER")
            price, sl, tp = (round_price(float(req.get(k) or 0.0), info["digits"], info["tickSize"])
                             for k in ("price", "sl", "tp"))
            result = self._outcome(req, lambda: self.adapter.place_pending(
                symbol, direction, kind, volume, price, sl, tp, req.get("expiry"), int(magic), comment))
            retcode = result["retcode"]
            if retcode not in ACCEPTED_RETCODES:
                raise _Reply(P.MT5_ERROR, f"order_send: retcode {retcode} {result['comment']}".strip(), retcode)
            data = {"order": result["order"], "price": price, "volume": result["volume"] or volume,
                    "retcode": retcode, "comment": comment, "magic": int(magic)}
            log.info("ORDER %s %s %s %s %s @ %s: order %s retcode %s", rid or "-", symbol, direction, kind, volume,
                     price, data["order"], retcode)
            self._remember(req, P.ok_reply(data, rid))
            return data
        except _Reply as r:
            log.warning("ORDER %s %s %s %s: %s", rid or "-", symbol, direction, kind, r.message)
            self._remember(req, P.error_reply(r.code, self.redact(r.message), rid, r.retcode))
            raise

    def _cancel(self, req: P.Request) -> dict:
        """Removes a working pending order (TRADE_ACTION_REMOVE). Safe to resend: an order that is no longer
        working (removed by the first delivery, filled, expired) is NOT_FOUND and nothing is sent."""
        self.adapter.ensure_connected()
        ticket, rid = req.get("order"), req.request_id
        if not any(o["order"] == ticket for o in self.adapter.pending_orders()):
            raise _Reply(P.NOT_FOUND, f"no working pending order {ticket}")
        try:
            result = self.adapter.remove_order(ticket)
        except Exception as e:
            log.error("CANCEL: order_send raised %s", self.redact(f"{type(e).__name__}: {e}"))
            result = None
        if result is None:
            code, message = self.adapter.last_error()
            raise _Reply(P.MT5_ERROR, f"order_send gave no result ({message} {code}): resend CANCEL", P.Retcode.ERROR)
        if result["retcode"] not in ACCEPTED_RETCODES:
            raise _Reply(P.MT5_ERROR, f"order_send: retcode {result['retcode']} {result['comment']}".strip(), result["retcode"])
        log.info("CANCEL %s %s: retcode %s", rid or "-", ticket, result["retcode"])
        return {"order": int(ticket), "retcode": result["retcode"]}

    def _orders(self, req: P.Request) -> dict:
        self.adapter.ensure_connected()
        return {"orders": self.adapter.pending_orders(symbol=req.get("symbol"))}

    # ---- the socket ------------------------------------------------------------------------------

    def serve(
        self,
        bind_addr: str,
        curve: Optional[CurveConfig] = None,
        stop_event: Optional[threading.Event] = None,
        poll_ms: int = 100,
    ) -> None:
        """The REP loop: until stop_event is set (or Ctrl-C). A malformed frame gets an error reply; nothing
        a client sends ends the loop."""
        stop = stop_event or threading.Event()
        sc = SecureContext(curve)
        sock = None
        try:
            sock = sc.socket(zmq.REP)
            sock.bind(bind_addr)
            self.endpoint = sock.getsockopt(zmq.LAST_ENDPOINT).decode()
            log.info("trade server listening on %s%s", self.endpoint, " (CurveZMQ)" if curve else "")
            self.ready.set()
            poller = zmq.Poller()
            poller.register(sock, zmq.POLLIN)
            while not stop.is_set():
                if not poller.poll(poll_ms):
                    continue
                frames = sock.recv_multipart()
                if len(frames) != 1:
                    reply = P.error_reply(P.BAD_REQUEST, "a request is one frame")
                else:
                    reply = self.handle(frames[0])
                sock.send(P.encode_reply(reply))
        finally:
            if sock is not None:
                sock.close(linger=0)
            sc.close()
            self.ready.clear()
            log.info("trade server stopped")
