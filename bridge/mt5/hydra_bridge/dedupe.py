"""The request-id cache: a TRADE (or CLOSE) repeated with the same requestId is answered with the first
reply and sends nothing to MT5. Bounded (oldest entries go first) and with a time to live."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable, Optional


@dataclass(frozen=True)
class Executed:
    fingerprint: str  # the request it answered (another request under the same id is a DUPLICATE)
    reply: dict
    at: float


class DedupeCache:
    def __init__(self, max_entries: int = 10_000, ttl_s: float = 24 * 3600.0, clock: Callable[[], float] = time.monotonic):
        if max_entries < 1:
            raise ValueError("max_entries must be at least 1")
        self.max_entries = max_entries
        self.ttl_s = ttl_s
        self._clock = clock
        self._entries: "OrderedDict[str, Executed]" = OrderedDict()
        self._lock = threading.Lock()

    def _expire(self, now: float) -> None:
        while self._entries:
            first = next(iter(self._entries.values()))
            if now - first.at < self.ttl_s:
                break
            self._entries.popitem(last=False)

    def get(self, request_id: str) -> Optional[Executed]:
        with self._lock:
            self._expire(self._clock())
            return self._entries.get(request_id)

    def put(self, request_id: str, fingerprint: str, reply: dict) -> None:
        with self._lock:
            now = self._clock()
            self._expire(now)
            self._entries.pop(request_id, None)
            self._entries[request_id] = Executed(fingerprint, reply, now)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)
