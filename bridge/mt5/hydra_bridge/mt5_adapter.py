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

log = logging.getLogger("hydra_bridge.mt5")

# MetaTrader5 constants (the values of the package's own constants; used when the module lacks one)
TRADE_ACTION_DEAL = 1
ORDER_TYPE_BUY = 0
ORDER_TYPE_SELL = 1
ORDER_FILLING_FOK = 0
ORDER_FILLING_IOC = 1
ORDER_FILLING_RETURN = 2
ORDER_TIME_GTC = 0
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
SYMBOL_TRADE_MODE_DISABLED = 0

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


def choose_filling(filling_mode_flags: int) -> int:
    """FOK when the symbol allows it, else IOC, else RETURN (exchange-execution symbols)."""
    if filling_mode_flags & SYMBOL_FILLING_FOK:
        return ORDER_FILLING_FOK
    if filling_mode_flags & SYMBOL_FILLING_IOC:
        return ORDER_FILLING_IOC
    return ORDER_FILLING_RETURN


class Mt5Adapter:
    def __init__(self, mt5_module: Any = None, server_offset_hours: float = 0.0, reconnect_every_s: float = 5.0):
        self._mt5 = mt5_module
        self.offset_ms = int(round(server_offset_hours * 3_600_000))
        self._credentials: Optional[tuple] = None  # kept for reconnection; never logged
        self._reconnect_every_s = reconnect_every_s
        self._last_reconnect = 0.0
        self._lock = threading.RLock()

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

    def last_error(self) -> tuple:
        try:
            err = self.mt5.last_error()
            return (err[0], str(err[1])) if err else (0, "")
        except Exception as e:  # pragma: no cover
            return (-1, str(e))

    def _fail(self, call: str) -> Mt5CallError:
        code, message = self.last_error()
        return Mt5CallError(call, code, message)

    def initialize(self, login: Optional[int] = None, password: Optional[str] = None, server: Optional[str] = None) -> bool:
        """Connects to the running terminal (logging in when credentials are given)."""
        kwargs: dict = {}
        if login is not None:
            kwargs = {"login": int(login), "password": password or "", "server": server or ""}
        self._credentials = (login, password, server)
        with self._lock:
            ok = bool(self.mt5.initialize(**kwargs))
        if ok:
            log.info("connected to the MetaTrader 5 terminal")
        else:
            code, _ = self.last_error()
            log.error("MetaTrader 5 initialize failed (last_error code %s)", code)
        return ok

    def ensure_connected(self) -> bool:
        """True when the terminal answers; otherwise re-initializes (at most every few seconds)."""
        if self.terminal_info() is not None:
            return True
        now = time.monotonic()
        if self._credentials is None or now - self._last_reconnect < self._reconnect_every_s:
            return False
        self._last_reconnect = now
        log.warning("the MetaTrader 5 terminal does not answer; re-initializing")
        return self.initialize(*self._credentials)

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
        with self._lock:
            t = self.mt5.terminal_info()
        if t is None:
            return None
        return {"connected": bool(getattr(t, "connected", False)), "tradeAllowed": bool(getattr(t, "trade_allowed", False))}

    def account_info(self) -> dict:
        with self._lock:
            a = self.mt5.account_info()
            if a is None:
                raise self._fail("account_info")
            t = self.mt5.terminal_info()
        terminal_ok = t is None or bool(getattr(t, "trade_allowed", True))
        return {
            "balance": float(a.balance),
            "equity": float(a.equity),
            "margin": float(a.margin),
            "freeMargin": float(a.margin_free),
            "currency": str(a.currency),
            "leverage": int(a.leverage),
            "tradeAllowed": bool(a.trade_allowed) and bool(getattr(a, "trade_expert", True)) and terminal_ok,
        }

    def symbol_info(self, symbol: str) -> Optional[dict]:
        """The symbol's spec, or None when the broker has no such symbol. Selects it into Market Watch."""
        with self._lock:
            s = self.mt5.symbol_info(symbol)
            if s is None:
                return None
            if not getattr(s, "visible", True):
                self.mt5.symbol_select(symbol, True)
        return {
            "symbol": symbol,
            "digits": int(s.digits),
            "tickSize": float(s.trade_tick_size),
            "tickValue": float(s.trade_tick_value),
            "contractSize": float(s.trade_contract_size),
            "volumeMin": float(s.volume_min),
            "volumeStep": float(s.volume_step),
            "volumeMax": float(s.volume_max),
            "tradeAllowed": int(getattr(s, "trade_mode", 4)) != SYMBOL_TRADE_MODE_DISABLED,
            "fillingMode": int(getattr(s, "filling_mode", 0)),
        }

    def symbol_info_tick(self, symbol: str) -> Optional[dict]:
        """The last tick {symbol, bid, ask, time (UTC ms)}, or None (unknown symbol, or no tick yet)."""
        with self._lock:
            t = self.mt5.symbol_info_tick(symbol)
            if t is None and self.mt5.symbol_info(symbol) is not None:
                self.mt5.symbol_select(symbol, True)
                t = self.mt5.symbol_info_tick(symbol)
        if t is None:
            return None
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
            code, message = self.last_error()
            if code in (1, 0):  # RES_S_OK / nothing: no deals
                return []
            raise Mt5CallError("history_deals_get", code, message)
        deals = []
        for d in raw:
            if int(d.type) not in (DEAL_TYPE_BUY, DEAL_TYPE_SELL):
                continue
            t = self._time_of(d)
            if t < from_ms or t > to_ms:
                continue
            entry = int(d.entry)
            deals.append(
                {
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
                    "time": t,
                    "comment": str(d.comment),
                    "magic": int(d.magic),
                }
            )
        deals.sort(key=lambda x: (x["time"], x["ticket"]))
        return deals

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

    def order_send(self, request: dict) -> Optional[dict]:
        """Sends a market deal. `type_filling` is chosen from the symbol's filling modes (FOK when allowed,
        else IOC) unless the request sets it. Returns {retcode, order, deal, volume, price, comment}, or
        None when MT5 returned nothing (the outcome is then unknown)."""
        req = dict(request)
        req.setdefault("action", self._const("TRADE_ACTION_DEAL", TRADE_ACTION_DEAL))
        req.setdefault("type_time", self._const("ORDER_TIME_GTC", ORDER_TIME_GTC))
        with self._lock:
            if "type_filling" not in req:
                info = self.mt5.symbol_info(req["symbol"])
                flags = int(getattr(info, "filling_mode", 0)) if info is not None else 0
                filling = choose_filling(flags)
                req["type_filling"] = self._const(
                    {ORDER_FILLING_FOK: "ORDER_FILLING_FOK", ORDER_FILLING_IOC: "ORDER_FILLING_IOC"}.get(
                        filling, "ORDER_FILLING_RETURN"
                    ),
                    filling,
                )
            r = self.mt5.order_send(req)
        if r is None:
            code, _ = self.last_error()
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
