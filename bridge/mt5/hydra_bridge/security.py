"""Optional CurveZMQ: the server's key pair plus a ZAP allow-list of client public keys."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Optional

import zmq

log = logging.getLogger("hydra_bridge.security")

ZAP_DOMAIN = "hydra"


@dataclass(frozen=True)
class CurveConfig:
    secret_key: bytes = field(repr=False)  # z85, 40 characters
    public_key: bytes
    clients: frozenset  # z85 client public keys (bytes)


class _AllowList:
    """configure_curve_callback provider: a client key is let in only when it is on the list."""

    def __init__(self, clients: frozenset):
        self._clients = frozenset(clients)

    def callback(self, domain: str, key: bytes) -> bool:
        allowed = bytes(key) in self._clients
        if not allowed:
            log.warning("refused a CurveZMQ client whose key is not on the allow-list")
        return allowed


def start_authenticator(ctx: zmq.Context, curve: CurveConfig):
    """A ZAP handler (thread) on ctx that admits only the allow-listed client keys."""
    from zmq.auth.thread import ThreadAuthenticator

    auth = ThreadAuthenticator(ctx, log=logging.getLogger("hydra_bridge.zap"))
    auth.start()
    auth.configure_curve_callback(domain=ZAP_DOMAIN, credentials_provider=_AllowList(curve.clients))
    return auth


def make_curve_server(sock: zmq.Socket, curve: CurveConfig) -> None:
    sock.setsockopt(zmq.CURVE_SECRETKEY, curve.secret_key)
    sock.setsockopt(zmq.CURVE_PUBLICKEY, curve.public_key)
    sock.setsockopt(zmq.CURVE_SERVER, 1)
    sock.setsockopt(zmq.ZAP_DOMAIN, ZAP_DOMAIN.encode())


class SecureContext:
    """A zmq context plus (when curve is set) its ZAP authenticator; close() tears both down."""

    def __init__(self, curve: Optional[CurveConfig]):
        if curve is not None and not zmq.has("curve"):
            raise RuntimeError("CurveZMQ keys are set but this libzmq has no CURVE support")
        self.curve = curve
        self.ctx = zmq.Context()
        self.auth = start_authenticator(self.ctx, curve) if curve is not None else None

    def socket(self, kind: int) -> zmq.Socket:
        s = self.ctx.socket(kind)
        s.setsockopt(zmq.LINGER, 0)
        if self.curve is not None:
            make_curve_server(s, self.curve)
        return s

    def close(self) -> None:
        if self.auth is not None:
            self.auth.stop()
            self.auth = None
        self.ctx.term()
