"""The price streamer's account event stream (DEAL, ACCOUNT) against the fake MetaTrader5 module."""

from __future__ import annotations

import unittest

from hydra_bridge.price_streamer import ACCOUNT_TOPIC, DEAL_TOPIC, PriceStreamer

from .helpers import ask, load_vectors, make_server

BUY_GOLD = {"cmd": "TRADE", "symbol": "XAUUSD", "direction": "BUY", "volume": 0.02, "sl": 2335.0, "comment": "HYDRA_Test"}


class AccountEvents(unittest.TestCase):
    def setUp(self):
        self.server, self.fake, self.adapter = make_server()
        now = load_vectors()["fixture"]["serverTime"]
        self.streamer = PriceStreamer(self.adapter, ["XAUUSD"], clock=lambda: now)

    def test_history_before_the_start_is_not_republished_then_each_deal_once_with_the_account(self):
        ask(self.server, dict(BUY_GOLD, requestId="before"))  # already in the history at the start
        first = self.streamer.poll_account_events(beat=False)
        self.assertEqual([t for t, _ in first], [ACCOUNT_TOPIC])
        reply = ask(self.server, dict(BUY_GOLD, requestId="e1"))
        self.assertTrue(reply["ok"], reply)
        events = self.streamer.poll_account_events(beat=False)
        topics = [t for t, _ in events]
        self.assertIn(DEAL_TOPIC, topics)
        deal = next(m["deal"] for t, m in events if t == DEAL_TOPIC)
        self.assertEqual(deal["entry"], "IN")
        self.assertTrue(deal["comment"].endswith("|e1"))
        self.assertEqual(topics[-1], ACCOUNT_TOPIC)  # the account after the deal
        # one sequence over both topics, without gaps
        seqs = [m["seq"] for _, m in first + events]
        self.assertEqual(seqs, list(range(len(seqs))))
        # nothing new: nothing published, but the once-a-second beat sends the account again
        self.assertEqual(self.streamer.poll_account_events(beat=False), [])
        beat = self.streamer.poll_account_events(beat=True)
        self.assertEqual([t for t, _ in beat], [ACCOUNT_TOPIC])
        account = beat[0][1]
        self.assertEqual(set(account), {"seq", "boot", "time", "balance", "equity", "margin", "freeMargin", "marginLevel"})
        # every event carries this start's id
        self.assertEqual({m["boot"] for _, m in first + events + beat}, {self.streamer.boot})
        self.assertGreater(account["margin"], 0)
        self.assertAlmostEqual(account["marginLevel"], round(account["equity"] / account["margin"] * 100, 2))

    def test_a_terminal_that_does_not_answer_publishes_nothing_and_is_tried_again(self):
        self.fake.initialized = False
        with self.assertLogs("hydra_bridge.prices", "WARNING"):
            self.assertEqual(self.streamer.poll_account_events(beat=True), [])
        self.fake.initialized = True
        self.assertEqual([t for t, _ in self.streamer.poll_account_events(beat=True)], [ACCOUNT_TOPIC])


if __name__ == "__main__":
    unittest.main()
