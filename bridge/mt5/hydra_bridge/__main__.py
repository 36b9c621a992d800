"""python -m hydra_bridge trade|prices  (settings from the environment; see bridge/mt5/README.md)."""

from __future__ import annotations

import argparse
import logging
import os
import sys

from .dedupe import DedupeCache
from .mt5_adapter import Mt5Adapter, Mt5Unavailable
from .settings import SettingsError, load_settings

log = logging.getLogger("hydra_bridge")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m hydra_bridge", description="HYDRA MetaTrader 5 bridge")
    ap.add_argument("service", choices=["trade", "prices"], help="trade: REP trade server; prices: PUB price streamer")
    ap.add_argument("--log-level", default=os.environ.get("HYDRA_BRIDGE_LOG_LEVEL", "INFO"))
    args = ap.parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    try:
        settings = load_settings(os.environ)
    except SettingsError as e:
        print(f"hydra_bridge: {e}", file=sys.stderr)
        return 2
    log.info("settings: %s", settings.describe())
    if settings.curve is None:
        for name, addr in (("HYDRA_BRIDGE_REP", settings.rep_addr), ("HYDRA_BRIDGE_PUB", settings.pub_addr)):
            if addr.startswith("tcp://") and not addr.startswith(("tcp://127.0.0.1:", "tcp://localhost:", "tcp://[::1]:")):
                log.warning("%s binds %s without CurveZMQ: anyone who reaches the port can trade. "
                            "Bind 127.0.0.1 and use an SSH tunnel, or set the HYDRA_BRIDGE_CURVE_* keys.", name, addr)

    adapter = Mt5Adapter(server_offset_hours=settings.server_offset_hours)
    try:
        # attach to the running terminal; only the trade server logs in, and only when the terminal is not
        # logged in to the configured account (the price streamer never logs in)
        creds = (settings.login, settings.password, settings.server) if args.service == "trade" else (None, None, None)
        if not adapter.initialize(*creds):
            log.error("could not connect to the MetaTrader 5 terminal: is it running and logged in? (will retry)")
    except Mt5Unavailable as e:
        print(f"hydra_bridge: {e}", file=sys.stderr)
        return 2

    try:
        if args.service == "trade":
            from .trade_server import TradeServer

            server = TradeServer(adapter, dedupe=DedupeCache(), secrets=settings.secrets, deviation=settings.deviation,
                                 symbols=settings.symbols)
            server.serve(settings.rep_addr, curve=settings.curve)
        else:
            from .price_streamer import PriceStreamer

            if not settings.symbols:
                print("hydra_bridge: HYDRA_BRIDGE_SYMBOLS: list the symbols to stream, e.g. XAUUSD,EURUSD", file=sys.stderr)
                return 2
            PriceStreamer(adapter, settings.symbols).serve(settings.pub_addr, curve=settings.curve)
    except KeyboardInterrupt:
        log.info("interrupted")
    finally:
        adapter.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
