"""HYDRA's Windows-side MetaTrader 5 bridge: a ZeroMQ trade server (REP) and price streamer (PUB).

The protocol is docs/bridge-protocol.md; the shared request -> reply vectors are
bridge/protocol/test-vectors.json. Standard library + pyzmq; the MetaTrader5 package is imported
lazily (Windows only) through mt5_adapter.Mt5Adapter so tests can inject a fake.
"""

__version__ = "0.1.0"
