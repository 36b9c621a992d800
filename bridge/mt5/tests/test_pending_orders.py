"""Pending orders (ORDER, CANCEL, ORDERS) against the fake MetaTrader5 module: TRADE_ACTION_PENDING with the
symbol's rounding, expiry in server time, triggering on price into a deal, TRADE_ACTION_REMOVE, and the same
no-duplicate guarantees as TRADE (the dedupe cache, and MT5's own orders after a restart)."""

from __future__ import annotations

import unittest

from hydra_bridge import protocol as P
from hydra_bridge.dedupe import DedupeCache
from hydra_bridge.price_streamer import DEAL_TOPIC, PriceStreamer
from hydra_bridge.trade_server import TradeServer

from .fake_mt5 import load_vectors
from .helpers import ask, make_server

NOW = load_vectors()["fixture"]["serverTime"]  # XAUUSD 2345.10 / 2345.30
HOUR = 3_600_000
BUY_LIMIT = {"cmd": "ORDER", "symbol": "XAUUSD", "direction": "BUY", "kind": "LIMIT", "volume": 0.02, "price": 2330.0,
             "sl": 2320.0, "tp": 2360.0, "comment": "HYDRA_Test"}


def restarted(server: TradeServer) -> TradeServer:
    """The same MT5, a new bridge process: an empty dedupe cache."""
    return TradeServer(server.adapter, clock=server.clock, dedupe=DedupeCache())


def pending_sends(fake) -> list:
    return [c for c in fake.order_send_calls if c.get("action") == fake.TRADE_ACTION_PENDING]


class Placing(unittest.TestCase):
    def setUp(self):
        self.server, self.fake, self.adapter = make_server()

    def test_each_kind_and_direction_is_its_mt5_order_type(self):
        cases = [("BUY", "LIMIT", 2330.0, 2), ("SELL", "LIMIT", 2360.0, 3), ("BUY", "STOP", 2360.0, 4),
                 ("SELL", "STOP", 2330.0, 5)]
        for i, (direction, kind, price, mt5_type) in enumerate(cases):
            with self.subTest(direction=direction, kind=kind):
                req = {"cmd": "ORDER", "symbol": "XAUUSD", "direction": direction, "kind": kind, "volume": 0.01,
                       "price": price, "requestId": f"k{i}"}
                reply = ask(self.server, req)
                self.assertTrue(reply["ok"], reply)
                sent = pending_sends(self.fake)[-1]
                self.assertEqual((sent["type"], sent["type_time"]), (mt5_type, 0))  # good till cancelled
                self.assertNotIn("expiration", sent)
        listed = ask(self.server, {"cmd": "ORDERS"})["data"]["orders"]
        self.assertEqual([(o["direction"], o["kind"]) for o in listed], [(d, k) for d, k, _, _ in cases])

    def test_price_stops_and_volume_on_the_symbols_grid_and_the_expiry_in_server_time(self):
        server, fake, _ = make_server(offset_hours=3.0)
        reply = ask(server, dict(BUY_LIMIT, price=2330.004, sl=2319.996, tp=2360.011, volume=0.029,
                                 expiry=NOW + HOUR + 999, requestId="g1"))
        self.assertTrue(reply["ok"], reply)
        self.assertEqual((reply["data"]["price"], reply["data"]["volume"]), (2330.0, 0.02))
        sent = pending_sends(fake)[0]
        self.assertEqual((sent["price"], sent["sl"], sent["tp"], sent["volume"]), (2330.0, 2320.0, 2360.01, 0.02))
        self.assertEqual(sent["type_time"], fake.ORDER_TIME_SPECIFIED)
        # to the second, rounded down, on the broker's clock (UTC+3)
        self.assertEqual(sent["expiration"], (NOW + HOUR + 3 * HOUR) // 1000)
        [listed] = ask(server, {"cmd": "ORDERS"})["data"]["orders"]
        self.assertEqual(listed["expiry"], NOW + HOUR)  # back in UTC
        self.assertEqual((listed["time"], listed["comment"], listed["magic"]), (NOW, "HYDRA_Test|g1", P.magic_of("g1")))

    def test_mt5_refusals_are_passed_through_and_the_trade_mode_is_checked_first(self):
        code = lambda r: (r["error"]["code"], r["error"].get("retcode"))  # noqa: E731
        self.assertEqual(code(ask(self.server, dict(BUY_LIMIT, price=2346.0, requestId="bad1"))), ("MT5_ERROR", 10015))
        self.assertEqual(code(ask(self.server, dict(BUY_LIMIT, sl=2331.0, requestId="bad2"))), ("MT5_ERROR", 10016))
        self.assertEqual(code(ask(self.server, dict(BUY_LIMIT, expiry=NOW - 1000, requestId="bad3"))), ("MT5_ERROR", 10022))
        self.assertEqual(len(pending_sends(self.fake)), 3)
        self.fake.symbols["XAUUSD"]["tradeMode"] = "LONG_ONLY"
        sell = dict(BUY_LIMIT, direction="SELL", price=2360.0, sl=2370.0, tp=2350.0, requestId="bad4")
        self.assertEqual(code(ask(self.server, sell)), ("MT5_ERROR", 10042))
        self.assertEqual(len(pending_sends(self.fake)), 3)  # refused before sending
        self.assertEqual(ask(self.server, dict(BUY_LIMIT, volume=0.001))["error"]["code"], "BAD_REQUEST")
        self.assertEqual(ask(self.server, {"cmd": "ORDERS"})["data"]["orders"], [])

    def test_orders_lists_only_working_limit_and_stop_orders(self):
        self.fake.place_only = True  # a market order placed (10008), not filled yet: active, but not pending
        self.server.fill_wait_s = 0.0
        self.assertTrue(ask(self.server, {"cmd": "TRADE", "symbol": "XAUUSD", "direction": "BUY", "volume": 0.01})["ok"])
        self.assertTrue(ask(self.server, dict(BUY_LIMIT, requestId="w1"))["ok"])
        self.assertEqual(len(self.fake.orders), 2)
        listed = ask(self.server, {"cmd": "ORDERS", "symbol": "XAUUSD"})["data"]["orders"]
        self.assertEqual([o["comment"] for o in listed], ["HYDRA_Test|w1"])
        self.assertEqual(ask(self.server, {"cmd": "ORDERS", "symbol": "EURUSD"})["data"]["orders"], [])


class TriggeringAndExpiry(unittest.TestCase):
    def setUp(self):
        self.server, self.fake, self.adapter = make_server()

    def test_a_limit_reached_fills_as_a_deal_of_the_pending_order_and_the_streamer_publishes_it(self):
        streamer = PriceStreamer(self.adapter, ["XAUUSD"], clock=lambda: NOW)
        streamer.poll_account_events(beat=False)  # the history before the order is not republished
        ticket = ask(self.server, dict(BUY_LIMIT, requestId="f1"))["data"]["order"]
        self.fake.set_tick("XAUUSD", 2331.0, 2331.2)  # not yet: the ask is above the limit
        self.assertEqual(len(ask(self.server, {"cmd": "ORDERS"})["data"]["orders"]), 1)
        self.fake.set_tick("XAUUSD", 2329.8, 2330.0)
        self.assertEqual(ask(self.server, {"cmd": "ORDERS"})["data"]["orders"], [])
        [pos] = [p for p in ask(self.server, {"cmd": "POSITIONS"})["data"]["positions"] if p["ticket"] == ticket]
        self.assertEqual((pos["direction"], pos["volume"], pos["sl"], pos["tp"]), ("BUY", 0.02, 2320.0, 2360.0))
        deals = [m["deal"] for t, m in streamer.poll_account_events(beat=False) if t == DEAL_TOPIC]
        self.assertEqual(len(deals), 1)
        self.assertEqual((deals[0]["order"], deals[0]["positionId"], deals[0]["entry"]), (ticket, ticket, "IN"))
        self.assertEqual((deals[0]["price"], deals[0]["comment"]), (2330.0, "HYDRA_Test|f1"))

    def test_a_stop_triggers_when_the_market_goes_through_it(self):
        sell_stop = dict(BUY_LIMIT, direction="SELL", kind="STOP", price=2340.0, sl=2350.0, tp=2320.0, requestId="s1")
        ticket = ask(self.server, sell_stop)["data"]["order"]
        self.fake.set_tick("XAUUSD", 2339.9, 2340.1)
        deal = self.fake.deals[-1]
        self.assertEqual((deal["order"], deal["direction"], deal["price"]), (ticket, "SELL", 2339.9))

    def test_an_expired_order_leaves_without_a_deal(self):
        ticket = ask(self.server, dict(BUY_LIMIT, expiry=NOW + HOUR, requestId="e1"))["data"]["order"]
        deals = len(self.fake.deals)
        self.fake.set_tick("XAUUSD", 2345.0, 2345.2, NOW + HOUR - 1000)
        self.assertEqual(len(ask(self.server, {"cmd": "ORDERS"})["data"]["orders"]), 1)
        self.fake.set_tick("XAUUSD", 2329.0, 2329.2, NOW + HOUR)  # at its expiry: gone, even at its price
        self.assertEqual(ask(self.server, {"cmd": "ORDERS"})["data"]["orders"], [])
        self.assertEqual(len(self.fake.deals), deals)
        [done] = self.fake.history_orders
        self.assertEqual((done["ticket"], done["state"]), (ticket, self.fake.ORDER_STATE_EXPIRED))


class Cancelling(unittest.TestCase):
    def setUp(self):
        self.server, self.fake, self.adapter = make_server()
        self.ticket = ask(self.server, dict(BUY_LIMIT, requestId="c1"))["data"]["order"]

    def test_cancel_removes_it_and_a_resend_finds_it_gone(self):
        reply = ask(self.server, {"cmd": "CANCEL", "order": self.ticket, "requestId": "x1"})
        self.assertEqual(reply["data"], {"order": self.ticket, "retcode": 10009})
        removes = [c for c in self.fake.order_send_calls if c.get("action") == self.fake.TRADE_ACTION_REMOVE]
        self.assertEqual(removes, [{"action": 8, "order": self.ticket}])
        again = ask(self.server, {"cmd": "CANCEL", "order": self.ticket, "requestId": "x1"})
        self.assertEqual((again["ok"], again["error"]["code"]), (False, "NOT_FOUND"))
        self.assertEqual(len(self.fake.order_send_calls), 2)  # the ORDER and one REMOVE
        self.assertEqual(ask(self.server, {"cmd": "ORDERS"})["data"]["orders"], [])
        self.assertEqual(self.fake.history_orders[0]["state"], self.fake.ORDER_STATE_CANCELED)

    def test_a_filled_order_or_a_position_ticket_cannot_be_cancelled(self):
        self.fake.set_tick("XAUUSD", 2329.8, 2330.0)
        self.assertEqual(ask(self.server, {"cmd": "CANCEL", "order": self.ticket})["error"]["code"], "NOT_FOUND")
        self.assertEqual(ask(self.server, {"cmd": "CANCEL", "order": 5001})["error"]["code"], "NOT_FOUND")

    def test_no_answer_from_mt5_is_an_error_to_resend(self):
        self.fake.order_send_returns_none = True
        reply = ask(self.server, {"cmd": "CANCEL", "order": self.ticket})
        self.assertEqual((reply["error"]["code"], reply["error"]["retcode"]), ("MT5_ERROR", 10011))
        self.fake.order_send_returns_none = False
        self.assertTrue(ask(self.server, {"cmd": "CANCEL", "order": self.ticket})["ok"])

    def test_a_terminal_that_cannot_list_its_orders_is_an_mt5_error_not_a_missing_order(self):
        self.fake.fail = {"orders_get": (-10005, "IPC timeout")}
        self.assertEqual(ask(self.server, {"cmd": "CANCEL", "order": self.ticket})["error"]["code"], "MT5_ERROR")
        self.assertEqual(ask(self.server, {"cmd": "ORDERS"})["error"]["code"], "MT5_ERROR")
        self.assertEqual(len(self.fake.order_send_calls), 1)


class NoDuplicateOrders(unittest.TestCase):
    def setUp(self):
        self.server, self.fake, self.adapter = make_server()

    def test_a_repeat_is_answered_from_the_cache_and_places_nothing(self):
        first = ask(self.server, dict(BUY_LIMIT, requestId="d1"))
        self.assertEqual(ask(self.server, dict(BUY_LIMIT, requestId="d1")), first)
        other = ask(self.server, dict(BUY_LIMIT, price=2331.0, requestId="d1"))
        self.assertEqual(other["error"]["code"], "DUPLICATE")
        self.assertEqual(len(pending_sends(self.fake)), 1)

    def test_after_a_restart_the_id_is_found_working_filled_or_cancelled(self):
        for i, then in enumerate(["working", "filled", "cancelled"]):
            with self.subTest(then=then):
                rid = f"rs{i}"
                ticket = ask(self.server, dict(BUY_LIMIT, requestId=rid))["data"]["order"]
                if then == "filled":
                    self.fake.set_tick("XAUUSD", 2329.8, 2330.0)
                    self.fake.set_tick("XAUUSD", 2345.1, 2345.3)
                if then == "cancelled":
                    self.assertTrue(ask(self.server, {"cmd": "CANCEL", "order": ticket})["ok"])
                reply = ask(restarted(self.server), dict(BUY_LIMIT, requestId=rid))
                self.assertEqual(reply["error"]["code"], "DUPLICATE", reply)
                self.assertIn(str(ticket), reply["error"]["message"])
                self.assertEqual(len(pending_sends(self.fake)), i + 1)

    def test_refused_when_mt5_cannot_answer_the_check(self):
        ask(self.server, dict(BUY_LIMIT, requestId="q0"))
        self.fake.order_send_calls.clear()
        for call in ["orders_get", "history_orders_get", "positions_get", "history_deals_get"]:
            with self.subTest(call=call):
                server = restarted(self.server)
                self.fake.fail = {call: (-10005, "IPC timeout")}
                reply = ask(server, dict(BUY_LIMIT, requestId="q1"))
                self.assertEqual(reply["error"]["code"], "MT5_ERROR", reply)
                self.assertNotIn("retcode", reply["error"])  # nothing was sent
                self.assertIn("nothing sent", reply["error"]["message"])
                self.assertEqual(self.fake.order_send_calls, [])
                # not remembered: once MT5 answers, the check finishes and the order goes through
                self.fake.fail = {}
                self.assertTrue(ask(server, dict(BUY_LIMIT, requestId="q1"))["ok"])
                self.fake.orders.clear()
                self.fake.history_orders.clear()
                self.fake.order_send_calls.clear()

    def test_an_unknown_outcome_is_10011_and_never_resent(self):
        self.fake.order_send_returns_none = True
        first = ask(self.server, dict(BUY_LIMIT, requestId="u1"))
        self.assertEqual((first["error"]["code"], first["error"]["retcode"]), ("MT5_ERROR", 10011))
        self.fake.order_send_returns_none = False
        self.assertEqual(ask(self.server, dict(BUY_LIMIT, requestId="u1")), first)
        self.assertEqual(len(pending_sends(self.fake)), 1)


if __name__ == "__main__":
    unittest.main()
