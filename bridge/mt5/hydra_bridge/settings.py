"""Settings from the environment. The account credentials (FTMO_LOGIN, FTMO_PASS, FTMO_SERVER) are never
logged, never put in a reply and never echoed in an error message.

The secrets (FTMO_PASS and the CurveZMQ variables) can also come from a file: NAME_FILE names a file that
holds the value (a Windows service reads it from a protected file instead of its environment). For a
CurveZMQ key the file may be the key alone or a ZeroMQ certificate as pyzmq's create_certificates writes it
(`public-key = "..."`, `secret-key = "..."`); HYDRA_BRIDGE_CURVE_CLIENTS_FILE lists keys separated by commas
or new lines, or is itself a public certificate."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Mapping, Optional

from .security import CurveConfig

DEFAULT_REP = "tcp://127.0.0.1:5555"
DEFAULT_PUB = "tcp://127.0.0.1:5556"
_ADDR = re.compile(r"(tcp://[^\s]+:(\d+|\*)|ipc://\S+|inproc://\S+)")
_SYMBOL = re.compile(r"[A-Za-z0-9._#+\-]{1,32}")
_Z85 = re.compile(r"[0-9a-zA-Z.\-:+=^!/*?&<>()\[\]{}@%$#]{40}")


class SettingsError(ValueError):
    """A bad environment variable; the message names it (and never shows a secret's value)."""


@dataclass(frozen=True)
class Settings:
    login: Optional[int] = field(default=None, repr=False)
    password: Optional[str] = field(default=None, repr=False)
    server: Optional[str] = field(default=None, repr=False)
    rep_addr: str = DEFAULT_REP
    pub_addr: str = DEFAULT_PUB
    symbols: tuple = ()
    server_offset_hours: float = 0.0
    deviation: int = 20
    curve: Optional[CurveConfig] = None

    @property
    def secrets(self) -> tuple:
        """The values to redact from anything the bridge says."""
        return tuple(str(s) for s in (self.login, self.password, self.server) if s not in (None, ""))

    def describe(self) -> str:
        """A loggable summary (no credentials)."""
        return (
            f"rep={self.rep_addr} pub={self.pub_addr} symbols={','.join(self.symbols) or '-'} "
            f"offset={self.server_offset_hours:g}h curve={'on' if self.curve else 'off'} "
            f"credentials={'set' if self.login is not None else 'terminal login'}"
        )


def _get(env: Mapping[str, str], name: str) -> Optional[str]:
    v = env.get(name)
    if v is None:
        return None
    v = v.strip()
    return v or None


def _addr(env: Mapping[str, str], name: str, default: str) -> str:
    v = _get(env, name) or default
    if not _ADDR.fullmatch(v):
        raise SettingsError(f"{name}: expected a ZeroMQ endpoint like tcp://127.0.0.1:5555, got {v!r}")
    return v


def _secret(env: Mapping[str, str], name: str) -> tuple:
    """NAME or NAME_FILE (not both): (the variable it came from, the value stripped), or (name, None)."""
    direct, path = _get(env, name), _get(env, f"{name}_FILE")
    if direct is not None and path is not None:
        raise SettingsError(f"{name}_FILE: set {name} or {name}_FILE, not both")
    if path is None:
        return name, direct
    try:
        with open(path, encoding="utf-8") as f:
            value = f.read().strip()
    except OSError as e:
        raise SettingsError(f"{name}_FILE: cannot read {path} ({e.strerror or type(e).__name__})") from None
    return f"{name}_FILE", value or None


def _cert_key(text: str, kind: str) -> str:
    m = re.search(rf'^\s*{kind}-key\s*=\s*"(.{{40}})"', text, re.MULTILINE)
    return m.group(1) if m else text


def _z85_key(env: Mapping[str, str], name: str, kind: str) -> bytes:
    source, v = _secret(env, name)
    if v is None:
        raise SettingsError(f"{name}: required when CurveZMQ is configured (or {name}_FILE)")
    v = _cert_key(v, kind)
    if not _Z85.fullmatch(v):
        raise SettingsError(f"{source}: expected a 40-character Z85 CurveZMQ {kind} key")
    return v.encode("ascii")


def load_settings(env: Mapping[str, str]) -> Settings:
    login_s, server = _get(env, "FTMO_LOGIN"), _get(env, "FTMO_SERVER")
    password = _secret(env, "FTMO_PASS")[1] if _get(env, "FTMO_PASS_FILE") else (env.get("FTMO_PASS") or None)
    given = [n for n, v in (("FTMO_LOGIN", login_s), ("FTMO_PASS", password), ("FTMO_SERVER", server)) if v]
    if given and len(given) != 3:
        missing = [n for n in ("FTMO_LOGIN", "FTMO_PASS", "FTMO_SERVER") if n not in given]
        raise SettingsError(f"{', '.join(missing)}: set all of FTMO_LOGIN, FTMO_PASS and FTMO_SERVER, or none")
    login = None
    if login_s is not None:
        if not login_s.isdigit():
            raise SettingsError("FTMO_LOGIN: expected the numeric MT5 account number")
        login = int(login_s)

    rep = _addr(env, "HYDRA_BRIDGE_REP", DEFAULT_REP)
    pub = _addr(env, "HYDRA_BRIDGE_PUB", DEFAULT_PUB)
    if rep == pub:
        raise SettingsError("HYDRA_BRIDGE_PUB: must differ from HYDRA_BRIDGE_REP")

    symbols: list = []
    raw_symbols = _get(env, "HYDRA_BRIDGE_SYMBOLS")
    if raw_symbols:
        for s in (x.strip() for x in raw_symbols.split(",")):
            if not s:
                continue
            if not _SYMBOL.fullmatch(s) or s == "HEARTBEAT":
                raise SettingsError(f"HYDRA_BRIDGE_SYMBOLS: {s!r} is not a symbol name")
            if s not in symbols:
                symbols.append(s)

    offset = 0.0
    raw_offset = _get(env, "HYDRA_BRIDGE_SERVER_OFFSET_HOURS")
    if raw_offset is not None:
        try:
            offset = float(raw_offset)
        except ValueError:
            raise SettingsError(f"HYDRA_BRIDGE_SERVER_OFFSET_HOURS: expected hours like 2 or 3, got {raw_offset!r}") from None
        if not math.isfinite(offset) or not -14 <= offset <= 14:
            raise SettingsError(f"HYDRA_BRIDGE_SERVER_OFFSET_HOURS: {raw_offset!r} is outside -14..14")

    deviation = 20
    raw_dev = _get(env, "HYDRA_BRIDGE_DEVIATION")
    if raw_dev is not None:
        if not raw_dev.isdigit() or int(raw_dev) > 10_000:
            raise SettingsError(f"HYDRA_BRIDGE_DEVIATION: expected points 0..10000, got {raw_dev!r}")
        deviation = int(raw_dev)

    curve = None
    curve_vars = ("HYDRA_BRIDGE_CURVE_SECRET_KEY", "HYDRA_BRIDGE_CURVE_PUBLIC_KEY", "HYDRA_BRIDGE_CURVE_CLIENTS")
    if any(_get(env, n) or _get(env, f"{n}_FILE") for n in curve_vars):
        secret = _z85_key(env, "HYDRA_BRIDGE_CURVE_SECRET_KEY", "secret")
        public = _z85_key(env, "HYDRA_BRIDGE_CURVE_PUBLIC_KEY", "public")
        try:
            import zmq

            if zmq.has("curve") and zmq.curve_public(secret) != public:
                raise SettingsError(
                    "HYDRA_BRIDGE_CURVE_PUBLIC_KEY: is not the public key of HYDRA_BRIDGE_CURVE_SECRET_KEY"
                )
        except (ImportError, AttributeError):  # pragma: no cover - very old pyzmq
            pass
        clients = set()
        source, listed = _secret(env, "HYDRA_BRIDGE_CURVE_CLIENTS")
        for c in (x.strip() for x in re.split(r"[,\n]", _cert_key(listed or "", "public"))):
            if not c:
                continue
            if not _Z85.fullmatch(c):
                raise SettingsError(f"{source}: {c!r} is not a 40-character Z85 public key")
            clients.add(c.encode("ascii"))
        if not clients:
            raise SettingsError(f"{source}: list at least one allowed client public key")
        curve = CurveConfig(secret, public, frozenset(clients))

    return Settings(login, password, server, rep, pub, tuple(symbols), offset, deviation, curve)
