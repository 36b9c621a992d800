# HYDRA — every target that runs code sets up first (idempotent).
SHELL := /bin/bash
.PHONY: setup run stack test unit smoke soak reliability bench backtests fmt lint typecheck

setup:
	@bash scripts/setup.sh

run: setup
	node bin/hydra.js demo --speed 60

# the monitoring stack without Docker: hydra demo, Debian's Prometheus and Alertmanager; Ctrl-C stops it
stack: setup
	bash scripts/stack.sh

# the dead-code check runs last, so a finding never hides the test results
test: setup
	npx tsc -p tsconfig.json --noEmit
	npx biome lint src bench bin
	bash bridge/mt5/run-tests.sh
	npx vitest run
	npx knip --no-progress

unit: setup
	bash bridge/mt5/run-tests.sh
	npx vitest run --exclude 'src/**/*.e2e.test.ts'

smoke: setup
	node bin/hydra.js backtest --symbol XAUUSD --days 30 --strategy sma-cross --param period=20 --param volume=0.1

# 24 h of market time of both halves as deployed (hydra run --paper and hydra ftmo on one database) at
# 120× (12 minutes), then the live-account soak: hydra ftmo --mode live beside the simulated bridge, 10 minutes
soak: setup
	HYDRA_SOAK_MARKET_HOURS=24 HYDRA_SOAK_SPEED=120 npx vitest run src/cli/commands/production-soak.e2e.test.ts
	HYDRA_SOAK_SECONDS=600 npx vitest run src/cli/commands/ftmo-live-soak.e2e.test.ts

# the bad-input suites, the crash campaigns at the issue's size (20 seeded kills each), 1000 bridge fault
# schedules, the storage-fault and secrets suites, a 20 s Redis outage under a queued sweep; then one
# table of what was tried and how it ended
# (each suite writes its summary into HYDRA_RELIABILITY_OUT; scripts/reliability-table.mjs prints them)
reliability: setup
	@out=$$(mktemp -d); status=0; \
	HYDRA_RELIABILITY_OUT=$$out HYDRA_CRASH_KILLS=20 HYDRA_FAULT_SCHEDULES=1000 HYDRA_QUEUE_OUTAGE_MS=20000 npx vitest run src/cli/bad-input-*.e2e.test.ts src/cli/commands/worker-outage.e2e.test.ts src/cli/commands/ftmo-crash-campaign.e2e.test.ts src/cli/commands/hydra-run-crash-campaign.e2e.test.ts src/runtime/bridge-fault-schedules.test.ts src/cli/storage-faults.e2e.test.ts src/cli/secrets.e2e.test.ts || status=$$?; \
	echo; node scripts/reliability-table.mjs $$out; rm -rf $$out; exit $$status

bench: setup
	node dist/bench/run.js

backtests: setup
	node dist/bench/ftmo-backtests.js  # writes reports/; 66–110 s wall on 2 shared cores (measured)

fmt: setup
	npx biome format --write src bench bin

lint: setup
	npx tsc -p tsconfig.json --noEmit
	npx biome lint src bench bin
	npx knip --no-progress
