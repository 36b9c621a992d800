"""A fake MetaTrader5 module built from the test vectors' fixture (bridge/protocol/test-vectors.json).

It speaks the MetaTrader5 package's API (functions, constants, namedtuple-like records, times in the
trade server's zone = UTC + offset_hours) so Mt5Adapter runs against it unchanged."""

from __future__ import annotations

import copy
import datetime as _dt
import json
import os
from collections import namedtuple

HERE = os.path.dirname(os.path.abspath(__file__))
VECTORS_PATH = os.path.normpath(os.path.join(HERE, "..", "..", "protocol", "test-vectors.json"))


def load_vectors() -> dict:
    with open(VECTORS_PATH, encoding="utf-8") as f:
        return json.load(f)


AccountInfo = namedtuple(
    "AccountInfo",
    "login trade_mode leverage balance credit profit equity margin margin_free currency trade_allowed trade_expert server name margin_mode",
)
TerminalInfo = namedtuple("TerminalInfo", "connected trade_allowed tradeapi_disabled name")
SymbolInfo = namedtuple(
    "SymbolInfo",
    "name visible digits point trade_tick_size trade_tick_value trade_contract_size volume_min volume_step volume_max trade_mode "
    "trade_exemode filling_mode bid ask",
)
TradeOrder = namedtuple(
    "TradeOrder",
    "ticket time_setup time_setup_msc time_done time_expiration type type_time state magic position_id volume_initial "
    "volume_current price_open sl tp symbol comment",
)
Tick = namedtuple("Tick", "time bid ask last volume time_msc flags")
TradePosition = namedtuple(
    "TradePosition", "ticket time time_msc type magic identifier volume price_open sl tp price_current swap profit symbol comment"
)
TradeDeal = namedtuple(
    "TradeDeal", "ticket order time time_msc type entry magic position_id volume price commission swap profit fee symbol comment"
)
OrderSendResult = namedtuple("OrderSendResult", "retcode deal order volume price bid ask comment request_id request")

FILLING_FLAGS = {"FOK": 1, "IOC": 2}
TRADE_MODES = {"DISABLED": 0, "LONG_ONLY": 1, "SHORT_ONLY": 2, "CLOSE_ONLY": 3, "FULL": 4}
EXE_MODES = {"REQUEST": 0, "INSTANT": 1, "MARKET": 2, "EXCHANGE": 3}


class FakeMT5:
    # constants (same values as the MetaTrader5 package)
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
    ORDER_TIME_DAY = 1
    ORDER_TIME_SPECIFIED = 2
    ORDER_TIME_SPECIFIED_DAY = 3
    ORDER_STATE_PLACED = 1
    ORDER_STATE_CANCELED = 2
    ORDER_STATE_FILLED = 4
    ORDER_STATE_EXPIRED = 6
    ORDER_FILLING_FOK = 0
    ORDER_FILLING_IOC = 1
    ORDER_FILLING_RETURN = 2
    ORDER_TIME_GTC = 0
    POSITION_TYPE_BUY = 0
    POSITION_TYPE_SELL = 1
    DEAL_TYPE_BUY = 0
    DEAL_TYPE_SELL = 1
    DEAL_TYPE_BALANCE = 2
    DEAL_ENTRY_IN = 0
    DEAL_ENTRY_OUT = 1
    TIMEFRAME_M1, TIMEFRAME_M5, TIMEFRAME_M15, TIMEFRAME_M30 = 1, 5, 15, 30
    TIMEFRAME_H1, TIMEFRAME_H4, TIMEFRAME_D1 = 16385, 16388, 16408
    TRADE_RETCODE_PLACED = 10008
    TRADE_RETCODE_DONE = 10009
    TRADE_RETCODE_INVALID_FILL = 10030
    ACCOUNT_MARGIN_MODE_RETAIL_NETTING = 0
    ACCOUNT_MARGIN_MODE_EXCHANGE = 1
    ACCOUNT_MARGIN_MODE_RETAIL_HEDGING = 2

    def __init__(self, fixture: dict, offset_hours: float = 0.0, login: int = 0, password: str = "", server: str = ""):
        fx = copy.deepcopy(fixture)
        self.offset_ms = int(round(offset_hours * 3_600_000))
        self.now_utc_ms = int(fx["serverTime"])
        a = fx["account"]
        self.account = dict(a)
        self.symbols = {name: dict(s) for name, s in fx["symbols"].items()}
        self.positions = {}
        for p in fx["positions"]:
            self.positions[p["ticket"]] = dict(p)
        self.deals = [dict(d) for d in fx["deals"]]
        self.candles = fx.get("candles", {})
        self.next_ticket = int(fx["nextTicket"])
        self.next_deal = int(fx["nextDeal"])
        self.expected_credentials = (login, password, server)
        self.initialized = False
        self.connected = True
        self.order_send_calls = []
        self.initialize_calls = []
        self.error = (1, "Success")
        self.order_send_returns_none = False
        self.order_send_raises = None
        self.sticky_error = None  # when set, last_error() always answers it
        # the terminal's state (terminal_info) and the account it is logged in to
        self.terminal = {"connected": True, "trade_allowed": True, "tradeapi_disabled": False}
        self.logged_in = login or 1  # the terminal's own login: initialize() without credentials attaches to it
        self.login_calls = []
        self.margin_mode = self.ACCOUNT_MARGIN_MODE_RETAIL_HEDGING
        self.orders = {}  # active orders: market orders placed and not yet filled, and working pending orders
        self.history_orders = []  # orders that left the active list (filled, canceled, expired), with their state
        self.place_only = False  # order_send answers 10008 (placed): the deal comes later (fill_placed())
        self.fail = {}  # call name -> (code, message): that call returns None with this last_error()

    # ---- helpers ---------------------------------------------------------------------------------

    def _server_ms(self, utc_ms: int) -> int:
        return int(utc_ms) + self.offset_ms

    def set_tick(self, symbol: str, bid: float, ask: float, time_utc_ms: int = None) -> None:
        """A new price: the symbol's pending orders expire (their expiration reached, in server time) or
        trigger (a buy limit at or below the ask, a buy stop at or above it; a sell limit at or above the bid,
        a sell stop at or below it) and fill at the market as a deal whose `order` is the pending order."""
        s = self.symbols[symbol]
        s["bid"], s["ask"] = bid, ask
        s["time"] = self.now_utc_ms if time_utc_ms is None else time_utc_ms
        server_s = self._server_ms(s["time"]) // 1000
        for ticket, o in list(self.orders.items()):
            if o["symbol"] != symbol or o["type"] not in self.PENDING_TYPES:
                continue
            if o.get("expiration") and server_s >= o["expiration"]:
                self._retire(ticket, self.ORDER_STATE_EXPIRED)
                continue
            buy = o["type"] in (self.ORDER_TYPE_BUY_LIMIT, self.ORDER_TYPE_BUY_STOP)
            px = ask if buy else bid
            limit = o["type"] in (self.ORDER_TYPE_BUY_LIMIT, self.ORDER_TYPE_SELL_LIMIT)
            hit = (px <= o["price"]) if (limit == buy) else (px >= o["price"])
            if hit:
                self._retire(ticket, self.ORDER_STATE_FILLED)
                market = self.ORDER_TYPE_BUY if buy else self.ORDER_TYPE_SELL
                self._fill(ticket, {"symbol": symbol, "type": market, "volume": o["volume"], "sl": o["sl"],
                                    "tp": o["tp"], "comment": o["comment"], "magic": o["magic"]})

    PENDING_TYPES = (2, 3, 4, 5)

    def _retire(self, ticket: int, state: int) -> None:
        o = self.orders.pop(ticket)
        self.history_orders.append(dict(o, state=state, time_done=self.now_utc_ms))

    def _profit(self, p: dict) -> float:
        s = self.symbols[p["symbol"]]
        diff = s["bid"] - p["openPrice"] if p["direction"] == "BUY" else p["openPrice"] - s["ask"]
        return round(diff * p["volume"] * s["contractSize"], 2)

    def _alive(self, call: str = "") -> bool:
        if not (self.initialized and self.connected):
            self.error = (-10004, "No IPC connection")
            return False
        if call in self.fail:
            self.error = self.fail[call]
            return False
        return True

    # ---- the MetaTrader5 API ---------------------------------------------------------------------

    def initialize(self, path=None, login=None, password=None, server=None, timeout=None, portable=False):
        self.initialize_calls.append({"login": login, "password": password, "server": server})
        if not self.connected:
            self.error = (-10003, "IPC initialize failed, MetaTrader 5 x64 not found")
            return False
        if login is not None and not self._authorize(login, password, server):
            return False
        self.initialized = True
        self.error = (1, "Success")
        return True

    def _authorize(self, login, password, server) -> bool:
        exp_login, exp_password, exp_server = self.expected_credentials
        if login != exp_login or password != exp_password or server != exp_server:
            # a careless terminal might echo what it was given: the bridge must redact it
            self.error = (-6, f"Terminal: Authorization failed for {login} with {password} on {server}")
            return False
        self.logged_in = login
        return True

    def login(self, login, password=None, server=None, timeout=None):
        self.login_calls.append({"login": login, "password": password, "server": server})
        if not self._alive():
            return False
        if not self._authorize(login, password, server):
            return False
        self.error = (1, "Success")
        return True

    def shutdown(self):
        self.initialized = False
        return True

    def last_error(self):
        return self.sticky_error or self.error

    def terminal_info(self):
        if not self._alive("terminal_info"):
            return None
        t = self.terminal
        return TerminalInfo(t["connected"], t["trade_allowed"], t["tradeapi_disabled"], "FakeTerminal")

    def account_info(self):
        if not self._alive("account_info") or not self.logged_in:
            return None
        a = self.account
        return AccountInfo(
            self.logged_in, 0, a["leverage"], a["balance"], 0.0, a["equity"] - a["balance"], a["equity"],
            a["margin"], a["freeMargin"], a["currency"], a["tradeAllowed"], True, self.expected_credentials[2], "Fake",
            self.margin_mode,
        )

    def symbol_info(self, symbol):
        if not self._alive("symbol_info"):
            return None
        s = self.symbols.get(symbol)
        if s is None:
            self.error = (-1, f"symbol {symbol} not found")
            return None
        flags = 0
        for m in s.get("fillingModes", []):
            flags |= FILLING_FLAGS[m]
        return SymbolInfo(
            symbol, True, s["digits"], 10.0 ** -s["digits"], s["tickSize"], s["tickValue"], s["contractSize"], s["volumeMin"],
            s["volumeStep"], s["volumeMax"], self._trade_mode(s), EXE_MODES[s.get("exeMode", "MARKET")], flags, s["bid"], s["ask"],
        )

    @staticmethod
    def _trade_mode(s: dict) -> int:
        if "tradeMode" in s:
            return TRADE_MODES[s["tradeMode"]]
        return 4 if s["tradeAllowed"] else 0

    def symbol_select(self, symbol, enable=True):
        return self._alive() and symbol in self.symbols

    def symbol_info_tick(self, symbol):
        if not self._alive("symbol_info_tick"):
            return None
        s = self.symbols.get(symbol)
        if s is None:
            self.error = (-1, f"symbol {symbol} not found")
            return None
        t = self._server_ms(s["time"])
        return Tick(t // 1000, s["bid"], s["ask"], 0.0, 0, t, 6)

    def positions_get(self, symbol=None, group=None, ticket=None):
        if not self._alive("positions_get"):
            return None
        out = []
        for p in self.positions.values():
            if symbol is not None and p["symbol"] != symbol:
                continue
            if ticket is not None and p["ticket"] != ticket:
                continue
            t = self._server_ms(p["openTime"])
            s = self.symbols[p["symbol"]]
            out.append(
                TradePosition(
                    p["ticket"], t // 1000, t, 0 if p["direction"] == "BUY" else 1, p["magic"], p["ticket"], p["volume"],
                    p["openPrice"], p["sl"] or 0.0, p["tp"] or 0.0, s["bid"] if p["direction"] == "BUY" else s["ask"],
                    0.0, self._profit(p), p["symbol"], p["comment"],
                )
            )
        return tuple(out)

    def _order_record(self, o: dict):
        t = self._server_ms(o.get("timeSetup", self.now_utc_ms))
        done = self._server_ms(o["time_done"]) // 1000 if "time_done" in o else 0
        return TradeOrder(
            o["ticket"], t // 1000, t, done, o.get("expiration", 0), o["type"], o.get("typeTime", 0),
            o.get("state", self.ORDER_STATE_PLACED), o["magic"], o["positionId"], o["volume"], o["volume"], o["price"],
            o.get("sl", 0.0), o.get("tp", 0.0), o["symbol"], o["comment"],
        )

    def orders_get(self, symbol=None, group=None, ticket=None):
        if not self._alive("orders_get"):
            return None
        return tuple(self._order_record(o) for o in self.orders.values())

    def history_orders_get(self, date_from=None, date_to=None, group=None, ticket=None, position=None):
        """Orders no longer active, set up within [date_from, date_to] (server time, seconds)."""
        if not self._alive("history_orders_get"):
            return None
        out = []
        for o in self.history_orders:
            rec = self._order_record(o)
            if ticket is not None and rec.ticket != ticket:
                continue
            if ticket is None and not (int(date_from) <= rec.time_setup <= int(date_to)):
                continue
            out.append(rec)
        if not out:  # as MetaTrader5: None with last_error() (1, "Success") when there is nothing
            self.error = (1, "Success")
            return None
        return tuple(out)

    def history_deals_get(self, date_from=None, date_to=None, group=None, ticket=None, position=None):
        if not self._alive("history_deals_get"):
            return None
        if ticket is not None or position is not None:  # ticket: the ORDER ticket (DEAL_ORDER); position: DEAL_POSITION_ID
            date_from, date_to = 0, 2**40

        def secs(x):
            if isinstance(x, _dt.datetime):
                return int(x.replace(tzinfo=_dt.timezone.utc).timestamp()) if x.tzinfo is None else int(x.timestamp())
            return int(x)

        lo, hi = secs(date_from), secs(date_to)
        out = []
        for d in self.deals:
            t = self._server_ms(d["time"])
            if not lo <= t // 1000 <= hi:
                continue
            if ticket is not None and d["order"] != ticket or position is not None and d["positionId"] != position:
                continue
            out.append(
                TradeDeal(
                    d["ticket"], d["order"], t // 1000, t, 0 if d["direction"] == "BUY" else 1, 0 if d["entry"] == "IN" else 1,
                    d["magic"], d["positionId"], d["volume"], d["price"], d["commission"], d["swap"], d["profit"], 0.0,
                    d["symbol"], d["comment"],
                )
            )
        return tuple(out)

    def copy_rates_from_pos(self, symbol, timeframe, start_pos, count):
        if not self._alive("copy_rates_from_pos"):
            return None
        if symbol not in self.symbols:
            self.error = (-1, "Terminal: Call failed")
            return None
        names = {v: k for k, v in {"M1": 1, "M5": 5, "M15": 15, "M30": 30, "H1": 16385, "H4": 16388, "D1": 16408}.items()}
        bars = self.candles.get(symbol, {}).get(names.get(timeframe, "?"), [])
        end = len(bars) - start_pos
        chosen = bars[max(0, end - count) : max(0, end)]
        return tuple(
            {
                "time": self._server_ms(b["time"]) // 1000, "open": b["open"], "high": b["high"], "low": b["low"],
                "close": b["close"], "tick_volume": b["volume"], "spread": 0, "real_volume": 0,
            }
            for b in chosen
        )

    def order_send(self, request):
        """A market deal as a real trade server treats it: filling policy by execution mode, prices normalised
        to the symbol's digits, volume a multiple of the volume step, the symbol's trade mode, netting or
        hedging positions. With place_only the order is only placed (10008); fill_placed() fills it later."""
        self.order_send_calls.append(dict(request))
        if self.order_send_raises is not None:
            raise self.order_send_raises
        if not self._alive() or self.order_send_returns_none:
            self.error = (-10004, "No IPC connection")
            return None
        req = dict(request)
        if len(req.get("comment", "")) > 31:
            self.error = (-2, 'Invalid "comment" argument')
            return None

        def result(retcode, deal=0, order=0, volume=0.0, price=0.0, comment=""):
            s = self.symbols.get(req.get("symbol"), {"bid": 0.0, "ask": 0.0})
            return OrderSendResult(retcode, deal, order, volume, price, s["bid"], s["ask"], comment, 0, req)

        if req.get("action") == self.TRADE_ACTION_REMOVE:
            return self._remove(req, result)
        s = self.symbols.get(req.get("symbol"))
        if req.get("action") == self.TRADE_ACTION_SLTP and s is not None:
            return self._sltp(req, s, result)
        if req.get("action") not in (self.TRADE_ACTION_DEAL, self.TRADE_ACTION_PENDING) or s is None:
            return result(10013, comment="Invalid request")
        if req.get("type_filling") not in self._fillings(s):
            return result(self.TRADE_RETCODE_INVALID_FILL, comment="Unsupported filling mode")
        if req["action"] == self.TRADE_ACTION_PENDING:
            return self._pending(req, s, result)
        if s.get("orderRetcode"):
            return result(int(s["orderRetcode"]), comment="Market closed")
        for key in ("sl", "tp", "price"):
            v = float(req.get(key) or 0.0)
            if v and abs(round(v, s["digits"]) - v) > 1e-12:
                return result(10016 if key != "price" else 10015, comment=f"Invalid {key}")
        volume = float(req["volume"])
        steps = volume / s["volumeStep"]
        if abs(steps - round(steps)) > 1e-7 or volume < s["volumeMin"] - 1e-12 or volume > s["volumeMax"] + 1e-12:
            return result(10014, comment="Invalid volume")
        is_buy = req["type"] == self.ORDER_TYPE_BUY
        mode = self._trade_mode(s)
        closing = "position" in req
        if mode == 0:
            return result(10017, comment="Trade disabled")
        if not closing and mode == 3:
            return result(10044, comment="Close only")
        if not closing and mode == 1 and not is_buy:
            return result(10042, comment="Long only")
        if not closing and mode == 2 and is_buy:
            return result(10043, comment="Short only")
        if closing:
            p = self.positions.get(req["position"])
            if p is None or volume > p["volume"] + 1e-9:
                return result(10013, comment="Invalid request")
        order = self.next_ticket
        self.next_ticket += 1
        if self.place_only:
            self.orders[order] = {"ticket": order, "type": req["type"], "magic": req.get("magic", 0),
                                  "positionId": req.get("position", 0), "volume": volume, "price": 0.0,
                                  "symbol": req["symbol"], "comment": req.get("comment", ""), "request": req}
            return result(self.TRADE_RETCODE_PLACED, 0, order, volume, 0.0, "Request placed")
        deal, price = self._fill(order, req)
        return result(10009, deal, order, volume, price, "Request executed")

    def _fillings(self, s: dict) -> set:
        exe = s.get("exeMode", "MARKET")
        if exe in ("REQUEST", "INSTANT"):  # market orders: Fill or Kill only
            return {self.ORDER_FILLING_FOK}
        # RETURN is always allowed for market orders under Market and Exchange execution
        return {self.ORDER_FILLING_RETURN} | {
            {"FOK": self.ORDER_FILLING_FOK, "IOC": self.ORDER_FILLING_IOC}[m] for m in s.get("fillingModes", [])
        }

    def _pending(self, req, s, result):
        """TRADE_ACTION_PENDING as the server treats it: a limit or stop type, the symbol's trade mode, price,
        stops and volume on the symbol's grid, the price on the right side of the market (10015: a buy limit
        below the ask, a buy stop above it, a sell limit above the bid, a sell stop below it), the stops on the
        right side of the order's price (10016), an expiration in the future (10022)."""
        kind = req.get("type")
        if kind not in self.PENDING_TYPES:
            return result(10013, comment="Invalid request")
        if s.get("orderRetcode"):
            return result(int(s["orderRetcode"]), comment="Market closed")
        buy = kind in (self.ORDER_TYPE_BUY_LIMIT, self.ORDER_TYPE_BUY_STOP)
        mode = self._trade_mode(s)
        refusal = {0: (10017, "Trade disabled"), 3: (10044, "Close only"),
                   1: (10042, "Long only") if not buy else None, 2: (10043, "Short only") if buy else None}.get(mode)
        if refusal:
            return result(refusal[0], comment=refusal[1])
        price, sl, tp = (float(req.get(k) or 0.0) for k in ("price", "sl", "tp"))
        for key, v in (("price", price), ("sl", sl), ("tp", tp)):
            if v and abs(round(v, s["digits"]) - v) > 1e-12:
                return result(10015 if key == "price" else 10016, comment=f"Invalid {key}")
        volume = float(req["volume"])
        steps = volume / s["volumeStep"]
        if abs(steps - round(steps)) > 1e-7 or volume < s["volumeMin"] - 1e-12 or volume > s["volumeMax"] + 1e-12:
            return result(10014, comment="Invalid volume")
        limit = kind in (self.ORDER_TYPE_BUY_LIMIT, self.ORDER_TYPE_SELL_LIMIT)
        market = s["ask"] if buy else s["bid"]
        if not price or ((price >= market) if (limit == buy) else (price <= market)):
            return result(10015, comment="Invalid price")
        side = 1 if buy else -1
        if (sl and side * (price - sl) <= 0) or (tp and side * (tp - price) <= 0):
            return result(10016, comment="Invalid stops")
        type_time = req.get("type_time", 0)
        expiration = int(req.get("expiration") or 0)
        if type_time in (self.ORDER_TIME_SPECIFIED, self.ORDER_TIME_SPECIFIED_DAY):
            if expiration <= self._server_ms(self.now_utc_ms) // 1000:
                return result(10022, comment="Invalid expiration")
        elif type_time not in (0, self.ORDER_TIME_DAY):
            return result(10022, comment="Invalid expiration")
        order = self.next_ticket
        self.next_ticket += 1
        self.orders[order] = {
            "ticket": order, "type": kind, "magic": req.get("magic", 0), "positionId": 0, "volume": volume,
            "price": price, "sl": sl, "tp": tp, "symbol": req["symbol"], "comment": req.get("comment", ""),
            "typeTime": type_time, "expiration": expiration if type_time else 0, "timeSetup": self.now_utc_ms,
            "request": req,
        }
        return result(10009, 0, order, volume, 0.0, "Request executed")

    def _remove(self, req, result):
        """TRADE_ACTION_REMOVE: a working pending order is canceled (10013 for any other ticket)."""
        o = self.orders.get(req.get("order"))
        if o is None or o["type"] not in self.PENDING_TYPES:
            return result(10013, comment="Invalid request")
        self._retire(o["ticket"], self.ORDER_STATE_CANCELED)
        return result(10009, 0, o["ticket"], o["volume"], 0.0, "Request executed")

    def _sltp(self, req, s, result):
        """TRADE_ACTION_SLTP as the server treats it: the position must exist (10036 when it does not),
        levels on the symbol's digits (10016), a stop below the bid for a long (above the ask for a short),
        a target beyond it, 0.0 for none (10016 otherwise)."""
        p = self.positions.get(req.get("position"))
        if p is None:
            return result(10036, comment="Position closed")
        sl, tp = float(req.get("sl") or 0.0), float(req.get("tp") or 0.0)
        for v in (sl, tp):
            if v and abs(round(v, s["digits"]) - v) > 1e-12:
                return result(10016, comment="Invalid stops")
        long = p["direction"] == "BUY"
        exit_price = s["bid"] if long else s["ask"]
        if (sl and (sl >= exit_price if long else sl <= exit_price)) or (tp and (tp <= exit_price if long else tp >= exit_price)):
            return result(10016, comment="Invalid stops")
        p["sl"], p["tp"] = sl, tp
        return result(10009, comment="Request executed")

    def fill_placed(self) -> None:
        """Fills the market orders order_send only placed (10008); pending orders keep waiting for their price."""
        for order, o in list(self.orders.items()):
            if o["type"] in self.PENDING_TYPES:
                continue
            del self.orders[order]
            self._fill(order, o["request"])

    def _fill(self, order: int, req: dict) -> tuple:
        s = self.symbols[req["symbol"]]
        is_buy = req["type"] == self.ORDER_TYPE_BUY
        direction = "BUY" if is_buy else "SELL"
        price = s["ask"] if is_buy else s["bid"]
        deal = self.next_deal
        self.next_deal += 1
        volume = float(req["volume"])
        p = self.positions.get(req["position"]) if "position" in req else None
        if p is None and self.margin_mode == self.ACCOUNT_MARGIN_MODE_RETAIL_NETTING:
            # netting: one position per symbol; the deal joins it and the position keeps its id
            p = next((x for x in self.positions.values() if x["symbol"] == req["symbol"]), None)
        entry = "IN"
        if p is not None and p["direction"] != direction:  # close (all or part) of a position
            entry = "OUT"
            profit = self._profit(dict(p, volume=volume))
            p["volume"] = round(p["volume"] - volume, 8)
            if p["volume"] <= 1e-9:
                del self.positions[p["ticket"]]
            position_id = p["ticket"]
        elif p is not None:  # netting: the same direction adds to the position
            profit = 0.0
            total = p["volume"] + volume
            p["openPrice"] = round((p["openPrice"] * p["volume"] + price * volume) / total, s["digits"])
            p["volume"] = round(total, 8)
            position_id = p["ticket"]
        else:
            profit = 0.0
            self.positions[order] = {
                "ticket": order, "symbol": req["symbol"], "direction": direction, "volume": volume,
                "openPrice": price, "sl": req.get("sl") or None, "tp": req.get("tp") or None, "openTime": self.now_utc_ms,
                "profit": 0.0, "comment": req.get("comment", ""), "magic": req.get("magic", 0),
            }
            position_id = order
        self.deals.append(
            {"ticket": deal, "order": order, "positionId": position_id, "symbol": req["symbol"],
             "direction": direction, "entry": entry, "volume": volume, "price": price,
             "profit": profit, "commission": 0.0, "swap": 0.0, "time": self.now_utc_ms,
             "comment": req.get("comment", ""), "magic": req.get("magic", 0)}
        )
        return deal, price


def make_fake(offset_hours: float = 0.0, **kw) -> FakeMT5:
    fake = FakeMT5(load_vectors()["fixture"], offset_hours=offset_hours, **kw)
    fake.initialize()
    return fake
