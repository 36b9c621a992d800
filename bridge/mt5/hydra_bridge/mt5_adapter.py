"""The MetaTrader 5 calls the bridge makes, normalised to plain dicts with UTC epoch-millisecond times.

The MetaTrader5 package exists only on Windows: it is imported lazily, on first use, and tests pass a
fake module instead (`Mt5Adapter(mt5_module=fake)`). MT5 reports times in the trade server's time zone
as if it were UTC; `server_offset_hours` (e.g. 2 or 3 for a broker on EET/EEST) converts them.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any, Optional

from .server_clock import ServerOffset

log = logging.getLogger("hydra_bridge.mt5")

# MetaTrader5 constants (the values of the package's own constants; used when the module lacks one)
TRADE_ACTION_DEAL = 1
TRADE_ACTION_PENDING = 5
TRADE_ACTION_SLTP = 6
TRADE_ACTION_REMOVE = 8
ORDER_TYPE_BUY = 0
ORDER_TYPE_SELL = 1
ORDER_TYPE_BUY_LIMIT = 2
ORDER_TYPE_SELL_LIMIT = 3
ORDER_TYPE_BUY_STOP = 4
ORDER_TYPE_SELL_STOP = 5
#: the pending order types the protocol speaks of: (direction, kind) -> the MetaTrader5 constant's name and value
PENDING_TYPES = {
    ("BUY", "LIMIT"): ("ORDER_TYPE_BUY_LIMIT", ORDER_TYPE_BUY_LIMIT),
    ("SELL", "LIMIT"): ("ORDER_TYPE_SELL_LIMIT", ORDER_TYPE_SELL_LIMIT),
    ("BUY", "STOP"): ("ORDER_TYPE_BUY_STOP", ORDER_TYPE_BUY_STOP),
    ("SELL", "STOP"): ("ORDER_TYPE_SELL_STOP", ORDER_TYPE_SELL_STOP),
}
ORDER_FILLING_FOK = 0
ORDER_FILLING_IOC = 1
ORDER_FILLING_RETURN = 2
ORDER_TIME_GTC = 0
ORDER_TIME_DAY = 1
ORDER_TIME_SPECIFIED = 2
ORDER_TIME_SPECIFIED_DAY = 3
POSITION_TYPE_BUY = 0
POSITION_TYPE_SELL = 1
DEAL_TYPE_BUY = 0
DEAL_TYPE_SELL = 1
DEAL_ENTRY_IN = 0
DEAL_ENTRY_OUT = 1
DEAL_ENTRY_INOUT = 2
DEAL_ENTRY_OUT_BY = 3
#: symbol_info().filling_mode flags (MQL5 SYMBOL_FILLING_FOK / SYMBOL_FILLING_IOC)
SYMBOL_FILLING_FOK = 1
SYMBOL_FILLING_IOC = 2
#: symbol_info().trade_mode (ENUM_SYMBOL_TRADE_MODE)
SYMBOL_TRADE_MODE_DISABLED = 0
SYMBOL_TRADE_MODE_LONGONLY = 1
SYMBOL_TRADE_MODE_SHORTONLY = 2
SYMBOL_TRADE_MODE_CLOSEONLY = 3
SYMBOL_TRADE_MODE_FULL = 4
TRADE_MODES = {
    SYMBOL_TRADE_MODE_DISABLED: "DISABLED",
    SYMBOL_TRADE_MODE_LONGONLY: "LONG_ONLY",
    SYMBOL_TRADE_MODE_SHORTONLY: "SHORT_ONLY",
    SYMBOL_TRADE_MODE_CLOSEONLY: "CLOSE_ONLY",
    SYMBOL_TRADE_MODE_FULL: "FULL",
}
#: symbol_info().trade_exemode (ENUM_SYMBOL_TRADE_EXECUTION)
SYMBOL_TRADE_EXECUTION_REQUEST = 0
SYMBOL_TRADE_EXECUTION_INSTANT = 1
SYMBOL_TRADE_EXECUTION_MARKET = 2
SYMBOL_TRADE_EXECUTION_EXCHANGE = 3
#: account_info().margin_mode (ENUM_ACCOUNT_MARGIN_MODE)
ACCOUNT_MARGIN_MODE_RETAIL_NETTING = 0
ACCOUNT_MARGIN_MODE_EXCHANGE = 1
ACCOUNT_MARGIN_MODE_RETAIL_HEDGING = 2

TIMEFRAMES = {
    "M1": ("TIMEFRAME_M1", 1),
    "M5": ("TIMEFRAME_M5", 5),
    "M15": ("TIMEFRAME_M15", 15),
    "M30": ("TIMEFRAME_M30", 30),
    "H1": ("TIMEFRAME_H1", 16385),
    "H4": ("TIMEFRAME_H4", 16388),
    "D1": ("TIMEFRAME_D1", 16408),
}


class Mt5Unavailable(RuntimeError):
    """The MetaTrader5 package cannot be imported (not on Windows, or not installed)."""


class Mt5CallError(RuntimeError):
    """An MT5 call returned None; the message carries MT5's last_error()."""

    def __init__(self, call: str, code: Any, message: str):
        super().__init__(f"{call} failed: {message} ({code})")
        self.call = call
        self.code = code


def choose_filling(filling_mode_flags: int, exemode: int = SYMBOL_TRADE_EXECUTION_MARKET) -> int:
    """The filling policy of a market order. Under Request and Instant execution a market order is always
    Fill or Kill (the symbol's filling flags do not apply). Under Market and Exchange execution: FOK when the
    symbol allows it, else IOC, else RETURN (RETURN is allowed for market orders only in these two modes)."""
    if exemode in (SYMBOL_TRADE_EXECUTION_REQUEST, SYMBOL_TRADE_EXECUTION_INSTANT):
        return ORDER_FILLING_FOK
    if filling_mode_flags & SYMBOL_FILLING_FOK:
        return ORDER_FILLING_FOK
    if filling_mode_flags & SYMBOL_FILLING_IOC:
        return ORDER_FILLING_IOC
    return ORDER_FILLING_RETURN


class Mt5Adapter:
    def __init__(
        self,
        mt5_module: Any = None,
        server_offset_hours: float = 0.0,
        reconnect_every_s: float = 5.0,
        clock: Any = None,
        measure_offset: bool = True,
    ):
        self._mt5 = mt5_module
        kw = {"clock": clock} if clock is not None else {}
        self.offset = ServerOffset(int(round(server_offset_hours * 3_600_000)), **kw)
        self.measure_offset = measure_offset
        self._account: Optional[tuple] = None  # (login, password, server) to log in with when needed; never logged
        self._reconnect_every_s = reconnect_every_s
        self._last_reconnect = 0.0
        self._lock = threading.RLock()
        self._tls = threading.local()  # the last_error() each thread's last failed call saw

    @property
    def offset_ms(self) -> int:
        return self.offset.ms

    # ---- module and connection -------------------------------------------------------------------

    @property
    def mt5(self) -> Any:
        if self._mt5 is None:
            try:
                import MetaTrader5  # type: ignore[import-not-found]
            except ImportError as e:  # pragma: no cover - Windows only
                raise Mt5Unavailable(
                    "the MetaTrader5 package is not installed (Windows only: pip install MetaTrader5)"
                ) from e
            self._mt5 = MetaTrader5
        return self._mt5

    def _const(self, name: str, default: int) -> int:
        return int(getattr(self.mt5, name, default))

    def _read_error(self) -> tuple:
        try:
            err = self.mt5.last_error()
            return (err[0], str(err[1])) if err else (0, "")
        except Exception as e:  # pragma: no cover
            return (-1, str(e))

    def _capture(self) -> tuple:
        """Reads last_error() for the call that just failed. Call it while holding the lock: MetaTrader5's
        last_error() is process-wide, and another thread's call would overwrite it once the lock is free."""
        err = self._read_error()
        self._tls.error = err
        return err

    def last_error(self) -> tuple:
        """The error of this thread's last failed call (captured under the lock when it failed)."""
        err = getattr(self._tls, "error", None)
        if err is not None:
            return err
        with self._lock:
            return self._read_error()

    def _fail(self, call: str) -> Mt5CallError:
        code, message = self._capture()
        return Mt5CallError(call, code, message)

    def initialize(self, login: Optional[int] = None, password: Optional[str] = None, server: Optional[str] = None) -> bool:
        """Attaches to the running terminal (initialize() without credentials: no new login, so the other
        service's session and the terminal's own login are left alone). Only when credentials are given and
        the terminal is not logged in to that account does it log in (login()); the price streamer never
        passes credentials."""
        if login is not None:
            self._account = (int(login), password or "", server or "")
        with self._lock:
            ok = bool(self.mt5.initialize())
            if not ok:
                code, _ = self._capture()
                log.error("MetaTrader 5 initialize failed (last_error code %s): is the terminal running?", code)
                return False
            if self._account is not None:
                a = self.mt5.account_info()
                if a is None or int(getattr(a, "login", 0) or 0) != self._account[0]:
                    acc_login, acc_password, acc_server = self._account
                    log.info("the terminal is not logged in to the configured account: logging in")
                    if not self.mt5.login(acc_login, password=acc_password, server=acc_server):
                        code, _ = self._capture()
                        log.error("MetaTrader 5 login failed (last_error code %s)", code)
                        return False
        log.info("attached to the MetaTrader 5 terminal")
        return True

    def ensure_connected(self) -> bool:
        """True when the terminal answers; otherwise re-attaches (at most every few seconds)."""
        if self.terminal_info() is not None:
            return True
        now = time.monotonic()
        if now - self._last_reconnect < self._reconnect_every_s:
            return False
        self._last_reconnect = now
        log.warning("the MetaTrader 5 terminal does not answer; attaching again")
        return self.initialize()

    def shutdown(self) -> None:
        try:
            with self._lock:
                self.mt5.shutdown()
        except Exception:  # pragma: no cover
            pass

    # ---- time ------------------------------------------------------------------------------------

    def server_ms_to_utc(self, server_ms: float) -> int:
        return int(round(server_ms)) - self.offset_ms

    def server_s_to_utc(self, server_s: float) -> int:
        return self.server_ms_to_utc(float(server_s) * 1000)

    def utc_to_server_s(self, utc_ms: int) -> int:
        return (int(utc_ms) + self.offset_ms) // 1000

    def _time_of(self, rec: Any) -> int:
        msc = getattr(rec, "time_msc", 0) or 0
        return self.server_ms_to_utc(msc) if msc else self.server_s_to_utc(getattr(rec, "time", 0) or 0)

    # ---- reads -----------------------------------------------------------------------------------

    def terminal_info(self) -> Optional[dict]:
        """{connected, tradeAllowed (the Algo Trading button), tradeApiDisabled}, or None when the terminal
        does not answer."""
        with self._lock:
            t = self.mt5.terminal_info()
            if t is None:
                self._capture()
                return None
        return {
            "connected": bool(getattr(t, "connected", False)),
            "tradeAllowed": bool(getattr(t, "trade_allowed", False)),
            "tradeApiDisabled": bool(getattr(t, "tradeapi_disabled", False)),
        }

    def account_info(self) -> dict:
        with self._lock:
            a = self.mt5.account_info()
            if a is None:
                raise self._fail("account_info")
            t = self.mt5.terminal_info()
        terminal_ok = t is None or (
            bool(getattr(t, "trade_allowed", True)) and not bool(getattr(t, "tradeapi_disabled", False))
        )
        return {
            "balance": float(a.balance),
            "equity": float(a.equity),
            "margin": float(a.margin),
            "freeMargin": float(a.margin_free),
            "currency": str(a.currency),
            "leverage": int(a.leverage),
            "tradeAllowed": bool(a.trade_allowed) and bool(getattr(a, "trade_expert", True)) and terminal_ok,
        }

    def is_netting(self) -> bool:
        """A netting account (one position per symbol; a deal joins it and keeps its id)."""
        with self._lock:
            a = self.mt5.account_info()
            if a is None:
                raise self._fail("account_info")
        mode = int(getattr(a, "margin_mode", ACCOUNT_MARGIN_MODE_RETAIL_HEDGING))
        return mode != self._const("ACCOUNT_MARGIN_MODE_RETAIL_HEDGING", ACCOUNT_MARGIN_MODE_RETAIL_HEDGING)

    def symbol_info(self, symbol: str) -> Optional[dict]:
        """The symbol's spec, or None when the broker has no such symbol. Selects it into Market Watch.
        `tradeAllowed` is true only in full trade mode; `tradeMode` says which (FULL, LONG_ONLY, SHORT_ONLY,
        CLOSE_ONLY, DISABLED)."""
        with self._lock:
            s = self.mt5.symbol_info(symbol)
            if s is None:
                self._capture()
                return None
            if not getattr(s, "visible", True):
                self.mt5.symbol_select(symbol, True)
        mode = int(getattr(s, "trade_mode", SYMBOL_TRADE_MODE_FULL))
        return {
            "symbol": symbol,
            "digits": int(s.digits),
            "tickSize": float(s.trade_tick_size),
            "tickValue": float(s.trade_tick_value),
            "contractSize": float(s.trade_contract_size),
            "volumeMin": float(s.volume_min),
            "volumeStep": float(s.volume_step),
            "volumeMax": float(s.volume_max),
            "tradeAllowed": mode == SYMBOL_TRADE_MODE_FULL,
            "tradeMode": TRADE_MODES.get(mode, "DISABLED"),
            "fillingMode": int(getattr(s, "filling_mode", 0)),
            "exeMode": int(getattr(s, "trade_exemode", SYMBOL_TRADE_EXECUTION_MARKET)),
        }

    def symbol_info_tick(self, symbol: str) -> Optional[dict]:
        """The last tick {symbol, bid, ask, time (UTC ms)}, or None (unknown symbol, or no tick yet; the
        error is kept for last_error()). Every tick read also feeds the server-offset measurement."""
        with self._lock:
            t = self.mt5.symbol_info_tick(symbol)
            if t is None and self.mt5.symbol_info(symbol) is not None:
                self.mt5.symbol_select(symbol, True)
                t = self.mt5.symbol_info_tick(symbol)
            if t is None:
                self._capture()
                return None
        msc = getattr(t, "time_msc", 0) or int(getattr(t, "time", 0) or 0) * 1000
        if self.measure_offset and msc:
            self.offset.observe(symbol, int(msc))
        return {"symbol": symbol, "bid": float(t.bid), "ask": float(t.ask), "time": self._time_of(t)}

    def positions_get(self, symbol: Optional[str] = None, ticket: Optional[int] = None) -> list:
        with self._lock:
            if ticket is not None:
                raw = self.mt5.positions_get(ticket=int(ticket))
            elif symbol is not None:
                raw = self.mt5.positions_get(symbol=symbol)
            else:
                raw = self.mt5.positions_get()
            if raw is None:  # an error (no positions at all is an empty tuple)
                raise self._fail("positions_get")
        out = []
        for p in raw:
            out.append(
                {
                    "ticket": int(p.ticket),
                    "symbol": str(p.symbol),
                    "direction": "BUY" if int(p.type) == POSITION_TYPE_BUY else "SELL",
                    "volume": float(p.volume),
                    "openPrice": float(p.price_open),
                    "sl": float(p.sl) if p.sl else None,
                    "tp": float(p.tp) if p.tp else None,
                    "openTime": self._time_of(p),
                    "profit": float(p.profit),
                    # POSITION_SWAP: what rollovers have booked on it so far (it comes with the OUT deal)
                    "swap": float(getattr(p, "swap", 0.0) or 0.0),
                    "comment": str(p.comment),
                    "magic": int(p.magic),
                }
            )
        return out

    def history_deals_get(self, from_ms: int, to_ms: int) -> list:
        """Buy/sell deals with from_ms <= time <= to_ms (UTC ms), oldest first. Balance, credit and other
        non-trade deals are left out."""
        date_from = self.utc_to_server_s(from_ms)
        date_to = self.utc_to_server_s(to_ms) + 1
        with self._lock:
            raw = self.mt5.history_deals_get(date_from, date_to)
            if raw is None:
                code, message = self._capture()
                if code in (1, 0):  # RES_S_OK / nothing: no deals
                    return []
                raise Mt5CallError("history_deals_get", code, message)
        deals = [self._deal(d) for d in raw if int(d.type) in (DEAL_TYPE_BUY, DEAL_TYPE_SELL)]
        deals = [d for d in deals if from_ms <= d["time"] <= to_ms]
        deals.sort(key=lambda x: (x["time"], x["ticket"]))
        return deals

    def deals_of_order(self, order_ticket: int) -> list:
        """The deals an order made (history_deals_get(ticket=order)): empty when there are none yet (the
        terminal's history may lag the trade result by a moment)."""
        with self._lock:
            raw = self.mt5.history_deals_get(ticket=int(order_ticket))
            if raw is None:
                code, message = self._capture()
                if code in (1, 0):
                    return []
                raise Mt5CallError("history_deals_get", code, message)
        return [self._deal(d) for d in raw if int(d.type) in (DEAL_TYPE_BUY, DEAL_TYPE_SELL)]

    def orders_get(self) -> list:
        """Active (pending, or placed and not yet filled) orders: [{ticket, symbol, type, comment, positionId,
        volume, price, sl, tp, expiry, time, magic}] (see _order)."""
        with self._lock:
            raw = self.mt5.orders_get()
            if raw is None:
                raise self._fail("orders_get")
        return [self._order(o) for o in raw]

    def history_orders_get(self, from_ms: int, to_ms: int) -> list:
        """Orders that left the active list (filled, canceled, expired, rejected) set up between from_ms and
        to_ms (UTC ms), as orders_get gives them. MT5 answers None with last_error() (1, "Success") when
        there are none: that is an empty list, not a failure."""
        date_from = self.utc_to_server_s(from_ms)
        date_to = self.utc_to_server_s(to_ms) + 1
        with self._lock:
            raw = self.mt5.history_orders_get(date_from, date_to)
            if raw is None:
                code, message = self._capture()
                if code in (1, 0):
                    return []
                raise Mt5CallError("history_orders_get", code, message)
        return [self._order(o) for o in raw]

    def pending_orders(self, symbol: Optional[str] = None) -> list:
        """The working limit and stop orders as the protocol's ORDERS lists them: [{order, symbol, direction,
        kind, volume, price, sl, tp, expiry, time, comment, magic}] (sl/tp None when not set; expiry None when
        good till cancelled). Market orders still being filled and stop-limit orders are left out."""
        kinds = {self._const(name, value): key for key, (name, value) in PENDING_TYPES.items()}
        out = []
        for o in self.orders_get():
            key = kinds.get(o["type"])
            if key is None or (symbol is not None and o["symbol"] != symbol):
                continue
            out.append({
                "order": o["ticket"], "symbol": o["symbol"], "direction": key[0], "kind": key[1],
                "volume": o["volume"], "price": o["price"], "sl": o["sl"] or None, "tp": o["tp"] or None,
                "expiry": o["expiry"], "time": o["time"], "comment": o["comment"], "magic": o["magic"],
            })
        return out

    def _order(self, o: Any) -> dict:
        specified = (self._const("ORDER_TIME_SPECIFIED", ORDER_TIME_SPECIFIED),
                     self._const("ORDER_TIME_SPECIFIED_DAY", ORDER_TIME_SPECIFIED_DAY))
        expiration = int(getattr(o, "time_expiration", 0) or 0)
        timed = int(getattr(o, "type_time", ORDER_TIME_GTC)) in specified and expiration > 0
        msc = getattr(o, "time_setup_msc", 0) or 0
        return {
            "ticket": int(o.ticket),
            "symbol": str(o.symbol),
            "type": int(o.type),
            "comment": str(o.comment),
            "positionId": int(getattr(o, "position_id", 0) or 0),
            "volume": float(getattr(o, "volume_current", 0.0) or 0.0),
            "price": float(getattr(o, "price_open", 0.0) or 0.0),
            "sl": float(getattr(o, "sl", 0.0) or 0.0),
            "tp": float(getattr(o, "tp", 0.0) or 0.0),
            "expiry": self.server_s_to_utc(expiration) if timed else None,
            "time": self.server_ms_to_utc(msc) if msc else self.server_s_to_utc(getattr(o, "time_setup", 0) or 0),
            "magic": int(getattr(o, "magic", 0) or 0),
        }

    def _deal(self, d: Any) -> dict:
        entry = int(d.entry)
        return {
            "ticket": int(d.ticket),
            "order": int(d.order),
            "positionId": int(d.position_id),
            "symbol": str(d.symbol),
            "direction": "BUY" if int(d.type) == DEAL_TYPE_BUY else "SELL",
            "entry": "IN" if entry == DEAL_ENTRY_IN else "OUT",  # INOUT (reversal), OUT_BY: OUT
            "volume": float(d.volume),
            "price": float(d.price),
            "profit": float(d.profit),
            "commission": float(d.commission),
            "swap": float(d.swap),
            "time": self._time_of(d),
            "comment": str(d.comment),
            "magic": int(d.magic),
        }

    def copy_rates_from_pos(self, symbol: str, timeframe: str, start: int, count: int) -> list:
        """The last `count` bars (oldest first; the newest may still be forming), times in UTC ms."""
        name, default = TIMEFRAMES[timeframe]
        with self._lock:
            rates = self.mt5.copy_rates_from_pos(symbol, self._const(name, default), int(start), int(count))
            if rates is None:
                raise self._fail("copy_rates_from_pos")
        out = []
        for r in rates:  # numpy structured rows on Windows; anything indexable by field name works
            out.append(
                {
                    "time": self.server_s_to_utc(r["time"]),
                    "open": float(r["open"]),
                    "high": float(r["high"]),
                    "low": float(r["low"]),
                    "close": float(r["close"]),
                    "volume": int(r["tick_volume"]),
                }
            )
        return out

    # ---- trading ---------------------------------------------------------------------------------

    def modify_position(self, ticket: int, symbol: str, sl: float, tp: float) -> Optional[dict]:
        """TRADE_ACTION_SLTP: a position's stop loss and take profit (0.0 removes a level). Returns
        {retcode, order, deal, volume, price, comment}, or None when MT5 returned nothing."""
        req = {
            "action": self._const("TRADE_ACTION_SLTP", TRADE_ACTION_SLTP),
            "position": int(ticket),
            "symbol": symbol,
            "sl": float(sl),
            "tp": float(tp),
        }
        with self._lock:
            r = self.mt5.order_send(req)
            if r is None:
                code, _ = self._capture()
        if r is None:
            log.error("order_send (SLTP) returned nothing (last_error code %s)", code)
            return None
        return {"retcode": int(r.retcode), "order": int(r.order), "deal": int(r.deal), "volume": float(r.volume),
                "price": float(r.price), "comment": str(r.comment)}

    def place_pending(self, symbol: str, direction: str, kind: str, volume: float, price: float, sl: float,
                      tp: float, expiry_ms: Optional[int], magic: int, comment: str) -> Optional[dict]:
        """TRADE_ACTION_PENDING: a buy/sell limit or stop at `price` (already rounded), good till cancelled
        (ORDER_TIME_GTC) or, with expiry_ms (UTC), until then (ORDER_TIME_SPECIFIED, the expiration in the trade
        server's time, to the second, rounded down). The filling policy is the market orders' (order_send).
        Returns order_send's result, or None when MT5 returned nothing (the outcome is unknown)."""
        name, value = PENDING_TYPES[(direction, kind)]
        req = {
            "action": self._const("TRADE_ACTION_PENDING", TRADE_ACTION_PENDING),
            "symbol": symbol,
            "volume": float(volume),
            "type": self._const(name, value),
            "price": float(price),
            "sl": float(sl),
            "tp": float(tp),
            "magic": int(magic),
            "comment": comment,
        }
        if expiry_ms is None:
            req["type_time"] = self._const("ORDER_TIME_GTC", ORDER_TIME_GTC)
        else:
            req["type_time"] = self._const("ORDER_TIME_SPECIFIED", ORDER_TIME_SPECIFIED)
            req["expiration"] = self.utc_to_server_s(expiry_ms)
        return self.order_send(req)

    def remove_order(self, ticket: int) -> Optional[dict]:
        """TRADE_ACTION_REMOVE: deletes a working pending order. Returns {retcode, order, deal, volume, price,
        comment}, or None when MT5 returned nothing."""
        req = {"action": self._const("TRADE_ACTION_REMOVE", TRADE_ACTION_REMOVE), "order": int(ticket)}
        with self._lock:
            r = self.mt5.order_send(req)
            if r is None:
                code, _ = self._capture()
        if r is None:
            log.error("order_send (REMOVE) returned nothing (last_error code %s)", code)
            return None
        return {"retcode": int(r.retcode), "order": int(r.order), "deal": int(r.deal), "volume": float(r.volume),
                "price": float(r.price), "comment": str(getattr(r, "comment", ""))}

    def order_send(self, request: dict) -> Optional[dict]:
        """Sends a market deal (or, with `action` set, a pending order). `type_filling` is chosen from the
        symbol's execution mode and filling flags (choose_filling) unless the request sets it. Returns {retcode,
        order, deal, volume, price, comment}, or None when MT5 returned nothing (the outcome is then unknown;
        last_error() has MT5's error, read before the lock was released)."""
        req = dict(request)
        req.setdefault("action", self._const("TRADE_ACTION_DEAL", TRADE_ACTION_DEAL))
        req.setdefault("type_time", self._const("ORDER_TIME_GTC", ORDER_TIME_GTC))
        with self._lock:
            if "type_filling" not in req:
                info = self.mt5.symbol_info(req["symbol"])
                flags = int(getattr(info, "filling_mode", 0)) if info is not None else 0
                exemode = int(getattr(info, "trade_exemode", SYMBOL_TRADE_EXECUTION_MARKET)) if info is not None else SYMBOL_TRADE_EXECUTION_MARKET
                filling = choose_filling(flags, exemode)
                req["type_filling"] = self._const(
                    {ORDER_FILLING_FOK: "ORDER_FILLING_FOK", ORDER_FILLING_IOC: "ORDER_FILLING_IOC"}.get(
                        filling, "ORDER_FILLING_RETURN"
                    ),
                    filling,
                )
            r = self.mt5.order_send(req)
            if r is None:
                code, _ = self._capture()
        if r is None:
            log.error("order_send returned nothing (last_error code %s)", code)
            return None
        return {
            "retcode": int(r.retcode),
            "order": int(r.order),
            "deal": int(r.deal),
            "volume": float(r.volume),
            "price": float(r.price),
            "comment": str(getattr(r, "comment", "")),
        }

    def market_types(self) -> tuple:
        return (self._const("ORDER_TYPE_BUY", ORDER_TYPE_BUY), self._const("ORDER_TYPE_SELL", ORDER_TYPE_SELL))
