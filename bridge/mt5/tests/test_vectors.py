"""Replays bridge/protocol/test-vectors.json IN ORDER through TradeServer.handle over the fake MT5."""

from __future__ import annotations

import unittest

from .fake_mt5 import load_vectors
from .helpers import ask, diff, make_server

#: fields the Windows bridge adds to a reply beyond the shared vectors (documented in docs/bridge-protocol.md,
#: "Additions by the Windows bridge"; the TypeScript schemas accept and ignore unknown reply fields). Only these
#: may be extra; every field a vector lists must still be equal.
EXTENSIONS = {
    "SYMBOL": {"tradeMode"},
    "HEARTBEAT": {"terminal", "serverOffsetMs", "serverOffsetMeasured"},
}


class SharedVectors(unittest.TestCase):
    def replay(self, offset_hours: float) -> None:
        server, fake, _ = make_server(offset_hours=offset_hours)
        vectors = load_vectors()["vectors"]
        self.assertGreater(len(vectors), 10)
        for i, v in enumerate(vectors):
            with self.subTest(i=i, name=v["name"], offset=offset_hours):
                got = ask(server, v["request"])
                want = v["reply"]
                self.assertIs(got["ok"], want["ok"], got)
                self.assertEqual(got.get("requestId"), want.get("requestId"), got)
                if want["ok"]:
                    self.assertNotIn("error", got)
                    extra = set(got["data"]) - set(want["data"])
                    self.assertLessEqual(extra, EXTENSIONS.get(v["request"].get("cmd"), set()), got)
                    d = diff(want["data"], {k: x for k, x in got["data"].items() if k not in extra})
                    self.assertIsNone(d, f"{d}\ngot: {got}")
                else:
                    self.assertNotIn("data", got)
                    self.assertEqual(got["error"]["code"], want["error"]["code"], got)
                    self.assertEqual(got["error"].get("retcode"), want["error"].get("retcode"), got)
                    self.assertIsInstance(got["error"]["message"], str)
        # t1 once (the repeat came from the dedupe cache), t2 once (market closed), c1 once; and two MODIFY
        # (TRADE_ACTION_SLTP, no comment): the accepted one and the one MT5 refused
        comments = [c.get("comment") for c in fake.order_send_calls]
        self.assertEqual(comments.count("HYDRA_GoldLondon|t1"), 1, comments)
        by_action = lambda a: [c for c in fake.order_send_calls if c.get("action") == a]
        sltp = by_action(6)
        self.assertEqual(len(sltp), 2, comments)
        self.assertEqual(len(by_action(1)), 3, comments)
        # ORDER o1 once (the repeat from the cache, the other request under o1 refused before sending), o2, and
        # the two MT5 refused (10015, 10022); one CANCEL removed the order, the second found it gone
        pending = by_action(5)
        self.assertEqual([c["comment"] for c in pending],
                         ["HYDRA_GoldLondon|o1", "HYDRA_GoldBreak|o2", "HYDRA_GoldLondon|o3", "HYDRA_GoldLondon|o4"])
        self.assertEqual((pending[0]["type_time"], pending[1]["type_time"]), (2, 0))  # SPECIFIED, GTC
        self.assertEqual(pending[0]["expiration"], (1717003600000 + int(offset_hours * 3_600_000)) // 1000)
        self.assertEqual([c["order"] for c in by_action(8)], [6003])
        self.assertEqual(len(fake.order_send_calls), 10, comments)

    def test_vectors_in_order(self):
        self.replay(0.0)

    def test_vectors_with_a_broker_server_time_zone(self):
        # the fake keeps its times in server time (UTC+3): the adapter converts back to UTC
        self.replay(3.0)


if __name__ == "__main__":
    unittest.main()
