import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { LiveClock } from "../../core/clock.js";
import { HydraError } from "../../core/errors.js";
import type { Engine } from "../../hydra/engine.js";
import { DailyBudget } from "../../hydra/llm/budget.js";
import { CircuitBreaker, describeTransition } from "../../hydra/llm/circuit-breaker.js";
import { JsonlLlmCallStore } from "../../hydra/llm/jsonl-call-store.js";
import { LlmBatchEngine } from "../../hydra/llm/llm-batch-engine.js";
import {
  DEFAULT_LLM_ENGINES,
  engineConfigsFromEnv,
  type LlmEngineConfig,
  parseLlmEngineConfigs,
} from "../../hydra/llm/llm-config.js";
import { LlmEngine } from "../../hydra/llm/llm-engine.js";
import { configuredKeys, redact } from "../../hydra/llm/redact.js";
import { ReplayEngine } from "../../hydra/llm/replay-engine.js";
import type { RunHeader } from "../../hydra/llm/run-header.js";
import { SdkWarningLog } from "../../hydra/llm/sdk-warnings.js";
import { CoinbaseMarketData } from "../../hydra/marketdata/coinbase.js";
import { createFailoverFeed, type FeedKind } from "../../hydra/marketdata/live/feed-factory.js";
import { feedSettingsFromEnv } from "../../hydra/marketdata/live/feed-settings.js";
import { offlineEngines } from "../../hydra/offline/index.js";
import type { BatchEngine } from "../../hydra/turbo/turbo-engine.js";
import type { Bar } from "../../model/market-data.js";
import { NodeAlerts } from "../../runtime/alerts/node-alerts.js";
import { guardedFeedGate } from "../../runtime/hydra-live-loop.js";
import { hydraMode, runHydra } from "../../runtime/hydra-run.js";
import { EngineCommandService } from "../../runtime/node/engine-command-service.js";
import { openNodeStores } from "../../runtime/node/node-stores.js";
import { HydraMetrics } from "../../telemetry/hydra-metrics.js";
import { type MetricsServer, startMetricsServer } from "../../telemetry/metrics-server.js";
import { nodeLogPath, teeNodeLog } from "../../telemetry/node-log.js";
import { apiSettings } from "../api-flags.js";
import { warnWideBinds } from "../bind-warning.js";
import type { CliIo } from "../io.js";
import { nodeSettings } from "../node-settings.js";
import { durationOption, numberOption, portOption, timeOption } from "../options.js";
import { processMetrics } from "../process-metrics.js";
import { untilStopped } from "../stop-signal.js";

interface RunFlags {
  llmConfig?: string;
  engines: string;
  record?: string;
  replay?: string;
  paper?: boolean;
  assets: string[];
  cycle: string;
  duration?: string;
  db?: string;
  config?: string;
  seed?: string;
  speed?: string;
  start?: string;
  cycles?: string;
  cash: string;
  timeout: string;
  json?: boolean;
  logFile?: string;
  feed: string;
  poll: string;
  apiPort?: string;
  apiHost?: string;
  metricsPort?: string;
  metricsHost?: string;
}

/** The LLM engines' settings: a JSON file (an array of engine configs: model ids, temperatures, prices,
 * budgets, key variable names — never keys), or the defaults. */
function llmConfigs(
  file: string | undefined,
  onLeftOut?: (line: string) => void,
): readonly LlmEngineConfig[] {
  // HYDRA_LOCAL_MODEL adds local (Ollama / OpenAI-compatible) gladiators in one step
  if (file === undefined) return engineConfigsFromEnv(DEFAULT_LLM_ENGINES, process.env, onLeftOut);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new HydraError(
      "CONFIG_INVALID",
      `--llm-config: cannot read ${file} as JSON (${e instanceof Error ? e.message : String(e)})`,
      { field: "--llm-config" },
    );
  }
  return engineConfigsFromEnv(parseLlmEngineConfigs(raw, `--llm-config ${file}`), process.env, onLeftOut);
}

/** What every LLM engine of a run shares: the key values to redact, and the SDK's warnings said once. */
interface LlmShared {
  secrets: readonly string[];
  warnings: SdkWarningLog;
}

/** The engines of a run: offline, LLMs (recording every call), or replayed recordings. */
function chooseEngines(
  flags: RunFlags,
  budget: DailyBudget,
  replay: JsonlLlmCallStore | undefined,
  recorder: JsonlLlmCallStore | undefined,
  shared: LlmShared,
  log: (line: string) => void,
): Engine[] {
  const configs = llmConfigs(flags.llmConfig, flags.engines === "llm" ? log : undefined);
  if (replay !== undefined) return configs.map((c) => new ReplayEngine(c, replay));
  if (flags.engines === "offline") return offlineEngines();
  if (flags.engines !== "llm" || recorder === undefined)
    throw new HydraError("CLI_USAGE", `--engines must be offline or llm, got "${flags.engines}"`, {
      field: "--engines",
    });
  return configs.map(
    (c) => new LlmEngine(c, { env: process.env, store: recorder, budget, clock: new LiveClock(), ...shared }),
  );
}

/** Turbo batch with LLM engines: each proposes its candidates through its own batch prompt. */
function llmBatchEngines(
  flags: RunFlags,
  budget: DailyBudget,
  recorder: JsonlLlmCallStore,
  shared: LlmShared,
): Map<string, BatchEngine> {
  return new Map(
    llmConfigs(flags.llmConfig).map((c) => [
      c.id,
      new LlmBatchEngine(c, { env: process.env, store: recorder, budget, clock: new LiveClock(), ...shared }),
    ]),
  );
}

/**
 * The engines' warm-up on a live feed: Coinbase's public M5 candles since `sinceMs` (CoinGecko's OHLC is
 * 30-minute bars at best, so Coinbase's serve whichever source trades).
 */
function coinbaseHistory(env: Readonly<Record<string, string | undefined>>) {
  const s = feedSettingsFromEnv(env);
  return async (assets: readonly string[], sinceMs: number): Promise<Map<string, Bar[]>> => {
    const client = new CoinbaseMarketData({
      timeoutMs: s.timeoutMs,
      ...(s.coinbaseUrl === undefined ? {} : { restUrl: s.coinbaseUrl }),
    });
    const out = new Map<string, Bar[]>();
    for (const a of assets) out.set(a, await client.fetchBars(a, "M5", sinceMs));
    return out;
  };
}

const FEEDS = ["synthetic", "coinbase", "coingecko"] as const;

/** --feed: the synthetic market (the embedded default) or a live source with the other as its fallback. */
function feedKind(flags: RunFlags): FeedKind | undefined {
  if (!(FEEDS as readonly string[]).includes(flags.feed))
    throw new HydraError("CLI_USAGE", `--feed must be one of ${FEEDS.join(", ")}, got "${flags.feed}"`, {
      field: "--feed",
    });
  if (flags.feed === "synthetic") return undefined;
  if (flags.replay !== undefined)
    throw new HydraError("CLI_USAGE", "--replay rebuilds the recorded synthetic market: leave out --feed", {
      field: "--feed",
    });
  if (flags.speed !== undefined && Number(flags.speed) !== 1)
    throw new HydraError("CLI_USAGE", "a live feed runs in real time: leave out --speed (or give 1)", {
      field: "--speed",
    });
  return flags.feed as FeedKind;
}

/** The run header of a recording to replay: without one the market cannot be rebuilt. */
function replayHeader(file: string, replay: JsonlLlmCallStore): RunHeader {
  const header = replay.lastRun();
  if (header === undefined)
    throw new HydraError(
      "CLI_USAGE",
      `--replay: ${file} holds no run header (the market's seed and start), so the run cannot be rebuilt bit for bit; record it again with this version`,
      { field: "--replay" },
    );
  if (header.resumed)
    throw new HydraError(
      "CLI_USAGE",
      `--replay: the run recorded in ${file} continued a saved tournament; only a run started on a fresh database replays bit for bit`,
      { field: "--replay" },
    );
  return header;
}

export function registerHydraRun(program: Command, io: CliIo): void {
  program
    .command("run")
    .description(
      "the HYDRA engines (offline strategists by default) trading paper portfolios on the synthetic market, in a tournament; runs until Ctrl-C, continues the tournament saved in --db, and halts on the kill switch (KILL_SWITCH=true or `hydra kill-switch on`)",
    )
    .option("--paper", "paper trading (the only mode of hydra run: every order goes to a simulated venue)")
    .option(
      "--engines <kind>",
      "offline (four deterministic strategists, no keys) or llm (DeepSeek, Claude, Grok, Gemini: keys from the environment)",
      "offline",
    )
    .option(
      "--llm-config <file.json>",
      "llm: engine settings (an array of {id, provider, model, temperature, pricing, budgets, apiKeyEnv, …})",
    )
    .option("--record <file.jsonl>", "llm: store every call here (default data/hydra/llm-calls.jsonl)")
    .option(
      "--replay <file.jsonl>",
      "answer from recorded calls, bit for bit, with no API call: the recording's market seed, start, assets, cycle, mode and cash are used (a fresh tournament: give it its own --db)",
    )
    .option("--assets <symbols...>", "assets", ["BTC-USD", "ETH-USD", "SOL-USD"])
    .option("--cycle <d>", "market time between Mother AI cycles", "5m")
    .option("--duration <d>", "stop after this wall time; until Ctrl-C when absent")
    .option("--db <path>", "SQLite database (default $HYDRA_DB or data/hydra/hydra.db)")
    .option("--config <file>", "node configuration (YAML or JSON, see README): db, market.seed, market.speed")
    .option("--seed <n>", "synthetic market seed (default 1)")
    .option("--speed <x>", "market time per wall time (default 1)")
    .option(
      "--start <iso>",
      "synthetic market: where a fresh tournament's market starts (default now), so that runs on one seed trade the same market",
    )
    .option(
      "--cycles <n>",
      "stop once the tournament has run this many cycles in all (a resumed run counts the earlier runs'), its orders filled",
    )
    .option(
      "--feed <source>",
      "prices: synthetic (the seeded synthetic market), coinbase or coingecko (live, the other as the fallback; paper fills at the live bid/ask)",
      "synthetic",
    )
    .option("--poll <d>", "live feed: wall time between two polls of the prices", "5s")
    .option(
      "--api-port <n>",
      "serve the HTTP API and the dashboard on this port (127.0.0.1; control with HYDRA_API_TOKEN)",
    )
    .option("--api-host <host>", "address the API binds to (default 127.0.0.1)")
    .option(
      "--metrics-port <n>",
      "serve Prometheus metrics (the tournament's and the process's) on this port (0: any free port)",
    )
    .option("--metrics-host <host>", "address the metrics bind to (default 127.0.0.1)")
    .option("--cash <n>", "each engine's paper portfolio", "25000")
    .option("--timeout <d>", "how long an engine may take to answer", "30s")
    .option("--json", "print the final summary as JSON (with resumedFrom); the log goes to stderr")
    .option(
      "--log-file <path>",
      "structured JSON log, rotated at $HYDRA_LOG_MAX_BYTES (default <folder of --db>/logs/run.log; none: off)",
    )
    .action(async (flags: RunFlags) => {
      // a recording that is not there is said before anything opens (not as "holds no run header")
      if (flags.replay !== undefined && !existsSync(flags.replay))
        throw new HydraError("CLI_USAGE", `--replay: no such file ${flags.replay}`, { field: "--replay" });
      const mode = hydraMode(process.env);
      const node = nodeSettings(flags, process.env);
      warnWideBinds(io, [
        ["--metrics-host", flags.metricsHost ?? node.file.metrics?.host],
        ["--api-host", flags.apiHost],
      ]);
      const db = node.db;
      const wall = new LiveClock();
      const nodeLog = teeNodeLog({
        print: (l) => (flags.json ? io.err(`${l}\n`) : io.out(`${l}\n`)),
        file: nodeLogPath(flags.logFile, db, "run"),
        node: "run",
        env: process.env,
      });
      const log = nodeLog.log;
      // the journal, state, outbox…: in the SQLite file, or in PostgreSQL (HYDRA_DB_URL)
      const stores = openNodeStores(db, process.env, wall, log);
      const journal = stores.hydraJournal();
      const store = stores.hydraState();
      // LLM spend of today (UTC, wall time) already in the database counts against the daily budgets
      const budget = new DailyBudget();
      for (const s of journal.spentToday(wall.now()))
        budget.add(s.engine, { inputTokens: s.tokens, outputTokens: 0, costUsd: s.usd }, wall.now());
      // alerts to the channels the environment configures (Telegram, SMS, email), Telegram commands
      const alerts = new NodeAlerts({
        stores,
        env: process.env,
        ...(node.file.alerts === undefined ? {} : { routing: node.file.alerts }),
        wall,
        log,
      });
      const raise = alerts.sink("hydra");
      const replay = flags.replay === undefined ? undefined : new JsonlLlmCallStore(flags.replay);
      const header = replay === undefined ? undefined : replayHeader(flags.replay!, replay);
      const recorder =
        flags.engines === "llm" && replay === undefined
          ? new JsonlLlmCallStore(flags.record ?? path.join(path.dirname(db), "llm-calls.jsonl"))
          : undefined;
      for (const note of [...(replay?.notes ?? []), ...(recorder?.notes ?? [])]) log(`llm calls: ${note}`);
      const feed = feedKind(flags);
      // the flag only: a node configuration's market.start is the demo's (hydra run never took it)
      const startMs = timeOption("--start", flags.start);
      if (startMs !== undefined && (feed !== undefined || flags.replay !== undefined))
        throw new HydraError(
          "CLI_USAGE",
          `--start sets the synthetic market's start: leave it out with ${feed === undefined ? "--replay (the recording has its own)" : "a live --feed"}`,
          { field: "--start" },
        );
      const maxCycles = numberOption("--cycles", flags.cycles, { integer: true, min: 1 });
      if (maxCycles !== undefined && feed !== undefined)
        throw new HydraError(
          "CLI_USAGE",
          "--cycles runs the synthetic market: leave it out with a live --feed",
          {
            field: "--cycles",
          },
        );
      // every key value is redacted from what a provider says; each SDK warning is said once per engine
      const secrets = configuredKeys(flags.engines === "llm" ? llmConfigs(flags.llmConfig) : [], process.env);
      const shared: LlmShared = {
        secrets,
        warnings: new SdkWarningLog(log, (t) => redact(t, secrets)),
      };
      // each engine behind a circuit breaker: paused after repeated failures, resumed by itself (wall time)
      const engines = chooseEngines(flags, budget, replay, recorder, shared, log).map(
        (e) =>
          new CircuitBreaker(e, {
            clock: wall,
            secrets,
            onTransition: (t) => {
              log(`${new Date(t.time).toISOString()} (wall) ${describeTransition(t)}`);
              // opened by failures (not paused by an operator): the operator hears of it
              if (t.to === "open" && t.reason === "failures")
                raise.raise("breaker-open", `breaker-open:${t.engineId}:${t.time}`, {
                  engine: t.engineId,
                  failures: t.failures,
                  cause: t.cause,
                  detail: t.detail.slice(0, 200),
                  resumesAt: t.until === null ? null : `${new Date(t.until).toISOString()} (wall)`,
                });
            },
          }),
      );
      const settings = {
        assets: header?.assets ?? flags.assets,
        mode: header?.mode ?? mode,
        cycleMs: header?.cycleMs ?? durationOption("--cycle", flags.cycle)!,
        cash: header?.cash ?? numberOption("--cash", flags.cash, { positive: true })!,
        seed: header?.seed ?? node.seed ?? 1,
      };
      if (header !== undefined)
        log(
          `replaying the run recorded at ${header.recordedWall} (wall): seed ${header.seed}, market start ${new Date(header.marketStartMs).toISOString()} (market)`,
        );
      // `hydra engine pause|resume <id>` reaches these engines' breakers within a second
      const control = new EngineCommandService({ dbPath: db, env: process.env, engines, wall, log });
      const metricsPort = portOption("--metrics-port", flags.metricsPort) ?? node.file.metrics?.port;
      const metricsHost = flags.metricsHost ?? node.file.metrics?.host ?? "127.0.0.1";
      const hydraMetrics =
        metricsPort === undefined
          ? undefined
          : new HydraMetrics(
              engines.map((e) => e.id),
              settings.assets,
            );
      // each LLM engine's share of today's budget left (tokens or USD, the tighter); offline: none
      const budgets = new Map(
        flags.engines === "llm" ? llmConfigs(flags.llmConfig).map((c) => [c.id, c.budgets]) : [],
      );
      const budgetLeft = (id: string, wallMs: number): number | undefined => {
        const b = budgets.get(id);
        if (b === undefined) return undefined;
        const s = budget.spent(id, wallMs);
        return Math.max(0, 1 - Math.max(s.tokens / b.maxTokensPerDay, s.usd / b.maxUsdPerDay));
      };
      await untilStopped(async (stopSignal) => {
        control.start();
        let metricsServer: MetricsServer | undefined;
        try {
          if (hydraMetrics !== undefined && metricsPort !== undefined) {
            metricsServer = await startMetricsServer({
              sources: [hydraMetrics, processMetrics("run", alerts)],
              port: metricsPort,
              host: metricsHost,
            });
            log(`metrics on http://${metricsHost}:${metricsServer.port}/metrics`);
          }
          const r = await runHydra({
            engines,
            ...(settings.mode === "turbo" && recorder !== undefined
              ? { batchEngines: llmBatchEngines(flags, budget, recorder, shared) }
              : {}),
            ...(feed === undefined
              ? {}
              : {
                  live: ((f) => ({
                    name: feed,
                    feed: f,
                    gate: guardedFeedGate(f, settings.assets),
                    history: coinbaseHistory(process.env),
                    pollMs: durationOption("--poll", flags.poll)!,
                  }))(createFailoverFeed(feed, process.env, wall, log)),
                }),
            ...settings,
            speed: node.speed ?? 1,
            durationMs: durationOption("--duration", flags.duration) ?? Number.POSITIVE_INFINITY,
            ...(maxCycles === undefined ? {} : { maxCycles }),
            ...(startMs === undefined ? {} : { startMs }),
            timeoutMs: durationOption("--timeout", flags.timeout)!,
            journal,
            // a replay is a fresh tournament on the recorded market: it neither resumes nor saves state
            ...(header === undefined
              ? { store }
              : { market: { originMs: header.originMs, startMs: header.marketStartMs } }),
            ...(recorder === undefined
              ? {}
              : {
                  onStart: (start: { originMs: number; marketStartMs: number; resumed: boolean }) =>
                    recorder.recordRun({
                      kind: "run",
                      ...settings,
                      assets: [...settings.assets],
                      originMs: start.originMs,
                      marketStartMs: start.marketStartMs,
                      engines: engines.map((e) => e.id),
                      resumed: start.resumed,
                      recordedWall: new Date(wall.now()).toISOString(),
                    }),
                }),
            killSwitchDb: db,
            controlJournal: stores.controlJournal(),
            alerts,
            ...(hydraMetrics === undefined ? {} : { metrics: { hydra: hydraMetrics, budgetLeft } }),
            env: process.env,
            ...((api) =>
              api === undefined
                ? {}
                : {
                    api: {
                      ...api,
                      // the operator pauses and resumes engines through their circuit breakers
                      engines: {
                        state: (id: string) => {
                          const b = engines.find((e) => e.id === id);
                          return b === undefined ? undefined : b.state === "closed" ? "running" : "paused";
                        },
                        pause: (id: string) => engines.find((e) => e.id === id)?.pause(),
                        resume: (id: string) => engines.find((e) => e.id === id)?.resume(),
                      },
                    },
                  })(apiSettings(flags, process.env)),
            log,
            stopSignal,
          });
          if (flags.json) io.out(`${JSON.stringify(r)}\n`);
          else
            io.out(
              `stopped after ${r.cyclesThisRun} cycle(s) (${r.cycles} in all); state saved in ${stores.where} (run ${r.runId})\n`,
            );
        } finally {
          await metricsServer?.close();
          control.stop();
          await alerts.close();
          stores.close();
          nodeLog.close();
        }
      });
    });
}
