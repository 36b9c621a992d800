#!/usr/bin/env bash
# make stack: the monitoring stack without Docker, on loopback — `hydra demo` (both halves, metrics on
# one port), Debian's Prometheus (the project's rules, both jobs scraping the demo) and Alertmanager
# (configuration rendered from the environment / .env). Prints the addresses; Ctrl-C stops everything.
# Ports and folders can be changed through HYDRA_STACK_* (the tests run it on free ports).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
dir=${HYDRA_STACK_DIR:-data/stack}
prom_port=${HYDRA_STACK_PROMETHEUS_PORT:-9090}
am_port=${HYDRA_STACK_ALERTMANAGER_PORT:-9093}
metrics_port=${HYDRA_STACK_METRICS_PORT:-9100}
api_port=${HYDRA_STACK_API_PORT:-8080}
speed=${HYDRA_STACK_SPEED:-60}
interval=${HYDRA_STACK_SCRAPE_INTERVAL:-15s}
db=${HYDRA_STACK_DB:-}

prometheus=$(command -v prometheus || true)
alertmanager=$(command -v prometheus-alertmanager || command -v alertmanager || true)
if [ -z "$prometheus" ] || [ -z "$alertmanager" ]; then
  echo "stack: needs Debian's prometheus and prometheus-alertmanager (make setup installs them)" >&2
  exit 1
fi
mkdir -p "$dir"
bash monitoring/alertmanager/render-config.sh "$dir/alertmanager" | sed 's/^/[stack] /'
# the project's prometheus.yml, both jobs pointed at the local demo (it serves both halves on one port)
bash monitoring/prometheus/local-config.sh "$dir/prometheus.yml" "127.0.0.1:$metrics_port" "127.0.0.1:$metrics_port" \
  "127.0.0.1:$am_port" "$root/monitoring/prometheus/rules/hydra.rules.yml" "$interval"

pids=()
stop() {
  trap - EXIT INT TERM
  echo "[stack] stopping"
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  echo "[stack] stopped"
}
trap stop EXIT
trap 'exit 0' INT TERM

node bin/hydra.js demo --speed "$speed" --metrics-port "$metrics_port" --api-port "$api_port" ${db:+--db "$db"} \
  > >(sed -u 's/^/[demo] /') 2>&1 &
pids+=($!)
"$prometheus" --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/prometheus-data" \
  --web.listen-address="127.0.0.1:$prom_port" >"$dir/prometheus.log" 2>&1 &
pids+=($!)
"$alertmanager" --config.file="$dir/alertmanager/alertmanager.yml" --storage.path="$dir/alertmanager-data" \
  --web.listen-address="127.0.0.1:$am_port" --cluster.listen-address= >"$dir/alertmanager.log" 2>&1 &
pids+=($!)

# each part listening (a part that dies first is said, and everything stops)
wait_port() {
  until (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; do
    for p in "${pids[@]}"; do
      kill -0 "$p" 2>/dev/null || { echo "[stack] $2 did not start (logs in $dir)" >&2; exit 1; }
    done
    sleep 0.2
  done
}
wait_port "$metrics_port" "hydra demo"
wait_port "$api_port" "hydra demo's API"
wait_port "$prom_port" prometheus
wait_port "$am_port" alertmanager
cat <<EOT
[stack] up (Ctrl-C stops everything):
[stack]   dashboard     http://127.0.0.1:$api_port/
[stack]   metrics       http://127.0.0.1:$metrics_port/metrics
[stack]   prometheus    http://127.0.0.1:$prom_port/
[stack]   alertmanager  http://127.0.0.1:$am_port/
[stack]   logs          $dir/prometheus.log, $dir/alertmanager.log
[stack] Grafana is not part of the local stack (see README: docker compose runs it)
EOT
wait -n "${pids[@]}" || true
echo "[stack] a part of the stack exited; stopping the rest" >&2
exit 1
