"""The trade server: one JSON request in, one JSON reply out (ZeroMQ REP)."""

from __future__ import annotations

import logging
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
    ):
        self.adapter = adapter
        self.clock = clock
        self.dedupe = dedupe if dedupe is not None else DedupeCache()
        self._secrets = tuple(s for s in secrets if s and len(s) >= 3)
        self.deviation = deviation
        self.default_tag = default_tag
        self.close_tag = close_tag
        self.endpoint: Optional[str] = None  # the bound endpoint, once serve() has bound
        self.ready = threading.Event()
        self._handlers = {
            "PING": self._ping,
            "ACCOUNT": self._account,
            "PRICE": self._price,
            "TRADE": self._trade,
            "CLOSE": self._close,
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
        connected, trade_allowed = False, False
        try:
            self.adapter.ensure_connected()
            term = self.adapter.terminal_info()
            connected = bool(term and term["connected"])
            if connected:
                trade_allowed = bool(term["tradeAllowed"]) and self.adapter.account_info()["tradeAllowed"]
        except Exception as e:
            log.warning("heartbeat: %s", self.redact(str(e)))
        return {"serverTime": int(self.clock()), "connected": connected, "tradeAllowed": bool(trade_allowed)}

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

    def _executed_in_mt5(self, request_id: str) -> Optional[int]:
        """A ticket already carrying this request id (an open position, or a deal within the dedupe
        window): the bridge restarted since. None when there is none (or MT5 cannot tell)."""
        suffix = "|" + request_id
        try:
            for p in self.adapter.positions_get():
                if p["comment"].endswith(suffix):
                    return p["ticket"]
            now = int(self.clock())
            since = now - int(self.dedupe.ttl_s * 1000)
            for d in self.adapter.history_deals_get(since, now + DAY_MS):
                if d["entry"] == "IN" and d["comment"].endswith(suffix):
                    return d["positionId"]
        except Exception as e:
            log.warning("could not look for request id %s in MT5: %s", request_id, self.redact(str(e)))
        return None

    def _send(self, req: P.Request, order: dict) -> dict:
        """order_send; an exception or no answer is an unknown outcome (10011): never resent blindly."""
        try:
            result = self.adapter.order_send(order)
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

    def _trade(self, req: P.Request) -> dict:
        cached = self._cached(req)
        if cached is not None:
            return cached
        self.adapter.ensure_connected()
        symbol, direction, volume = req.get("symbol"), req.get("direction"), req.get("volume")
        self._symbol_or_404(symbol)
        rid = req.request_id
        if rid is not None:
            ticket = self._executed_in_mt5(rid)
            if ticket is not None:
                raise _Reply(P.DUPLICATE, f"request id {rid} was already executed: ticket {ticket}")
        tick = self._tick(symbol)
        tag = req.get("comment") or self.default_tag
        comment = P.stamp_comment(tag, rid) if rid is not None else P.cut_comment(req.get("comment") or "")
        magic = req.get("magic")
        if magic is None:
            magic = P.magic_of(rid) if rid is not None else 0
        buy, sell = self.adapter.market_types()
        price = tick["ask"] if direction == "BUY" else tick["bid"]
        order = {
            "symbol": symbol,
            "volume": float(volume),
            "type": buy if direction == "BUY" else sell,
            "price": price,
            "sl": float(req.get("sl") or 0.0),
            "tp": float(req.get("tp") or 0.0),
            "deviation": self.deviation,
            "magic": int(magic),
            "comment": comment,
        }
        try:
            result = self._send(req, order)
            retcode = result["retcode"]
            if retcode not in P.SUCCESS_RETCODES:
                raise _Reply(P.MT5_ERROR, f"order_send: retcode {retcode} {result['comment']}".strip(), retcode)
            data = {
                "ticket": result["order"],
                "order": result["order"],
                "price": result["price"] or price,
                "volume": result["volume"] or float(volume),
                "retcode": retcode,
                "comment": comment,
                "magic": int(magic),
            }
            log.info("TRADE %s %s %s %s: ticket %s retcode %s", rid or "-", symbol, direction, volume, data["ticket"], retcode)
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
        found = self.adapter.positions_get(ticket=ticket)
        if not found:
            raise _Reply(P.NOT_FOUND, f"no open position {ticket}")
        pos = found[0]
        volume = req.get("volume")
        if volume is None:
            volume = pos["volume"]
        elif volume > pos["volume"] + 1e-9:
            raise _Reply(P.BAD_REQUEST, f"CLOSE: volume: {volume} is more than the position's {pos['volume']}")
        tick = self._tick(pos["symbol"])
        buy, sell = self.adapter.market_types()
        closing_buy = pos["direction"] == "BUY"
        price = tick["bid"] if closing_buy else tick["ask"]
        order = {
            "symbol": pos["symbol"],
            "volume": float(volume),
            "type": sell if closing_buy else buy,
            "position": int(ticket),
            "price": price,
            "deviation": self.deviation,
            "magic": int(pos["magic"]),
            "comment": P.stamp_comment(self.close_tag, rid) if rid is not None else "",
        }
        try:
            result = self._send(req, order)
            retcode = result["retcode"]
            if retcode not in P.SUCCESS_RETCODES:
                raise _Reply(P.MT5_ERROR, f"order_send: retcode {retcode} {result['comment']}".strip(), retcode)
            data = {
                "ticket": int(ticket),
                "price": result["price"] or price,
                "volume": result["volume"] or float(volume),
                "retcode": retcode,
            }
            log.info("CLOSE %s %s: retcode %s", rid or "-", ticket, retcode)
            self._remember(req, P.ok_reply(data, rid))
            return data
        except _Reply as r:
            log.warning("CLOSE %s %s: %s", rid or "-", ticket, r.message)
            self._remember(req, P.error_reply(r.code, self.redact(r.message), rid, r.retcode))
            raise

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
