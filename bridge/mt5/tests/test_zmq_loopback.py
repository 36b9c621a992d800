"""Real ZeroMQ sockets on 127.0.0.1 (random ports): the REP trade server, the PUB price streamer, and
CurveZMQ with a ZAP allow-list."""

from __future__ import annotations

import json
import threading
import time
import unittest

import zmq

from hydra_bridge.mt5_adapter import Mt5Adapter
from hydra_bridge.price_streamer import PriceStreamer
from hydra_bridge.security import CurveConfig

from .helpers import make_server
from .fake_mt5 import make_fake

TIMEOUT_MS = 3000


class Running:
    """Runs a serve() in a thread; stops and joins it on exit."""

    def __init__(self, service, **kw):
        self.service, self.kw = service, kw
        self.stop = threading.Event()
        self.error = None
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        try:
            self.service.serve("tcp://127.0.0.1:*", stop_event=self.stop, **self.kw)
        except BaseException as e:  # surfaced by __exit__
            self.error = e

    def __enter__(self):
        self.thread.start()
        if not self.service.ready.wait(5):
            self.stop.set()
            raise RuntimeError(f"the service did not start: {self.error!r}")
        return self.service.endpoint

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(5)
        if self.thread.is_alive():
            raise RuntimeError("the service thread did not stop")
        if self.error is not None:
            raise self.error
        return False


class Loopback(unittest.TestCase):
    def setUp(self):
        self.ctx = zmq.Context()
        self.addCleanup(self.ctx.term)

    def socket(self, kind):
        s = self.ctx.socket(kind)
        s.setsockopt(zmq.LINGER, 0)
        s.setsockopt(zmq.RCVTIMEO, TIMEOUT_MS)
        s.setsockopt(zmq.SNDTIMEO, TIMEOUT_MS)
        self.addCleanup(s.close, 0)
        return s

    def test_req_gets_pong_and_the_loop_survives_malformed_frames(self):
        server, _, _ = make_server()
        with Running(server) as endpoint:
            req = self.socket(zmq.REQ)
            req.connect(endpoint)
            req.send_json({"cmd": "PING", "requestId": "lp1"})
            reply = req.recv_json()
            self.assertEqual((reply["ok"], reply["requestId"], reply["data"]["reply"]), (True, "lp1", "PONG"))
            req.send(b"\x00garbage")
            self.assertEqual(req.recv_json()["error"]["code"], "BAD_REQUEST")
            req.send_multipart([b'{"cmd": "PING"}', b"second frame"])
            self.assertEqual(req.recv_json()["error"]["code"], "BAD_REQUEST")
            req.send_json({"cmd": "PRICE", "symbol": "XAUUSD"})
            self.assertEqual(req.recv_json()["data"]["bid"], 2345.1)

    def test_sub_gets_ticks_and_heartbeats(self):
        fake = make_fake()
        streamer = PriceStreamer(Mt5Adapter(mt5_module=fake), ["XAUUSD", "EURUSD", "NOSUCH"], heartbeat_s=0.1, poll_s=0.01)
        with Running(streamer) as endpoint:
            sub = self.socket(zmq.SUB)
            sub.setsockopt(zmq.SUBSCRIBE, b"XAUUSD")
            sub.setsockopt(zmq.SUBSCRIBE, b"HEARTBEAT")
            sub.connect(endpoint)
            topic, body = sub.recv_multipart()  # the first heartbeat after the subscription took hold
            self.assertEqual(topic, b"HEARTBEAT")
            hb = json.loads(body)
            self.assertEqual(set(hb), {"time", "seq", "boot"})
            fake.set_tick("XAUUSD", 2346.0, 2346.2, 1717000001000)
            fake.set_tick("EURUSD", 1.1, 1.1001, 1717000001000)  # not subscribed
            deadline = time.monotonic() + TIMEOUT_MS / 1000
            ticks, seqs = [], [hb["seq"]]
            while time.monotonic() < deadline and not ticks:
                topic, body = sub.recv_multipart()
                msg = json.loads(body)
                if topic == b"HEARTBEAT":
                    seqs.append(msg["seq"])
                else:
                    self.assertEqual(topic, b"XAUUSD")
                    ticks.append(msg)
            self.assertEqual(ticks, [{"symbol": "XAUUSD", "bid": 2346.0, "ask": 2346.2, "time": 1717000001000}])
            self.assertEqual(seqs, sorted(seqs))

    @unittest.skipUnless(zmq.has("curve"), "libzmq without CURVE")
    def test_curve_admits_only_allow_listed_clients(self):
        server_pub, server_sec = zmq.curve_keypair()
        good_pub, good_sec = zmq.curve_keypair()
        bad_pub, bad_sec = zmq.curve_keypair()
        curve = CurveConfig(server_sec, server_pub, frozenset({good_pub}))
        server, _, _ = make_server()

        def client(pub, sec, timeout_ms):
            s = self.socket(zmq.REQ)
            s.setsockopt(zmq.RCVTIMEO, timeout_ms)
            s.curve_secretkey, s.curve_publickey, s.curve_serverkey = sec, pub, server_pub
            return s

        with Running(server, curve=curve) as endpoint:
            good = client(good_pub, good_sec, TIMEOUT_MS)
            good.connect(endpoint)
            good.send_json({"cmd": "PING"})
            self.assertEqual(good.recv_json()["data"]["reply"], "PONG")

            bad = client(bad_pub, bad_sec, 700)
            bad.connect(endpoint)
            bad.send_json({"cmd": "PING"})
            with self.assertRaises(zmq.Again):
                bad.recv_json()

            plain2 = self.socket(zmq.REQ)  # no CurveZMQ at all
            plain2.setsockopt(zmq.RCVTIMEO, 700)
            plain2.connect(endpoint)
            plain2.send_json({"cmd": "PING"})
            with self.assertRaises(zmq.Again):
                plain2.recv_json()

            good.send_json({"cmd": "PING", "requestId": "again"})  # still serving the allowed client
            self.assertEqual(good.recv_json()["requestId"], "again")


if __name__ == "__main__":
    unittest.main()


class StreamerUnit(unittest.TestCase):
    def test_only_changed_ticks_are_published_and_heartbeats_count(self):
        fake = make_fake()
        streamer = PriceStreamer(Mt5Adapter(mt5_module=fake), ["XAUUSD", "NOSUCH"], clock=lambda: 1717000000000)
        self.assertEqual([t for t, _ in streamer.poll_ticks()], [b"XAUUSD"])
        self.assertEqual(streamer.poll_ticks(), [])
        fake.set_tick("XAUUSD", 2345.2, 2345.4)
        self.assertEqual(streamer.poll_ticks()[0][1]["bid"], 2345.2)
        fake.set_tick("XAUUSD", 0.0, 0.0)  # no price: nothing published
        self.assertEqual(streamer.poll_ticks(), [])
        boot = streamer.boot
        self.assertEqual([streamer.heartbeat(), streamer.heartbeat()],
                         [(b"HEARTBEAT", {"time": 1717000000000, "seq": 0, "boot": boot}),
                          (b"HEARTBEAT", {"time": 1717000000000, "seq": 1, "boot": boot})])

    def test_a_restarted_streamer_has_a_new_start_id(self):
        fake = make_fake()
        first = PriceStreamer(Mt5Adapter(mt5_module=fake), ["XAUUSD"], clock=lambda: 1717000000000)
        again = PriceStreamer(Mt5Adapter(mt5_module=fake), ["XAUUSD"], clock=lambda: 1717000000000)
        self.assertRegex(first.boot, r"^[0-9a-f]{32}$")
        self.assertNotEqual(first.boot, again.boot)
        # its numbering starts again, but the start id tells the subscriber it is another stream
        self.assertEqual(first.heartbeat()[1]["seq"], again.heartbeat()[1]["seq"])

    def test_a_wrong_server_offset_is_warned_about(self):
        fake = make_fake(offset_hours=3)
        streamer = PriceStreamer(Mt5Adapter(mt5_module=fake, server_offset_hours=0), ["XAUUSD"], clock=lambda: 1717000000000)
        with self.assertLogs("hydra_bridge.prices", "WARNING") as logs:
            streamer.poll_ticks()
        self.assertIn("HYDRA_BRIDGE_SERVER_OFFSET_HOURS", logs.output[0])

    def test_threads_are_gone_after_the_services_stop(self):
        before = set(threading.enumerate())
        server, _, _ = make_server()
        pub, sec = zmq.curve_keypair() if zmq.has("curve") else (None, None)
        curve = CurveConfig(sec, pub, frozenset({pub})) if pub else None
        with Running(server, curve=curve):
            pass
        time.sleep(0.05)
        self.assertEqual(set(threading.enumerate()) - before, set())
