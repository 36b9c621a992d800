#!/usr/bin/env bash
# Runs the Python MT5 bridge's unit tests (standard library unittest + python3-zmq; no MetaTrader5 needed).
# Usage: bridge/mt5/run-tests.sh [extra unittest args]   (from anywhere; exits non-zero on failure)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
PY="${HYDRA_BRIDGE_PYTHON:-/usr/bin/python3}"
if ! "$PY" -c "import zmq" 2>/dev/null; then
  echo "bridge/mt5: $PY cannot import zmq (apt-get install python3-zmq)" >&2
  exit 1
fi
cd "$repo"
exec "$PY" -m unittest discover -s bridge/mt5/tests -t bridge/mt5 "$@"
