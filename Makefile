# HYDRA — every target that runs code sets up first (idempotent).
SHELL := /bin/bash
.PHONY: setup run stack test unit smoke soak bench backtests fmt lint typecheck

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

# the live-account soak of the issue: hydra ftmo --mode live beside the simulated bridge, sampled every second for 10 minutes
soak: setup
	HYDRA_SOAK_SECONDS=600 npx vitest run src/cli/commands/ftmo-live-soak.e2e.test.ts

# the crash campaign at the issue's size (20 seeded kills), 150 bridge fault schedules, the storage-fault and secrets suites
reliability: setup
	HYDRA_CRASH_KILLS=20 HYDRA_FAULT_SCHEDULES=150 npx vitest run src/cli/commands/ftmo-crash-campaign.e2e.test.ts src/runtime/bridge-fault-schedules.test.ts src/cli/storage-faults.e2e.test.ts src/cli/secrets.e2e.test.ts

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
