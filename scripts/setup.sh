#!/usr/bin/env bash
# Idempotent set-up: Debian packages the tests need (only when missing), npm packages, then the build.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages needed by tests, installed only when missing.
# python3-zmq: the Windows bridge's Python tests and the plain-client tests run on Debian's /usr/bin/python3.
# chromium: the dashboard's and the HTML reports' browser tests (playwright-core drives /usr/bin/chromium).
# prometheus (promtool), prometheus-alertmanager (amtool): the monitoring tests and `make stack`;
# docker-compose: `docker compose config` validates compose.yaml in the tests (images are not pulled).
# postgresql: the PostgreSQL backend's tests start their own cluster (initdb, pg_ctl) in a temporary folder.
# redis-server: the sweeps on BullMQ workers (hydra worker, --queue); the tests start their own server.
APT_PACKAGES=(python3-zmq prometheus prometheus-alertmanager docker-compose chromium postgresql redis-server ${HYDRA_APT_PACKAGES:-})
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing Debian packages: ${missing[*]} (run as root to install them)" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

# npm packages: `npm ci` when node_modules is absent or older than the lock file.
# A node_modules that is a symbolic link (a git worktree sharing another checkout's packages) is left as it
# is: `npm ci` would empty the folder it points to.
if [ -L node_modules ]; then
  echo "setup: node_modules is a link to $(readlink node_modules): npm ci skipped"
elif [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

# The git pre-commit hook: format check and lint of staged .ts files (skipped without a .git).
bash scripts/install-hooks.sh

# Build (incremental: a no-op when nothing changed).
npx tsc -p tsconfig.build.json
# Test helpers never ship (tsconfig.build.json excludes them); an older build may have left some behind.
find dist \( -path '*/test-support/*' -o -name 'test-support.js*' -o -name 'test-*.js*' -o -name '*.contract.js*' -o -name '*.test.js*' \) -type f -delete 2>/dev/null || true
