"""The price streamer: PUB [symbol, {symbol, bid, ask, time}] whenever a tick changes,
[HEARTBEAT, {time, seq, boot}] every second, and the account event stream: [DEAL, {seq, boot, deal}] for
every deal the terminal's history shows, [ACCOUNT, {seq, boot, time, balance, equity, margin, freeMargin,
marginLevel}] after every deal and once a second (one sequence over both topics; `boot` is drawn when the
streamer starts, so a subscriber knows a restart whatever the numbers say; docs/bridge-protocol.md)."""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from typing import Callable, Iterable, Optional

import zmq

from .mt5_adapter import Mt5Adapter
from .security import CurveConfig, SecureContext

log = logging.getLogger("hydra_bridge.prices")

HEARTBEAT_TOPIC = b"HEARTBEAT"
DEAL_TOPIC = b"DEAL"
ACCOUNT_TOPIC = b"ACCOUNT"
#: how far back each look at the deal history reaches (deals seen are remembered within it)
DEAL_WINDOW_MS = 10 * 60_000


def now_ms() -> int:
    return int(time.time() * 1000)


class PriceStreamer:
    def __init__(
        self,
        adapter: Mt5Adapter,
        symbols: Iterable[str],
        clock: Callable[[], int] = now_ms,
        heartbeat_s: float = 1.0,
        poll_s: float = 0.05,
        account_events: bool = True,
        account_poll_s: float = 0.25,
    ):
        self.adapter = adapter
        self.symbols = tuple(symbols)
        if not self.symbols:
            raise ValueError("the price streamer needs at least one symbol (HYDRA_BRIDGE_SYMBOLS)")
        self.clock = clock
        self.heartbeat_s = heartbeat_s
        self.poll_s = poll_s
        self.seq = 0
        self._last: dict = {}
        self._failing: set = set()
        self._warned_future = False
        self.endpoint: Optional[str] = None
        self.ready = threading.Event()
        self.account_events = account_events
        self.account_poll_s = account_poll_s
        self.event_seq = 0
        #: this start's id, on every heartbeat and event: a restarted streamer has a new one
        self.boot = uuid.uuid4().hex
        self._seen_deals: dict = {}  # ticket -> time (UTC ms), within DEAL_WINDOW_MS
        self._deals_started = False
        self._last_account: Optional[tuple] = None
        self._event_error = ""

    def poll_ticks(self) -> list:
        """[(topic, message)] for every symbol whose tick changed since the last poll."""
        out = []
        for symbol in self.symbols:
            try:
                tick = self.adapter.symbol_info_tick(symbol)
            except Exception as e:
                tick = None
                if symbol not in self._failing:
                    log.warning("no tick for %s: %s", symbol, e)
            if tick is None or not tick["bid"] > 0 or not tick["ask"] > 0:
                self._failing.add(symbol)
                continue
            self._failing.discard(symbol)
            if not self._warned_future and tick["time"] > self.clock() + 300_000:
                self._warned_future = True
                log.warning(
                    "%s: tick time is %.1f h ahead of this machine's UTC clock: check this machine's clock (NTP) and "
                    "HYDRA_BRIDGE_SERVER_OFFSET_HOURS (the start value of the measured server offset)", symbol, (tick["time"] - self.clock()) / 3_600_000)
            key = (tick["bid"], tick["ask"], tick["time"])
            if self._last.get(symbol) == key:
                continue
            self._last[symbol] = key
            out.append((symbol.encode(), {"symbol": symbol, "bid": tick["bid"], "ask": tick["ask"], "time": int(tick["time"])}))
        return out

    def step(self) -> list:
        """One round of the loop: the ticks that changed. A symbol without a tick is selected again by the
        adapter; only a terminal that does not answer is attached again (never a new initialize() or login
        because of a symbol error)."""
        if self._failing and self.adapter.terminal_info() is None:
            self.adapter.ensure_connected()
        return self.poll_ticks()

    def poll_account_events(self, beat: bool) -> list:
        """[(topic, message)]: every deal not published yet (those already in the history when the streamer
        started are not: HISTORY has them), then the account state when a deal changed it or on the beat.
        A terminal that does not answer is logged once and retried on the next poll; nothing is invented."""
        out = []
        now = int(self.clock())
        try:
            deals = self.adapter.history_deals_get(now - DEAL_WINDOW_MS, now + 60_000)
            account = self.adapter.account_info()
            self._event_error = ""
        except Exception as e:  # the next poll tries again
            if str(e) != self._event_error:
                log.warning("account events: %s", e)
            self._event_error = str(e)
            return out
        for d in deals:
            if d["ticket"] in self._seen_deals:
                continue
            self._seen_deals[d["ticket"]] = d["time"]
            if self._deals_started:
                out.append((DEAL_TOPIC, {"seq": self._next_seq(), "boot": self.boot, "deal": d}))
        self._deals_started = True
        for ticket, t in list(self._seen_deals.items()):
            if t < now - 2 * DEAL_WINDOW_MS:
                del self._seen_deals[ticket]
        key = (round(account["balance"], 2), round(account["margin"], 2))
        if beat or out or key != self._last_account:
            self._last_account = key
            margin = account["margin"]
            out.append((ACCOUNT_TOPIC, {
                "seq": self._next_seq(),
                "boot": self.boot,
                "time": now,
                "balance": round(account["balance"], 2),
                "equity": round(account["equity"], 2),
                "margin": round(margin, 2),
                "freeMargin": round(account["freeMargin"], 2),
                "marginLevel": round(account["equity"] / margin * 100, 2) if margin > 0 else None,
            }))
        return out

    def _next_seq(self) -> int:
        seq = self.event_seq
        self.event_seq += 1
        return seq

    def heartbeat(self) -> tuple:
        msg = {"time": int(self.clock()), "seq": self.seq, "boot": self.boot}
        self.seq += 1
        return (HEARTBEAT_TOPIC, msg)

    def serve(self, bind_addr: str, curve: Optional[CurveConfig] = None, stop_event: Optional[threading.Event] = None) -> None:
        stop = stop_event or threading.Event()
        sc = SecureContext(curve)
        sock = None
        try:
            sock = sc.socket(zmq.PUB)
            sock.setsockopt(zmq.SNDHWM, 10_000)
            sock.bind(bind_addr)
            self.endpoint = sock.getsockopt(zmq.LAST_ENDPOINT).decode()
            log.info("price streamer on %s for %s%s", self.endpoint, ",".join(self.symbols), " (CurveZMQ)" if curve else "")
            self.ready.set()
            next_hb = time.monotonic()
            next_account = next_hb
            next_beat = next_hb
            while not stop.is_set():
                for topic, msg in self.step():
                    sock.send_multipart([topic, json.dumps(msg, separators=(",", ":")).encode()])
                now = time.monotonic()
                if now >= next_hb:
                    topic, msg = self.heartbeat()
                    sock.send_multipart([topic, json.dumps(msg, separators=(",", ":")).encode()])
                    next_hb = max(next_hb + self.heartbeat_s, now + self.heartbeat_s / 2)
                if self.account_events and now >= next_account:
                    beat = now >= next_beat
                    for topic, msg in self.poll_account_events(beat):
                        sock.send_multipart([topic, json.dumps(msg, separators=(",", ":")).encode()])
                    next_account = now + self.account_poll_s
                    if beat:
                        next_beat = now + self.heartbeat_s
                stop.wait(self.poll_s)
        finally:
            if sock is not None:
                sock.close(linger=0)
            sc.close()
            self.ready.clear()
            log.info("price streamer stopped")
