"""TradeServer.handle: malformed frames, dedupe, filling modes, credentials, protocol helpers, settings."""

from __future__ import annotations

import io
import json
import logging
import unittest

import zmq

from hydra_bridge import protocol as P
from hydra_bridge.dedupe import DedupeCache
from hydra_bridge.mt5_adapter import ORDER_FILLING_FOK, ORDER_FILLING_IOC, ORDER_FILLING_RETURN, Mt5Adapter, choose_filling
from hydra_bridge.settings import DEFAULT_PUB, DEFAULT_REP, SettingsError, load_settings
from hydra_bridge.trade_server import TradeServer

from .fake_mt5 import load_vectors, make_fake
from .helpers import ask, make_server

BUY_GOLD = {"cmd": "TRADE", "symbol": "XAUUSD", "direction": "BUY", "volume": 0.02, "sl": 2335.0, "comment": "HYDRA_Test"}


class MalformedFrames(unittest.TestCase):
    def setUp(self):
        self.server, self.fake, _ = make_server()

    def code(self, frame):
        reply = ask(self.server, frame)
        self.assertFalse(reply["ok"], reply)
        return reply["error"]["code"], reply

    def test_frames_that_are_not_a_json_object(self):
        for frame in [b"", b"{not json", b"[1,2]", b'"PING"', b"null", b"42", b"\xff\xfe\x00", b'{"cmd": NaN}',
                      b'{"cmd": "TRADE", "symbol": "XAUUSD", "direction": "BUY", "volume": Infinity}', b"[" * 100000]:
            with self.subTest(frame=frame[:40]):
                self.assertEqual(self.code(frame)[0], "BAD_REQUEST")
        self.assertEqual(self.fake.order_send_calls, [])

    def test_command_instead_of_cmd_and_unknown_commands(self):
        code, reply = self.code({"command": "PING"})
        self.assertEqual(code, "UNKNOWN_COMMAND")
        self.assertIn('"cmd", not "command"', reply["error"]["message"])
        for req in [{}, {"cmd": "ping"}, {"cmd": 1}, {"cmd": None}, {"cmd": ["PING"]}, {"cmd": "SELL_EVERYTHING", "requestId": "u1"}]:
            with self.subTest(req=req):
                self.assertEqual(self.code(req)[0], "UNKNOWN_COMMAND")
        self.assertEqual(ask(self.server, {"cmd": "NOPE", "requestId": "u1"})["requestId"], "u1")

    def test_bad_fields_are_named(self):
        cases = [
            ({"cmd": "PING", "extra": 1}, "extra"),
            ({"cmd": "TRADE", "symbol": "XAUUSD", "direction": "BUY", "volume": "1", "requestId": "x9"}, "volume"),
            ({"cmd": "TRADE", "symbol": "XAUUSD", "direction": "BUY", "volume": True}, "volume"),
            ({"cmd": "TRADE", "symbol": "XAUUSD", "direction": "BUY", "volume": 0}, "volume"),
            ({"cmd": "TRADE", "symbol": "XAUUSD", "direction": "BUY", "volume": 0.01, "sl": -1}, "sl"),
            ({"cmd": "TRADE", "symbol": "XAUUSD", "direction": "BUY", "volume": 0.01, "magic": 1.5}, "magic"),
            ({"cmd": "TRADE", "symbol": "XAUUSD", "direction": "BUY", "volume": 0.01, "comment": "x" * 65}, "comment"),
            ({"cmd": "TRADE", "symbol": "", "direction": "BUY", "volume": 0.01}, "symbol"),
            ({"cmd": "TRADE", "symbol": "X" * 33, "direction": "BUY", "volume": 0.01}, "symbol"),
            ({"cmd": "CLOSE", "ticket": 0}, "ticket"),
            ({"cmd": "CLOSE", "ticket": 5001, "volume": -0.1}, "volume"),
            ({"cmd": "CANDLES", "symbol": "XAUUSD", "timeframe": "M1", "count": 10001}, "count"),
            ({"cmd": "CANDLES", "symbol": "XAUUSD", "timeframe": "M1", "count": 0}, "count"),
            ({"cmd": "CANDLES", "symbol": "XAUUSD", "timeframe": "M1"}, "count"),
            ({"cmd": "HISTORY", "since": -1}, "since"),
            ({"cmd": "PING", "requestId": "has space"}, "requestId"),
            ({"cmd": "PING", "requestId": "x" * 25}, "requestId"),
            ({"cmd": "PING", "requestId": 7}, "requestId"),
        ]
        for req, field in cases:
            with self.subTest(req=req):
                code, reply = self.code(req)
                self.assertEqual(code, "BAD_REQUEST")
                self.assertIn(field, reply["error"]["message"])
                if isinstance(req.get("requestId"), str) and len(req["requestId"]) <= 24 and " " not in req["requestId"]:
                    self.assertEqual(reply.get("requestId"), req["requestId"])
                else:
                    self.assertNotIn("requestId", reply)  # an invalid id is never echoed
        self.assertEqual(self.fake.order_send_calls, [])

    def test_integral_floats_are_integers_as_in_json(self):
        reply = ask(self.server, {"cmd": "CANDLES", "symbol": "XAUUSD", "timeframe": "M1", "count": 1.0})
        self.assertTrue(reply["ok"], reply)
        self.assertEqual(len(reply["data"]["candles"]), 1)
        self.assertEqual(reply["data"]["candles"][0]["time"], 1716999940000)

    def test_an_adapter_that_raises_gives_an_error_reply(self):
        self.server.adapter.account_info = lambda: 1 / 0
        reply = ask(self.server, {"cmd": "ACCOUNT", "requestId": "z1"})
        self.assertEqual((reply["ok"], reply["requestId"], reply["error"]["code"]), (False, "z1", "MT5_ERROR"))
        self.assertTrue(ask(self.server, {"cmd": "PING"})["ok"])

    def test_a_disconnected_terminal_is_an_mt5_error_not_a_missing_ticket(self):
        self.fake.connected = False
        self.fake.initialized = False
        for req in [{"cmd": "CLOSE", "ticket": 5001}, {"cmd": "POSITIONS"}, {"cmd": "ACCOUNT"}]:
            with self.subTest(req=req):
                self.assertEqual(ask(self.server, req)["error"]["code"], "MT5_ERROR")
        self.assertEqual(self.fake.order_send_calls, [])
        hb = ask(self.server, {"cmd": "HEARTBEAT"})["data"]
        self.assertEqual((hb["connected"], hb["tradeAllowed"]), (False, False))

    def test_same_order_with_an_integer_volume_is_the_same_request(self):
        first = ask(self.server, {"cmd": "TRADE", "symbol": "XAUUSD", "direction": "BUY", "volume": 1, "requestId": "iv"})
        again = ask(self.server, {"cmd": "TRADE", "symbol": "XAUUSD", "direction": "BUY", "volume": 1.0, "requestId": "iv"})
        self.assertEqual(first, again)
        self.assertEqual(len(self.fake.order_send_calls), 1)

    def test_nan_in_mt5_data_still_encodes(self):
        frame = P.encode_reply(P.ok_reply({"bid": float("nan")}, "n1"))
        reply = json.loads(frame)
        self.assertEqual((reply["ok"], reply["requestId"], reply["error"]["code"]), (False, "n1", "MT5_ERROR"))


class Dedupe(unittest.TestCase):
    def setUp(self):
        self.server, self.fake, self.adapter = make_server()

    def test_a_trade_repeated_after_a_lost_reply_is_not_sent_again(self):
        req = dict(BUY_GOLD, requestId="lost1")
        first = ask(self.server, req)  # ...and the reply is lost on the way back
        self.assertTrue(first["ok"], first)
        self.assertEqual(len(self.fake.order_send_calls), 1)
        again = ask(self.server, req)
        self.assertEqual(again, first)
        self.assertEqual(len(self.fake.order_send_calls), 1)
        self.assertEqual(first["data"]["comment"], "HYDRA_Test|lost1")
        self.assertEqual(first["data"]["magic"], P.magic_of("lost1"))
        self.assertEqual(self.fake.order_send_calls[0]["magic"], P.magic_of("lost1"))

    def test_another_request_under_a_used_id_is_a_duplicate(self):
        ask(self.server, dict(BUY_GOLD, requestId="d1"))
        reply = ask(self.server, dict(BUY_GOLD, volume=0.05, requestId="d1"))
        self.assertEqual(reply["error"]["code"], "DUPLICATE")
        reply = ask(self.server, {"cmd": "CLOSE", "ticket": 5001, "requestId": "d1"})
        self.assertEqual(reply["error"]["code"], "DUPLICATE")
        self.assertEqual(len(self.fake.order_send_calls), 1)

    def test_after_a_restart_the_id_is_found_in_mt5(self):
        ask(self.server, dict(BUY_GOLD, requestId="rs1"))
        restarted = TradeServer(self.adapter, clock=self.server.clock, dedupe=DedupeCache())
        reply = ask(restarted, dict(BUY_GOLD, requestId="rs1"))
        self.assertEqual(reply["error"]["code"], "DUPLICATE", reply)
        self.assertEqual(len(self.fake.order_send_calls), 1)

    def test_an_unknown_outcome_is_10011_and_never_resent(self):
        self.fake.order_send_returns_none = True
        req = dict(BUY_GOLD, requestId="u1")
        first = ask(self.server, req)
        self.assertEqual((first["error"]["code"], first["error"]["retcode"]), ("MT5_ERROR", 10011))
        self.fake.order_send_returns_none = False
        self.assertEqual(ask(self.server, req), first)
        self.assertEqual(len(self.fake.order_send_calls), 1)
        self.fake.order_send_raises = OSError("pipe broke")
        reply = ask(self.server, dict(BUY_GOLD, requestId="u2"))
        self.assertEqual(reply["error"]["retcode"], 10011)

    def test_a_definite_rejection_is_remembered_too(self):
        req = {"cmd": "TRADE", "symbol": "EURUSD", "direction": "BUY", "volume": 0.1, "requestId": "mc1"}
        first = ask(self.server, req)
        self.assertEqual(first["error"]["retcode"], 10018)
        self.assertEqual(ask(self.server, req), first)
        self.assertEqual(len(self.fake.order_send_calls), 1)

    def test_a_close_repeated_is_not_sent_again(self):
        req = {"cmd": "CLOSE", "ticket": 5001, "volume": 0.05, "requestId": "pc1"}
        first = ask(self.server, req)
        self.assertTrue(first["ok"], first)
        self.assertEqual(ask(self.server, req), first)
        self.assertEqual(len(self.fake.order_send_calls), 1)
        pos = ask(self.server, {"cmd": "POSITIONS", "symbol": "XAUUSD"})["data"]["positions"]
        self.assertAlmostEqual(pos[0]["volume"], 0.05)
        self.assertEqual(self.fake.order_send_calls[0]["comment"], "HYDRA_close|pc1")
        self.assertEqual(ask(self.server, {"cmd": "CLOSE", "ticket": 5001, "volume": 1.0})["error"]["code"], "BAD_REQUEST")

    def test_trades_without_an_id_are_not_deduplicated(self):
        ask(self.server, BUY_GOLD)
        ask(self.server, BUY_GOLD)
        self.assertEqual(len(self.fake.order_send_calls), 2)
        self.assertEqual(self.fake.order_send_calls[0]["comment"], "HYDRA_Test")
        self.assertEqual(self.fake.order_send_calls[0]["magic"], 0)

    def test_the_cache_is_bounded_and_expires(self):
        now = [0.0]
        cache = DedupeCache(max_entries=3, ttl_s=10, clock=lambda: now[0])
        for i in range(5):
            cache.put(f"r{i}", "f", {"ok": True})
        self.assertEqual(len(cache), 3)
        self.assertIsNone(cache.get("r0"))
        self.assertIsNotNone(cache.get("r4"))
        now[0] = 11
        self.assertIsNone(cache.get("r4"))
        self.assertEqual(len(cache), 0)

    def test_history_finds_the_trade_by_its_stamped_comment(self):
        ask(self.server, dict(BUY_GOLD, requestId="h1"))
        deals = ask(self.server, {"cmd": "HISTORY", "since": 1716995000000})["data"]["deals"]
        self.assertEqual([P.request_id_of_comment(d["comment"]) for d in deals], ["h1"])
        self.assertEqual(deals[0]["magic"], P.magic_of("h1"))


class Filling(unittest.TestCase):
    def test_fok_when_allowed_else_ioc(self):
        server, fake, _ = make_server()
        fake.symbols["EURUSD"].pop("orderRetcode")
        ask(server, {"cmd": "TRADE", "symbol": "XAUUSD", "direction": "BUY", "volume": 0.01})
        r = ask(server, {"cmd": "TRADE", "symbol": "EURUSD", "direction": "SELL", "volume": 0.01})
        self.assertTrue(r["ok"], r)
        self.assertEqual(r["data"]["price"], 1.08501)
        self.assertEqual([c["type_filling"] for c in fake.order_send_calls], [ORDER_FILLING_FOK, ORDER_FILLING_IOC])

    def test_flags(self):
        self.assertEqual(choose_filling(1 | 2), ORDER_FILLING_FOK)
        self.assertEqual(choose_filling(1), ORDER_FILLING_FOK)
        self.assertEqual(choose_filling(2), ORDER_FILLING_IOC)
        self.assertEqual(choose_filling(0), ORDER_FILLING_RETURN)


LOGIN, PASSWORD, SERVER = 31415926, "s3cr3t-Pa55w0rd", "FTMO-Fake-Server"
ENV = {"FTMO_LOGIN": str(LOGIN), "FTMO_PASS": PASSWORD, "FTMO_SERVER": SERVER}


class Credentials(unittest.TestCase):
    def test_credentials_never_appear_in_a_reply_or_a_log(self):
        settings = load_settings(dict(ENV, HYDRA_BRIDGE_SYMBOLS="XAUUSD"))
        for text in (repr(settings), settings.describe()):
            for secret in settings.secrets:
                self.assertNotIn(secret, text)

        stream = io.StringIO()
        handler = logging.StreamHandler(stream)
        logger = logging.getLogger("hydra_bridge")
        old_level = logger.level
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
        try:
            fake = make_fake(login=LOGIN, password=PASSWORD, server=SERVER)
            adapter = Mt5Adapter(mt5_module=fake)
            fixture = load_vectors()["fixture"]
            server = TradeServer(adapter, clock=lambda: fixture["serverTime"], secrets=settings.secrets)
            fake.logged_in = 0  # a terminal not logged in: the bridge logs in once
            self.assertTrue(adapter.initialize(settings.login, settings.password, settings.server))
            self.assertEqual(fake.initialize_calls[-1], {"login": None, "password": None, "server": None})
            self.assertEqual(fake.login_calls, [{"login": LOGIN, "password": PASSWORD, "server": SERVER}])
            replies = [ask(server, v["request"]) for v in load_vectors()["vectors"]]
            # now a terminal that fails and (carelessly) echoes the credentials in its errors
            fake.logged_in = 0
            self.assertFalse(adapter.initialize(LOGIN, "wrong-" + PASSWORD, SERVER))
            fake.sticky_error = (-6, f"Authorization failed: {LOGIN} {PASSWORD} {SERVER}")
            fake.connected = False
            for cmd in [{"cmd": "ACCOUNT"}, {"cmd": "PRICE", "symbol": "XAUUSD"}, {"cmd": "HEARTBEAT"},
                        dict(BUY_GOLD, requestId="cr1"), {"cmd": "CLOSE", "ticket": 6001}, {"cmd": "POSITIONS"},
                        {"cmd": "HISTORY", "since": 0}, {"cmd": "CANDLES", "symbol": "XAUUSD", "timeframe": "M1", "count": 5},
                        {"cmd": "SYMBOL", "symbol": "XAUUSD"}]:
                replies.append(ask(server, cmd))
            self.assertTrue(any(not r["ok"] for r in replies[-9:]))
            self.assertFalse(replies[-7]["data"]["connected"])  # HEARTBEAT while disconnected
        finally:
            logger.removeHandler(handler)
            logger.setLevel(old_level)
        everything = json.dumps(replies) + stream.getvalue()
        self.assertIn("Authorization failed", everything)  # the error did come through, redacted
        for secret in (str(LOGIN), PASSWORD, SERVER):
            self.assertNotIn(secret, everything)
        self.assertNotIn("login", json.dumps(replies[4]))  # ACCOUNT never carries the login


class Protocol(unittest.TestCase):
    def test_order_tag_matches_the_typescript_side(self):
        c = P.stamp_comment("HYDRA_GoldLondonReversal_v2", "k3j9x0a1b2")
        self.assertEqual(len(c), P.MT5_COMMENT_MAX)
        self.assertTrue(c.endswith("|k3j9x0a1b2"))
        self.assertEqual(P.request_id_of_comment(c), "k3j9x0a1b2")
        self.assertEqual(P.stamp_comment("HYDRA_GoldLondon", "t1"), "HYDRA_GoldLondon|t1")
        self.assertEqual(P.stamp_comment("x", "a" * 24), "x|" + "a" * 24)
        self.assertIsNone(P.request_id_of_comment("manual trade"))
        self.assertEqual(P.magic_of("t1"), 138734806)
        self.assertEqual(P.magic_of("r1"), 206831020)
        self.assertNotEqual(P.magic_of("t1"), P.magic_of("t2"))
        self.assertLess(P.magic_of("a-very-long-request-id-x"), 2**31)
        with self.assertRaises(ValueError):
            P.stamp_comment("x", "a" * 31)

    def test_error_envelope(self):
        self.assertEqual(P.error_reply("MT5_ERROR", "m", "r", 10018),
                         {"ok": False, "requestId": "r", "error": {"code": "MT5_ERROR", "message": "m", "retcode": 10018}})
        self.assertEqual(P.ok_reply({"a": 1}), {"ok": True, "data": {"a": 1}})
        self.assertTrue(P.definitely_rejected(10018))
        self.assertFalse(P.definitely_rejected(10031))
        self.assertFalse(P.definitely_rejected(10009))


class Settings(unittest.TestCase):
    def test_defaults(self):
        s = load_settings({})
        self.assertEqual((s.rep_addr, s.pub_addr, s.symbols, s.server_offset_hours, s.curve, s.login),
                         (DEFAULT_REP, DEFAULT_PUB, (), 0.0, None, None))
        s = load_settings(dict(ENV, HYDRA_BRIDGE_SYMBOLS=" XAUUSD, EURUSD,,US30.cash ", HYDRA_BRIDGE_SERVER_OFFSET_HOURS="3"))
        self.assertEqual((s.symbols, s.server_offset_hours, s.login), (("XAUUSD", "EURUSD", "US30.cash"), 3.0, LOGIN))

    def bad(self, env, variable):
        with self.assertRaises(SettingsError) as cm:
            load_settings(env)
        self.assertIn(variable, str(cm.exception))
        for secret in ENV.values():
            self.assertNotIn(secret, str(cm.exception))

    def test_bad_values_name_the_variable(self):
        self.bad({"HYDRA_BRIDGE_SERVER_OFFSET_HOURS": "EET"}, "HYDRA_BRIDGE_SERVER_OFFSET_HOURS")
        self.bad({"HYDRA_BRIDGE_SERVER_OFFSET_HOURS": "30"}, "HYDRA_BRIDGE_SERVER_OFFSET_HOURS")
        self.bad({"HYDRA_BRIDGE_REP": "localhost:5555"}, "HYDRA_BRIDGE_REP")
        self.bad({"HYDRA_BRIDGE_PUB": DEFAULT_REP}, "HYDRA_BRIDGE_PUB")
        self.bad({"HYDRA_BRIDGE_SYMBOLS": "XAUUSD,bad symbol"}, "HYDRA_BRIDGE_SYMBOLS")
        self.bad(dict(ENV, FTMO_LOGIN="x" + PASSWORD), "FTMO_LOGIN")
        self.bad({"FTMO_LOGIN": str(LOGIN), "FTMO_PASS": PASSWORD}, "FTMO_SERVER")
        self.bad({"HYDRA_BRIDGE_CURVE_SECRET_KEY": "short"}, "HYDRA_BRIDGE_CURVE_SECRET_KEY")

    @unittest.skipUnless(zmq.has("curve"), "libzmq without CURVE")
    def test_curve(self):
        spub, ssec = zmq.curve_keypair()
        cpub, _ = zmq.curve_keypair()
        other, _ = zmq.curve_keypair()
        env = {"HYDRA_BRIDGE_CURVE_SECRET_KEY": ssec.decode(), "HYDRA_BRIDGE_CURVE_PUBLIC_KEY": spub.decode(),
               "HYDRA_BRIDGE_CURVE_CLIENTS": f"{cpub.decode()}, {other.decode()}"}
        s = load_settings(env)
        self.assertEqual(s.curve.clients, frozenset({cpub, other}))
        self.assertNotIn(ssec.decode(), repr(s))
        self.bad(dict(env, HYDRA_BRIDGE_CURVE_PUBLIC_KEY=other.decode()), "HYDRA_BRIDGE_CURVE_PUBLIC_KEY")
        self.bad(dict(env, HYDRA_BRIDGE_CURVE_CLIENTS=""), "HYDRA_BRIDGE_CURVE_CLIENTS")
        self.bad(dict(env, HYDRA_BRIDGE_CURVE_CLIENTS="nope"), "HYDRA_BRIDGE_CURVE_CLIENTS")


if __name__ == "__main__":
    unittest.main()
