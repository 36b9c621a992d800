import type { Command } from "commander";
import { LiveClock } from "../../core/clock.js";
import { offlineEngines } from "../../hydra/offline/index.js";
import { killSwitchFromEnv } from "../../risk/kill-switch/kill-switch-env.js";
import type { PhaseName, ProgramName } from "../../risk/prop-firm/program.js";
import { NodeAlerts } from "../../runtime/alerts/node-alerts.js";
import type { ApiServer } from "../../runtime/api/api-server.js";
import { type ApiNode, compositeNode } from "../../runtime/api/composite-node.js";
import type { EventSink } from "../../runtime/api/event-stream.js";
import { serveNode } from "../../runtime/api/serve-node.js";
import { demoMarketStart } from "../../runtime/ftmo/demo-market-start.js";
import { ftmoBots } from "../../runtime/ftmo/ftmo-bot-plan.js";
import { runFtmo } from "../../runtime/ftmo/ftmo-runner.js";
import { hydraMode, runHydra } from "../../runtime/hydra-run.js";
import { openNodeStores } from "../../runtime/node/node-stores.js";
import { HydraMetrics } from "../../telemetry/hydra-metrics.js";
import { nodeLogPath, teeNodeLog } from "../../telemetry/node-log.js";
import { apiSettings } from "../api-flags.js";
import { warnWideBinds } from "../bind-warning.js";
import type { CliIo } from "../io.js";
import { nodeSettings } from "../node-settings.js";
import { durationOption, portOption } from "../options.js";
import { processMetrics } from "../process-metrics.js";
import { untilStopped } from "../stop-signal.js";

interface DemoFlags {
  config?: string;
  speed?: string;
  duration?: string;
  metricsPort?: string;
  metricsHost?: string;
  apiPort?: string;
  db?: string;
  logFile?: string;
}

/** `make run`: both halves on the embedded default, in one process, with prefixed logs. */
export function registerDemo(program: Command, io: CliIo): void {
  program
    .command("demo")
    .description(
      "both halves on the embedded default: the HYDRA engines on the synthetic market and the FTMO bots on the simulated bridge (paper, no keys, no network), until Ctrl-C",
    )
    .option(
      "--config <file>",
      "node configuration (YAML or JSON, see README): db, metrics, market.speed, ftmo",
    )
    .option("--speed <x>", "market time per wall time (default 60)")
    .option("--duration <d>", "stop after this wall time; until Ctrl-C when absent")
    .option(
      "--metrics-port <n>",
      "Prometheus metrics of both halves and the process (default 9100; 0: any free port)",
    )
    .option("--metrics-host <host>", "address the metrics bind to (default 127.0.0.1)")
    .option(
      "--api-port <n>",
      "the dashboard and the HTTP API of both halves (default 8080, on 127.0.0.1; control with HYDRA_API_TOKEN)",
    )
    .option(
      "--db <path>",
      "SQLite database (default $HYDRA_DB or data/hydra/hydra.db); both halves resume from it",
    )
    .option(
      "--log-file <path>",
      "structured JSON log, rotated at $HYDRA_LOG_MAX_BYTES (default <folder of --db>/logs/demo.log; none: off)",
    )
    .action(async (flags: DemoFlags) => {
      // a flag, then the environment, then the config file, then the default
      const node = nodeSettings(flags, process.env);
      warnWideBinds(io, [["--metrics-host", flags.metricsHost ?? node.file.metrics?.host]]);
      // the environment is checked before either half starts (KILL_SWITCH=maybe is refused, not ignored)
      killSwitchFromEnv(process.env);
      const { file, db } = node;
      const speed = node.speed ?? 60;
      const durationMs = durationOption("--duration", flags.duration) ?? Number.POSITIVE_INFINITY;
      const metricsPort = portOption("--metrics-port", flags.metricsPort) ?? file.metrics?.port ?? 9100;
      // one file for both halves and the API: each record's msg keeps its [hydra]/[ftmo]/[api] prefix
      const nodeLog = teeNodeLog({
        print: (l) => io.out(`${l}\n`),
        file: nodeLogPath(flags.logFile, db, "demo"),
        node: "demo",
        env: process.env,
      });
      // both halves' records: in the SQLite file, or in PostgreSQL (HYDRA_DB_URL)
      const stores = openNodeStores(db, process.env, new LiveClock(), (l) => nodeLog.log(`[db]    ${l}`));
      const journal = stores.hydraJournal();
      const store = stores.hydraState();
      // one outbox, one set of channels and one Telegram bot for both halves
      const alerts = new NodeAlerts({
        stores,
        env: process.env,
        ...(file.alerts === undefined ? {} : { routing: file.alerts }),
        wall: new LiveClock(),
        log: (l) => nodeLog.log(`[alert] ${l}`),
      });
      // both halves on one API and one dashboard: the FTMO account and the tournament
      let ftmoNode: { node: ApiNode; bind: (p: EventSink) => void } | undefined;
      let hydraNode: { node: ApiNode; bind: (p: EventSink) => void } | undefined;
      let server: ApiServer | undefined;
      const serveWhenBoth = async (): Promise<void> => {
        if (ftmoNode === undefined || hydraNode === undefined || server !== undefined) return;
        const both = compositeNode("demo", ftmoNode.node, hydraNode.node);
        // Telegram commands act on both halves (a bot is paused on the FTMO half, an engine on HYDRA's)
        alerts.serve(both, "demo");
        server = await serveNode(
          apiSettings(flags, process.env, 8080),
          both,
          (l) => nodeLog.log(`[api]   ${l}`),
          "dashboard",
        );
        if (server === undefined) return;
        ftmoNode.bind(server.publish);
        hydraNode.bind(server.publish);
      };
      // a port already taken: both halves trade on, the operator is told how to choose another
      const noDashboard = (e: unknown): void =>
        io.out(
          `[api]   no dashboard: ${e instanceof Error ? e.message : String(e)} (give another --api-port)\n`,
        );
      const engines = offlineEngines();
      const assets = ["BTC-USD", "ETH-USD", "SOL-USD"];
      // both halves' metrics and the process's on the one metrics port (the FTMO runner serves them)
      const hydraMetrics = new HydraMetrics(
        engines.map((e) => e.id),
        assets,
      );
      try {
        await untilStopped(async (signal) => {
          // a half that fails (a bad metrics host) stops the other one: the demo exits instead of hanging
          let halfFailed: () => void = () => {};
          const stopSignal = Promise.race([
            signal,
            new Promise<void>((resolve) => {
              halfFailed = resolve;
            }),
          ]);
          const stopOnFailure = <T>(half: Promise<T>): Promise<T> =>
            half.catch((e: unknown) => {
              halfFailed();
              throw e;
            });
          const [hydraHalf, ftmoHalf] = await Promise.allSettled([
            stopOnFailure(
              runHydra({
                engines,
                assets,
                metrics: { hydra: hydraMetrics },
                mode: hydraMode(process.env),
                cycleMs: 5 * 60_000,
                cash: 25_000,
                seed: node.seed ?? 1,
                speed,
                durationMs,
                timeoutMs: 30_000,
                journal,
                // desks, standings, lessons and evolution continue from the last run on this database
                store,
                // the HYDRA half halts on the kill switch too (KILL_SWITCH or guardian_state in --db)
                killSwitchDb: db,
                controlJournal: stores.controlJournal(),
                alerts,
                env: process.env,
                log: (l) => nodeLog.log(`[hydra] ${l}`),
                onApi: (node, bind) => {
                  hydraNode = { node, bind };
                  void serveWhenBoth().catch(noDashboard);
                },
                stopSignal,
              }),
            ),
            stopOnFailure(
              runFtmo({
                mode: "paper",
                bots: ftmoBots(file.ftmo?.bots),
                program: (file.ftmo?.program ?? "ftmo-2step") as ProgramName,
                phase: (file.ftmo?.phase ?? "challenge") as PhaseName,
                initial: file.ftmo?.initial ?? 100_000,
                turbo: file.ftmo?.turbo === true,
                metricsPort,
                moreMetrics: [hydraMetrics, processMetrics("demo", alerts)],
                ...((host) => (host === undefined ? {} : { metricsHost: host }))(
                  flags.metricsHost ?? file.metrics?.host,
                ),
                dbPath: db,
                stores,
                alerts,
                ...(file.alerts?.noTicksS === undefined ? {} : { noTicksS: file.alerts.noTicksS }),
                durationMs,
                speed,
                seed: node.seed ?? 1,
                // the simulated market opens in a trading session, so the bots trade in the first minute
                marketStartMs: node.marketStartMs ?? demoMarketStart(new LiveClock().now()),
                env: process.env,
                log: (l) => nodeLog.log(`[ftmo]  ${l}`),
                onApi: (node, bind) => {
                  ftmoNode = { node, bind };
                  void serveWhenBoth().catch(noDashboard);
                },
                stopSignal,
              }),
            ),
          ]);
          if (hydraHalf.status === "rejected") throw hydraHalf.reason;
          if (ftmoHalf.status === "rejected") throw ftmoHalf.reason;
          const [hydra, ftmo] = [hydraHalf.value, ftmoHalf.value];
          io.out(
            `${JSON.stringify({
              hydra: { cycles: hydra.cycles, equity: hydra.equity, resumedFrom: hydra.resumedFrom },
              ftmo,
            })}\n`,
          );
        });
      } finally {
        await alerts.close();
        await server?.close();
        stores.close();
        nodeLog.close();
      }
    });
}
