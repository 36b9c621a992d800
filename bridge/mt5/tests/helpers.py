"""Shared test helpers: a TradeServer over the fake MetaTrader5 module."""

from __future__ import annotations

import json
import math

from hydra_bridge.dedupe import DedupeCache
from hydra_bridge.mt5_adapter import Mt5Adapter
from hydra_bridge.trade_server import TradeServer

from .fake_mt5 import load_vectors, make_fake


def make_server(offset_hours: float = 0.0, **fake_kw):
    fixture = load_vectors()["fixture"]
    fake = make_fake(offset_hours=offset_hours, **fake_kw)
    adapter = Mt5Adapter(mt5_module=fake, server_offset_hours=offset_hours)
    server = TradeServer(adapter, clock=lambda: fixture["serverTime"], dedupe=DedupeCache())
    return server, fake, adapter


def ask(server, request) -> dict:
    frame = request if isinstance(request, (bytes, str)) else json.dumps(request)
    if isinstance(frame, str):
        frame = frame.encode()
    reply = server.handle(frame)
    json.dumps(reply, allow_nan=False)  # every reply is plain JSON
    return reply


def diff(expected, actual, path="$"):
    """The first difference between two JSON values (numbers to 1e-9), or None."""
    if isinstance(expected, bool) or isinstance(actual, bool):
        return None if expected is actual else f"{path}: {expected!r} != {actual!r}"
    if isinstance(expected, (int, float)) and isinstance(actual, (int, float)):
        return None if math.isclose(expected, actual, rel_tol=0, abs_tol=1e-9) else f"{path}: {expected!r} != {actual!r}"
    if isinstance(expected, dict) and isinstance(actual, dict):
        if set(expected) != set(actual):
            return f"{path}: keys {sorted(expected)} != {sorted(actual)}"
        for k in expected:
            d = diff(expected[k], actual[k], f"{path}.{k}")
            if d:
                return d
        return None
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return f"{path}: {len(expected)} items != {len(actual)}"
        for i, (e, a) in enumerate(zip(expected, actual)):
            d = diff(e, a, f"{path}[{i}]")
            if d:
                return d
        return None
    return None if expected == actual and type(expected) is type(actual) else f"{path}: {expected!r} != {actual!r}"
