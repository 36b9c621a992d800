"""The bridge protocol: request validation (mirrors src/execution/mt5/protocol/messages.ts and
parse-request.ts), reply envelopes, error codes, retcodes and the order tag (order-tag.ts)."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any, Callable, Optional, Union

# ---- error codes and retcodes ----------------------------------------------------------------------

UNKNOWN_COMMAND = "UNKNOWN_COMMAND"
BAD_REQUEST = "BAD_REQUEST"
MT5_ERROR = "MT5_ERROR"
NOT_FOUND = "NOT_FOUND"
DUPLICATE = "DUPLICATE"
ERROR_CODES = (UNKNOWN_COMMAND, BAD_REQUEST, MT5_ERROR, NOT_FOUND, DUPLICATE)


class Retcode:
    """MetaTrader 5 trade server return codes passed through (MqlTradeResult.retcode)."""

    REQUOTE = 10004
    REJECT = 10006
    PLACED = 10008
    DONE = 10009
    DONE_PARTIAL = 10010
    ERROR = 10011
    TIMEOUT = 10012
    INVALID = 10013
    INVALID_VOLUME = 10014
    INVALID_PRICE = 10015
    INVALID_STOPS = 10016
    TRADE_DISABLED = 10017
    MARKET_CLOSED = 10018
    NO_MONEY = 10019
    PRICE_CHANGED = 10020
    PRICE_OFF = 10021
    INVALID_EXPIRATION = 10022
    TOO_MANY_REQUESTS = 10024
    AUTOTRADING_DISABLED = 10027
    INVALID_FILL = 10030
    CONNECTION = 10031
    ONLY_REAL = 10032
    LIMIT_ORDERS = 10033
    LONG_ONLY = 10042
    SHORT_ONLY = 10043
    CLOSE_ONLY = 10044


#: after these the order's fate is unknown: the client reconciles, never resends blindly
UNKNOWN_OUTCOME_RETCODES = frozenset({Retcode.ERROR, Retcode.TIMEOUT, Retcode.CONNECTION})
SUCCESS_RETCODES = frozenset({Retcode.DONE, Retcode.DONE_PARTIAL})


def definitely_rejected(retcode: int) -> bool:
    return retcode not in SUCCESS_RETCODES and retcode not in UNKNOWN_OUTCOME_RETCODES and retcode != Retcode.PLACED


# ---- order tag -------------------------------------------------------------------------------------

MT5_COMMENT_MAX = 31
_REQUEST_ID = re.compile(r"[A-Za-z0-9_-]{1,24}")


def _utf16_len(s: str) -> int:
    """String length as JavaScript counts it (UTF-16 code units), so limits match the zod schemas."""
    return len(s.encode("utf-16-le")) // 2


def _utf16_cut(s: str, units: int) -> str:
    """The longest prefix of s that is at most `units` UTF-16 code units (never half a surrogate pair)."""
    out, used = [], 0
    for ch in s:
        w = 2 if ord(ch) > 0xFFFF else 1
        if used + w > units:
            break
        out.append(ch)
        used += w
    return "".join(out)


def stamp_comment(tag: str, request_id: str) -> str:
    """`<tag>|<requestId>` within MT5's 31 characters: the tag is shortened, never the id."""
    room = MT5_COMMENT_MAX - _utf16_len(request_id) - 1
    if room < 0:
        raise ValueError(f"request id {request_id} is longer than {MT5_COMMENT_MAX - 1} characters")
    return f"{_utf16_cut(tag, room)}|{request_id}"


def request_id_of_comment(comment: str) -> Optional[str]:
    i = comment.rfind("|")
    if i < 0:
        return None
    rid = comment[i + 1 :]
    return rid if _REQUEST_ID.fullmatch(rid) else None


def magic_of(request_id: str) -> int:
    """31-bit FNV-1a of the request id (over UTF-16 code units, as JavaScript's charCodeAt)."""
    h = 0x811C9DC5
    data = request_id.encode("utf-16-le")
    for i in range(0, len(data), 2):
        h ^= data[i] | (data[i + 1] << 8)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h & 0x7FFFFFFF


def cut_comment(comment: str) -> str:
    return _utf16_cut(comment, MT5_COMMENT_MAX)


# ---- replies ---------------------------------------------------------------------------------------


def ok_reply(data: dict, request_id: Optional[str] = None) -> dict:
    reply: dict = {"ok": True}
    if request_id is not None:
        reply["requestId"] = request_id
    reply["data"] = data
    return reply


def error_reply(
    code: str, message: str, request_id: Optional[str] = None, retcode: Optional[int] = None
) -> dict:
    if code not in ERROR_CODES:
        raise ValueError(f"unknown error code {code}")
    err: dict = {"code": code, "message": message}
    if retcode is not None:
        err["retcode"] = int(retcode)
    reply: dict = {"ok": False}
    if request_id is not None:
        reply["requestId"] = request_id
    reply["error"] = err
    return reply


def encode_reply(reply: dict) -> bytes:
    """One JSON frame. NaN/Infinity are not JSON: such a reply becomes an MT5_ERROR."""
    try:
        return json.dumps(reply, allow_nan=False, separators=(",", ":")).encode("utf-8")
    except (ValueError, TypeError) as e:
        rid = reply.get("requestId") if isinstance(reply, dict) else None
        fallback = error_reply(MT5_ERROR, f"the reply could not be encoded: {e}", rid)
        return json.dumps(fallback, separators=(",", ":")).encode("utf-8")


# ---- request validation ----------------------------------------------------------------------------


class Invalid(Exception):
    """A field failed validation; the message says why."""


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _number(v: Any) -> Union[int, float]:
    if not _is_number(v):
        raise Invalid(f"expected a number, received {_type_name(v)}")
    if isinstance(v, float) and math.isnan(v):
        raise Invalid("expected a number, received NaN")
    return v


def _finite(v: Any) -> Union[int, float]:
    v = _number(v)
    if isinstance(v, float) and not math.isfinite(v):
        raise Invalid("expected a finite number")
    return v


def _positive_finite(v: Any) -> float:
    v = _finite(v)
    if not v > 0:
        raise Invalid("must be greater than 0")
    return float(v)


def _nonnegative_finite(v: Any) -> float:
    v = _finite(v)
    if v < 0:
        raise Invalid("must be 0 or more")
    return float(v)


def _integer(v: Any) -> int:
    v = _finite(v)
    if isinstance(v, float):
        if not v.is_integer():
            raise Invalid("expected an integer")
        v = int(v)
    return v


def _int_min(lo: int, hi: Optional[int] = None) -> Callable[[Any], int]:
    def check(v: Any) -> int:
        n = _integer(v)
        if n < lo:
            raise Invalid(f"must be at least {lo}")
        if hi is not None and n > hi:
            raise Invalid(f"must be at most {hi}")
        return n

    return check


def _string(max_len: int, min_len: int = 0) -> Callable[[Any], str]:
    def check(v: Any) -> str:
        if not isinstance(v, str):
            raise Invalid(f"expected a string, received {_type_name(v)}")
        n = _utf16_len(v)
        if n < min_len:
            raise Invalid(f"must be at least {min_len} character(s)")
        if n > max_len:
            raise Invalid(f"must be at most {max_len} characters")
        return v

    return check


def _enum(*options: str) -> Callable[[Any], str]:
    def check(v: Any) -> str:
        if v not in options or not isinstance(v, str):
            raise Invalid(f"expected one of {'|'.join(options)}")
        return v

    return check


def _request_id(v: Any) -> str:
    if not isinstance(v, str) or not _REQUEST_ID.fullmatch(v):
        raise Invalid("1-24 letters, digits, _ or -")
    return v


def _type_name(v: Any) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, (int, float)):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    return "object"


_symbol = _string(32, 1)
TIMEFRAMES = ("M1", "M5", "M15", "M30", "H1", "H4", "D1")

# field -> (validator, required); in the schemas' order, requestId last (as `...base` in messages.ts)
_SCHEMAS: dict = {
    "PING": {},
    "ACCOUNT": {},
    "PRICE": {"symbol": (_symbol, True)},
    "TRADE": {
        "symbol": (_symbol, True),
        "direction": (_enum("BUY", "SELL"), True),
        "volume": (_positive_finite, True),
        "sl": (_positive_finite, False),
        "tp": (_positive_finite, False),
        "comment": (_string(64), False),
        "magic": (_int_min(0), False),
    },
    "CLOSE": {"ticket": (_int_min(1), True), "volume": (_positive_finite, False)},
    # absolute stop and target of a position (0 removes one): the same MODIFY twice leaves it as once did
    "MODIFY": {"ticket": (_int_min(1), True), "sl": (_nonnegative_finite, True), "tp": (_nonnegative_finite, True)},
    # a pending order (not safe to resend: deduplicated by request id as TRADE is); expiry in epoch ms, UTC
    "ORDER": {
        "symbol": (_symbol, True),
        "direction": (_enum("BUY", "SELL"), True),
        "kind": (_enum("LIMIT", "STOP"), True),
        "volume": (_positive_finite, True),
        "price": (_positive_finite, True),
        "sl": (_positive_finite, False),
        "tp": (_positive_finite, False),
        "expiry": (_int_min(1), False),
        "comment": (_string(64), False),
        "magic": (_int_min(0), False),
    },
    # removes a working pending order: safe to resend (an order already gone is NOT_FOUND)
    "CANCEL": {"order": (_int_min(1), True)},
    "ORDERS": {"symbol": (_symbol, False)},
    "POSITIONS": {"symbol": (_symbol, False)},
    "CANDLES": {
        "symbol": (_symbol, True),
        "timeframe": (_enum(*TIMEFRAMES), True),
        "count": (_int_min(1, 10_000), True),
    },
    "SYMBOL": {"symbol": (_symbol, True)},
    "HISTORY": {"since": (_int_min(0), True)},
    "HEARTBEAT": {},
}
COMMANDS = tuple(_SCHEMAS)
#: commands that may be resent after a timeout: they change nothing, set absolute levels (MODIFY) or remove
#: an order (CANCEL: a second delivery finds it gone, NOT_FOUND)
IDEMPOTENT = frozenset(c for c in COMMANDS if c not in ("TRADE", "CLOSE", "ORDER"))


@dataclass(frozen=True)
class Request:
    cmd: str
    fields: dict  # the validated fields (no cmd, no requestId)
    request_id: Optional[str] = None

    def get(self, name: str, default: Any = None) -> Any:
        return self.fields.get(name, default)

    def fingerprint(self) -> str:
        return json.dumps({"cmd": self.cmd, **self.fields}, sort_keys=True, separators=(",", ":"))


@dataclass(frozen=True)
class RequestError:
    code: str
    message: str
    request_id: Optional[str] = None

    def reply(self) -> dict:
        return error_reply(self.code, self.message, self.request_id)


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def parse_request(frame: Union[bytes, str]) -> Union[Request, RequestError]:
    """Parses one request frame at the boundary: BAD_REQUEST naming the field, or UNKNOWN_COMMAND for a
    missing or unknown `cmd` (a request saying `command`, say). Never raises."""
    try:
        text = bytes(frame).decode("utf-8") if not isinstance(frame, str) else frame
        raw = json.loads(text, parse_constant=_no_constants)
    except (ValueError, UnicodeDecodeError, RecursionError, TypeError):
        return RequestError(BAD_REQUEST, "the frame is not valid JSON")
    if not isinstance(raw, dict):
        return RequestError(BAD_REQUEST, "a request is a JSON object")
    rid_raw = raw.get("requestId")
    rid = rid_raw if isinstance(rid_raw, str) and _REQUEST_ID.fullmatch(rid_raw) else None
    cmd = raw.get("cmd")
    if not isinstance(cmd, str) or cmd not in _SCHEMAS:
        hint = ' (the field is "cmd", not "command")' if "command" in raw else ""
        shown = cmd if "cmd" in raw else raw.get("command")
        return RequestError(UNKNOWN_COMMAND, f"unknown command {json.dumps(shown)}{hint}", rid)
    schema = _SCHEMAS[cmd]
    fields: dict = {}
    for name, (check, required) in schema.items():
        if name not in raw:
            if required:
                return RequestError(BAD_REQUEST, f"{cmd}: {name}: required", rid)
            continue
        try:
            fields[name] = check(raw[name])
        except Invalid as e:
            return RequestError(BAD_REQUEST, f"{cmd}: {name}: {e}", rid)
    if "requestId" in raw:
        try:
            _request_id(raw["requestId"])
        except Invalid as e:
            return RequestError(BAD_REQUEST, f"{cmd}: requestId: {e}", rid)
    extra = [k for k in raw if k not in schema and k not in ("cmd", "requestId")]
    if extra:
        return RequestError(BAD_REQUEST, f"{cmd}: {extra[0]}: unrecognized field", rid)
    return Request(cmd, fields, rid)
