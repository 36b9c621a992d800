#!/usr/bin/env bash
# Writes the project's prometheus.yml for a host without Docker: the two jobs and Alertmanager at the
# given addresses instead of compose.yaml's service names, the rules at an absolute path, and the
# scrape/evaluation interval. Used by `make stack` and by the systemd install (README).
#   local-config.sh OUT RUNTIME_TARGET FTMO_TARGET ALERTMANAGER_TARGET RULES_FILE [INTERVAL]
set -euo pipefail
if [ $# -lt 5 ]; then
  echo "usage: local-config.sh OUT RUNTIME_TARGET FTMO_TARGET ALERTMANAGER_TARGET RULES_FILE [INTERVAL]" >&2
  exit 2
fi
out=$1 runtime=$2 ftmo=$3 am=$4 rules=$5 interval=${6:-15s}
sed -e "s/hydra-runtime:9100/$runtime/" \
  -e "s/ftmo-runner:9100/$ftmo/" \
  -e "s/alertmanager:9093/$am/" \
  -e "s/scrape_interval: 15s/scrape_interval: $interval/" \
  -e "s/evaluation_interval: 15s/evaluation_interval: $interval/" \
  -e "s#- rules/hydra.rules.yml#- $rules#" \
  "$(dirname "$0")/prometheus.yml" >"$out"
