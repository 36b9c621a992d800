"""The MT5 trade server's UTC offset, measured from tick times (it follows DST switches by itself).

MT5 reports times in the trade server's zone as if it were UTC. Brokers move that zone with daylight saving
time (e.g. UTC+2 in winter, UTC+3 in summer), so a fixed offset is an hour wrong half the year. The offset is
measured instead: a tick that *changed since the last look a moment ago* has just been made, so its server
time minus this machine's UTC clock is the offset plus a little latency. That difference, rounded to a quarter
hour, is a candidate; a few fresh ticks in a row that agree on a new candidate switch the offset. Stale ticks
(a quiet or closed market: unchanged, or changed long after the last look) never count, and a difference that
is not close to a whole quarter hour (a tick minutes old) is ignored. Until a measurement confirms it, the
configured offset (HYDRA_BRIDGE_SERVER_OFFSET_HOURS) is used.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Callable, Optional

log = logging.getLogger("hydra_bridge.clock")

QUARTER_HOUR_MS = 15 * 60_000


def now_ms() -> int:
    return int(time.time() * 1000)


class ServerOffset:
    def __init__(
        self,
        initial_ms: int = 0,
        clock: Callable[[], int] = now_ms,
        tolerance_ms: int = 60_000,
        fresh_within_ms: int = 10_000,
        confirmations: int = 3,
    ):
        self.ms = int(initial_ms)
        self.measured = False  # True once fresh ticks agreed with self.ms
        self.clock = clock
        self.tolerance_ms = tolerance_ms
        self.fresh_within_ms = fresh_within_ms
        self.confirmations = confirmations
        self._seen: dict = {}  # symbol -> (server ms of its last tick, UTC ms when it was looked at)
        self._candidate: Optional[int] = None
        self._count = 0
        self._lock = threading.Lock()

    def observe(self, symbol: str, server_ms: int) -> None:
        """One look at a symbol's last tick (its time in server ms)."""
        now = int(self.clock())
        with self._lock:
            prev = self._seen.get(symbol)
            self._seen[symbol] = (int(server_ms), now)
            if prev is None or server_ms <= prev[0] or now - prev[1] > self.fresh_within_ms:
                return  # not a tick known to have arrived just now
            diff = int(server_ms) - now
            cand = int(round(diff / QUARTER_HOUR_MS)) * QUARTER_HOUR_MS
            if abs(diff - cand) > self.tolerance_ms:
                return
            if cand == self.ms:
                if not self.measured:
                    log.info("server time offset confirmed by ticks: UTC%+g h", cand / 3_600_000)
                self.measured, self._candidate, self._count = True, None, 0
                return
            if cand != self._candidate:
                self._candidate, self._count = cand, 0
            self._count += 1
            if self._count >= self.confirmations:
                log.warning(
                    "server time offset changed: UTC%+g h -> UTC%+g h (measured from %d fresh ticks; a DST switch?)",
                    self.ms / 3_600_000, cand / 3_600_000, self._count)
                self.ms, self.measured, self._candidate, self._count = cand, True, None, 0
