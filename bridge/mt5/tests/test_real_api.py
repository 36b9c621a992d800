"""The bridge against the real MetaTrader5 API's behaviour (issue 10, item 8), reproduced in the fake module:
calls that return None with a last_error(), netting position ids, execution modes and filling policies,
retcode 10008, trade modes, terminal_info() flags, DST switches of the server clock."""

from __future__ import annotations

import threading
import unittest

from hydra_bridge import protocol as P
from hydra_bridge.dedupe import DedupeCache
from hydra_bridge.mt5_adapter import (
    ORDER_FILLING_FOK,
    ORDER_FILLING_IOC,
    ORDER_FILLING_RETURN,
    SYMBOL_TRADE_EXECUTION_EXCHANGE,
    SYMBOL_TRADE_EXECUTION_INSTANT,
    SYMBOL_TRADE_EXECUTION_MARKET,
    SYMBOL_TRADE_EXECUTION_REQUEST,
    Mt5Adapter,
    choose_filling,
)
from hydra_bridge.price_streamer import PriceStreamer
from hydra_bridge.server_clock import ServerOffset
from hydra_bridge.trade_server import TradeServer, round_price, round_volume

from .fake_mt5 import load_vectors, make_fake
from .helpers import ask, make_server

HOUR = 3_600_000
BUY_GOLD = {"cmd": "TRADE", "symbol": "XAUUSD", "direction": "BUY", "volume": 0.02, "sl": 2335.0, "comment": "HYDRA_Test"}


def restarted(server: TradeServer) -> TradeServer:
    """The same MT5, a new bridge process: an empty dedupe cache."""
    return TradeServer(server.adapter, clock=server.clock, dedupe=DedupeCache())


class DuplicateCheckAfterARestart(unittest.TestCase):
    def setUp(self):
        self.server, self.fake, self.adapter = make_server()

    def test_a_trade_is_refused_when_mt5_cannot_answer_the_check(self):
        # positions_get / orders_get / history_deals_get return None with a last_error(): the check cannot finish
        for call, err in [("positions_get", (-10005, "IPC timeout")), ("orders_get", (-10005, "IPC timeout")),
                          ("history_deals_get", (-1, "Terminal: Call failed"))]:
            with self.subTest(call=call):
                server = restarted(self.server)
                self.fake.fail = {call: err}
                reply = ask(server, dict(BUY_GOLD, requestId=f"f-{call}"[:24]))
                self.assertFalse(reply["ok"], reply)
                self.assertEqual(reply["error"]["code"], "MT5_ERROR")
                self.assertNotIn("retcode", reply["error"])  # nothing was sent: no trade server retcode
                self.assertIn("nothing sent", reply["error"]["message"])
                self.assertEqual(self.fake.order_send_calls, [])
                # not remembered: once MT5 answers, the same request is checked again and goes through
                self.fake.fail = {}
                again = ask(server, dict(BUY_GOLD, requestId=f"f-{call}"[:24]))
                self.assertTrue(again["ok"], again)
                self.fake.order_send_calls.clear()

    def test_history_without_deals_is_not_a_failure(self):
        # MT5 answers None with last_error() (1, "Success") when there is simply nothing: the check finishes
        self.fake.deals = []
        self.fake.fail = {"history_deals_get": (1, "Success")}
        reply = ask(restarted(self.server), dict(BUY_GOLD, requestId="empty1"))
        self.assertTrue(reply["ok"], reply)

    def test_a_placed_order_carrying_the_id_is_a_duplicate(self):
        self.fake.place_only = True
        self.server.fill_wait_s = 0.0
        first = ask(self.server, dict(BUY_GOLD, requestId="pl1"))
        self.assertTrue(first["ok"], first)
        reply = ask(restarted(self.server), dict(BUY_GOLD, requestId="pl1"))
        self.assertEqual(reply["error"]["code"], "DUPLICATE", reply)
        self.assertEqual(len(self.fake.order_send_calls), 1)

    def test_a_retried_partial_close_is_found_by_its_stamped_comment(self):
        req = {"cmd": "CLOSE", "ticket": 5001, "volume": 0.05, "requestId": "pc9"}
        self.assertTrue(ask(self.server, req)["ok"])
        reply = ask(restarted(self.server), req)  # the reply was lost, the bridge restarted, the client retries
        self.assertEqual(reply["error"]["code"], "DUPLICATE", reply)
        self.assertEqual(len(self.fake.order_send_calls), 1)
        self.assertAlmostEqual(self.fake.positions[5001]["volume"], 0.05)  # closed once, not twice

    def test_a_close_is_refused_when_the_check_cannot_finish(self):
        self.fake.fail = {"history_deals_get": (-10004, "No IPC connection")}
        reply = ask(restarted(self.server), {"cmd": "CLOSE", "ticket": 5001, "volume": 0.05, "requestId": "pc10"})
        self.assertEqual(reply["error"]["code"], "MT5_ERROR", reply)
        self.assertEqual(self.fake.order_send_calls, [])


class PositionIdFromTheDeal(unittest.TestCase):
    def test_hedging_the_position_is_the_opening_order(self):
        server, fake, _ = make_server()
        data = ask(server, dict(BUY_GOLD, requestId="h1"))["data"]
        self.assertEqual((data["ticket"], data["order"]), (6001, 6001))
        self.assertIn(6001, fake.positions)

    def test_netting_a_deal_joins_the_symbols_position_and_keeps_its_id(self):
        server, fake, _ = make_server()
        fake.margin_mode = fake.ACCOUNT_MARGIN_MODE_RETAIL_NETTING
        data = ask(server, dict(BUY_GOLD, requestId="n1"))["data"]
        self.assertEqual((data["ticket"], data["order"]), (5001, 6001))  # the position id, not the order ticket
        pos = ask(server, {"cmd": "POSITIONS"})["data"]["positions"]
        self.assertEqual([(p["ticket"], round(p["volume"], 8)) for p in pos], [(5001, 0.12)])
        # a CLOSE by the reported ticket finds the position
        self.assertTrue(ask(server, {"cmd": "CLOSE", "ticket": data["ticket"], "requestId": "n2"})["ok"])

    def test_netting_when_the_history_lags_the_trade_result(self):
        server, fake, adapter = make_server()
        fake.margin_mode = fake.ACCOUNT_MARGIN_MODE_RETAIL_NETTING
        server.fill_wait_s = 0.0
        adapter.deals_of_order = lambda order: []  # the deal is not in the terminal's history yet
        data = ask(server, dict(BUY_GOLD, requestId="n3"))["data"]
        self.assertEqual(data["ticket"], 5001)


class FillingByExecutionMode(unittest.TestCase):
    def test_choose_filling(self):
        for exe in (SYMBOL_TRADE_EXECUTION_REQUEST, SYMBOL_TRADE_EXECUTION_INSTANT):
            for flags in (0, 1, 2, 3):
                self.assertEqual(choose_filling(flags, exe), ORDER_FILLING_FOK, (flags, exe))
        for exe in (SYMBOL_TRADE_EXECUTION_MARKET, SYMBOL_TRADE_EXECUTION_EXCHANGE):
            self.assertEqual(choose_filling(3, exe), ORDER_FILLING_FOK)
            self.assertEqual(choose_filling(2, exe), ORDER_FILLING_IOC)
            self.assertEqual(choose_filling(0, exe), ORDER_FILLING_RETURN)

    def test_instant_execution_is_fill_or_kill_whatever_the_flags(self):
        server, fake, _ = make_server()
        fake.symbols["EURUSD"].pop("orderRetcode")
        fake.symbols["EURUSD"]["exeMode"] = "INSTANT"  # flags say IOC only; the server accepts only FOK
        reply = ask(server, {"cmd": "TRADE", "symbol": "EURUSD", "direction": "BUY", "volume": 0.1})
        self.assertTrue(reply["ok"], reply)
        self.assertEqual(fake.order_send_calls[-1]["type_filling"], ORDER_FILLING_FOK)
        fake.symbols["EURUSD"]["exeMode"] = "REQUEST"
        fake.symbols["EURUSD"]["fillingModes"] = []
        self.assertTrue(ask(server, {"cmd": "TRADE", "symbol": "EURUSD", "direction": "BUY", "volume": 0.1})["ok"])
        self.assertEqual(fake.order_send_calls[-1]["type_filling"], ORDER_FILLING_FOK)

    def test_return_only_under_market_or_exchange_execution(self):
        server, fake, _ = make_server()
        fake.symbols["EURUSD"].pop("orderRetcode")
        fake.symbols["EURUSD"].update(exeMode="EXCHANGE", fillingModes=[])
        reply = ask(server, {"cmd": "TRADE", "symbol": "EURUSD", "direction": "SELL", "volume": 0.1})
        self.assertTrue(reply["ok"], reply)
        self.assertEqual(fake.order_send_calls[-1]["type_filling"], ORDER_FILLING_RETURN)


class Placed10008(unittest.TestCase):
    def test_placed_is_accepted_and_the_deal_is_awaited(self):
        server, fake, _ = make_server()
        fake.place_only = True
        server._sleep = lambda s: fake.fill_placed()  # the deal arrives while the bridge waits for it
        reply = ask(server, dict(BUY_GOLD, requestId="p8"))
        self.assertTrue(reply["ok"], reply)
        d = reply["data"]
        self.assertEqual((d["retcode"], d["ticket"], d["order"], d["price"], d["volume"]), (10008, 6001, 6001, 2345.3, 0.02))
        self.assertEqual(ask(server, dict(BUY_GOLD, requestId="p8")), reply)  # remembered as executed
        self.assertEqual(len(fake.order_send_calls), 1)

    def test_placed_without_a_deal_yet_is_still_not_a_rejection(self):
        server, fake, _ = make_server()
        fake.place_only = True
        server.fill_wait_s = 0.05
        reply = ask(server, dict(BUY_GOLD, requestId="p9"))
        self.assertTrue(reply["ok"], reply)
        self.assertEqual((reply["data"]["retcode"], reply["data"]["ticket"]), (10008, 6001))
        self.assertFalse(P.definitely_rejected(10008))


class _IntrudingLock:
    """The adapter's lock, but when it is released another thread's MT5 call gets in first and overwrites the
    process-wide last_error() (as the streamer's calls do in the real terminal)."""

    def __init__(self, fake):
        self.fake, self.lock, self.depth = fake, threading.RLock(), 0

    def __enter__(self):
        self.lock.acquire()
        self.depth += 1
        return self

    def __exit__(self, *exc):
        self.depth -= 1
        if self.depth == 0:
            self.fake.error = (1, "Success")
        self.lock.release()
        return False


class LastErrorUnderTheLock(unittest.TestCase):
    def test_the_error_of_the_failed_call_is_reported_not_another_threads(self):
        server, fake, adapter = make_server()
        adapter._lock = _IntrudingLock(fake)
        fake.fail = {"symbol_info_tick": (-4, "Terminal: Not found")}
        reply = ask(server, {"cmd": "PRICE", "symbol": "XAUUSD"})
        self.assertIn("Terminal: Not found (-4)", reply["error"]["message"])
        fake.fail = {}
        fake.order_send_returns_none = True
        reply = ask(server, dict(BUY_GOLD, requestId="le1"))
        self.assertEqual(reply["error"]["retcode"], 10011)
        self.assertIn("No IPC connection -10004", reply["error"]["message"])


class AttachWithoutLoggingInAgain(unittest.TestCase):
    LOGIN, PASSWORD, SERVER = 27182818, "pa55-for-the-test", "Fake-Server-1"

    def test_the_trade_server_attaches_to_a_terminal_logged_in_to_the_account(self):
        fake = make_fake(login=self.LOGIN, password=self.PASSWORD, server=self.SERVER)
        adapter = Mt5Adapter(mt5_module=fake, reconnect_every_s=0)
        self.assertTrue(adapter.initialize(self.LOGIN, self.PASSWORD, self.SERVER))
        self.assertEqual(fake.initialize_calls[-1], {"login": None, "password": None, "server": None})
        self.assertEqual(fake.login_calls, [])
        # the terminal goes away and comes back: attach again, still no login
        fake.initialized = False
        self.assertTrue(adapter.ensure_connected())
        self.assertEqual([c["login"] for c in fake.initialize_calls], [None, None, None])
        self.assertEqual(fake.login_calls, [])
        # a terminal logged in to another account: log in once
        fake.logged_in = 99
        self.assertTrue(adapter.initialize())
        self.assertEqual(len(fake.login_calls), 1)

    def test_the_streamer_never_reinitialises_because_of_a_symbol_error(self):
        fake = make_fake()
        adapter = Mt5Adapter(mt5_module=fake, reconnect_every_s=0)
        adapter.initialize()
        streamer = PriceStreamer(adapter, ["XAUUSD", "DOGEUSD"], clock=lambda: fake.now_utc_ms)
        for _ in range(5):
            streamer.step()
        self.assertIn("DOGEUSD", streamer._failing)
        self.assertEqual(len(fake.initialize_calls), 2)  # make_fake's and the adapter's: none since
        fake.initialized = False  # the terminal itself went away: attach again, without credentials
        streamer.step()
        self.assertEqual(len(fake.initialize_calls), 3)
        self.assertEqual(fake.initialize_calls[-1]["login"], None)
        self.assertEqual(fake.login_calls, [])


class ServerOffsetAcrossDst(unittest.TestCase):
    def test_fresh_ticks_switch_the_offset_stale_ones_do_not(self):
        fixture = load_vectors()["fixture"]
        now = [fixture["serverTime"]]
        fake = make_fake(offset_hours=2)
        adapter = Mt5Adapter(mt5_module=fake, server_offset_hours=2, clock=lambda: now[0])
        self.assertFalse(adapter.offset.measured)

        def tick(step_ms=1000, bid=None):
            now[0] += step_ms
            fake.now_utc_ms = now[0]
            fake.set_tick("XAUUSD", bid or fake.symbols["XAUUSD"]["bid"] + 0.01, fake.symbols["XAUUSD"]["ask"] + 0.01)
            return adapter.symbol_info_tick("XAUUSD")

        tick()
        tick()
        self.assertTrue(adapter.offset.measured)
        self.assertEqual(adapter.offset_ms, 2 * HOUR)
        fake.offset_ms = 3 * HOUR  # the broker's clock moved to summer time
        t = tick()
        self.assertEqual(adapter.offset_ms, 2 * HOUR)  # one tick is not enough
        self.assertEqual(t["time"], now[0] + HOUR)  # (converted with the old offset: an hour ahead)
        tick()
        t = tick()
        self.assertEqual(adapter.offset_ms, 3 * HOUR)
        t = tick()
        self.assertEqual(t["time"], now[0])
        # positions and deals are converted with it too
        pos = adapter.positions_get(ticket=5001)[0]
        self.assertEqual(pos["openTime"], fixture["positions"][0]["openTime"])

    def test_unchanged_or_late_or_old_ticks_are_not_measurements(self):
        now = [10 * HOUR]
        off = ServerOffset(2 * HOUR, clock=lambda: now[0])
        srv = lambda utc: utc + 3 * HOUR  # noqa: E731 - the server is on UTC+3, the setting says 2
        off.observe("X", srv(now[0]))
        for _ in range(5):  # the same tick again and again (a closed market)
            now[0] += 1000
            off.observe("X", srv(10 * HOUR))
        self.assertEqual(off.ms, 2 * HOUR)
        for i in range(5):  # a changed tick, but looked at only every minute: could be old
            now[0] += 60_000
            off.observe("X", srv(now[0]))
        self.assertEqual(off.ms, 2 * HOUR)
        for i in range(5):  # fresh looks, but the ticks are 7 minutes old: not near a whole quarter hour
            now[0] += 1000
            off.observe("X", srv(now[0] - 7 * 60_000 + i))
        self.assertEqual(off.ms, 2 * HOUR)
        for i in range(3):
            now[0] += 1000
            off.observe("X", srv(now[0] - 150))  # fresh, 150 ms of latency
        self.assertEqual(off.ms, 3 * HOUR)
        self.assertTrue(off.measured)

    def test_the_heartbeat_reports_the_offset(self):
        server, fake, adapter = make_server(offset_hours=3)
        hb = ask(server, {"cmd": "HEARTBEAT"})["data"]
        self.assertEqual((hb["serverOffsetMs"], hb["serverOffsetMeasured"]), (3 * HOUR, False))


class RoundingToTheSymbol(unittest.TestCase):
    def test_helpers(self):
        self.assertEqual(round_price(2335.004, 2, 0.01), 2335.0)
        self.assertEqual(round_price(1.085014999, 5, 0.00001), 1.08501)
        self.assertEqual(round_price(38123.4, 2, 0.25), 38123.5)  # an index quoted in quarter points
        self.assertEqual(round_price(0.0, 2, 0.01), 0.0)
        self.assertEqual(round_volume(0.027, 0.01), 0.02)
        self.assertEqual(round_volume(0.03, 0.01), 0.03)  # 0.03 / 0.01 = 2.9999999999999996
        self.assertEqual(round_volume(1.0, 0.1), 1.0)
        self.assertEqual(round_volume(7, 1.0), 7.0)

    def test_sl_tp_and_volume_are_normalised_before_sending(self):
        server, fake, adapter = make_server()
        raw = {"symbol": "XAUUSD", "volume": 0.027, "type": 0, "price": 2345.3, "sl": 2335.004, "deviation": 20,
               "magic": 0, "comment": ""}
        self.assertEqual(adapter.order_send(raw)["retcode"], 10016)  # what MT5 says to unnormalised stops
        self.assertEqual(adapter.order_send(dict(raw, sl=2335.0))["retcode"], 10014)  # ...and to a volume off-step
        fake.order_send_calls.clear()
        reply = ask(server, dict(BUY_GOLD, volume=0.027, sl=2335.004, tp=2365.0049, requestId="rd1"))
        self.assertTrue(reply["ok"], reply)
        sent = fake.order_send_calls[-1]
        self.assertEqual((sent["volume"], sent["sl"], sent["tp"]), (0.02, 2335.0, 2365.0))
        self.assertEqual(reply["data"]["volume"], 0.02)

    def test_a_volume_below_the_minimum_after_rounding_is_a_bad_request(self):
        server, fake, _ = make_server()
        reply = ask(server, dict(BUY_GOLD, volume=0.004))
        self.assertEqual(reply["error"]["code"], "BAD_REQUEST")
        self.assertIn("volume", reply["error"]["message"])
        reply = ask(server, {"cmd": "CLOSE", "ticket": 5001, "volume": 0.004})
        self.assertEqual(reply["error"]["code"], "BAD_REQUEST")
        self.assertEqual(fake.order_send_calls, [])


class SymbolTradeModes(unittest.TestCase):
    def test_long_short_and_close_only(self):
        server, fake, _ = make_server()
        gold = fake.symbols["XAUUSD"]
        cases = [("LONG_ONLY", "SELL", 10042), ("SHORT_ONLY", "BUY", 10043), ("CLOSE_ONLY", "BUY", 10044),
                 ("CLOSE_ONLY", "SELL", 10044), ("DISABLED", "BUY", 10017)]
        for mode, direction, retcode in cases:
            with self.subTest(mode=mode, direction=direction):
                gold["tradeMode"] = mode
                spec = ask(server, {"cmd": "SYMBOL", "symbol": "XAUUSD"})["data"]
                self.assertEqual((spec["tradeAllowed"], spec["tradeMode"]), (False, mode))
                reply = ask(server, dict(BUY_GOLD, direction=direction))
                self.assertEqual((reply["error"]["code"], reply["error"]["retcode"]), ("MT5_ERROR", retcode), reply)
                self.assertTrue(P.definitely_rejected(retcode))
        self.assertEqual(fake.order_send_calls, [])
        gold["tradeMode"] = "LONG_ONLY"
        self.assertTrue(ask(server, dict(BUY_GOLD, direction="BUY"))["ok"])
        gold["tradeMode"] = "CLOSE_ONLY"  # closing stays allowed
        self.assertTrue(ask(server, {"cmd": "CLOSE", "ticket": 5001})["ok"])
        gold["tradeMode"] = "FULL"
        spec = ask(server, {"cmd": "SYMBOL", "symbol": "XAUUSD"})["data"]
        self.assertEqual((spec["tradeAllowed"], spec["tradeMode"]), (True, "FULL"))


class TerminalStateInTheHeartbeat(unittest.TestCase):
    def test_trade_api_state(self):
        server, fake, _ = make_server()
        hb = ask(server, {"cmd": "HEARTBEAT"})["data"]
        self.assertEqual(hb["terminal"], {"connected": True, "tradeAllowed": True, "tradeApiDisabled": False})
        self.assertTrue(hb["tradeAllowed"])
        for key, value, connected in [("tradeapi_disabled", True, True), ("trade_allowed", False, True),
                                      ("connected", False, False)]:
            with self.subTest(key=key):
                fake.terminal = {"connected": True, "trade_allowed": True, "tradeapi_disabled": False, key: value}
                hb = ask(server, {"cmd": "HEARTBEAT"})["data"]
                self.assertFalse(hb["tradeAllowed"], hb)
                self.assertEqual(hb["connected"], connected)
                want = {"tradeapi_disabled": "tradeApiDisabled", "trade_allowed": "tradeAllowed"}.get(key, key)
                self.assertEqual(hb["terminal"][want], value)
        fake.terminal = {"connected": True, "trade_allowed": True, "tradeapi_disabled": True}
        self.assertFalse(ask(server, {"cmd": "ACCOUNT"})["data"]["tradeAllowed"])


if __name__ == "__main__":
    unittest.main()
