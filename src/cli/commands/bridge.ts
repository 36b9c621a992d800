import type { Command } from "commander";
import { HydraError } from "../../core/errors.js";
import { toIsoUtc } from "../../core/time.js";
import { SimBridgeError, SimBridgeServer } from "../../runtime/sim-bridge/index.js";
import type { CliIo } from "../io.js";
import { durationOption, numberOption, timeOption } from "../options.js";

interface BridgeSimFlags {
  rep: string;
  pub: string;
  data?: string;
  speed: string;
  seed: string;
  start?: string;
  symbols: string;
  cash: string;
  duration?: string;
  statusEvery: string;
}

export function registerBridge(program: Command, io: CliIo): void {
  const bridge = program.command("bridge").description("the MetaTrader 5 bridge (docs/bridge-protocol.md)");
  const sim = bridge.command("sim");
  sim.exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  sim
    .description("run a simulated MT5 bridge: the ZeroMQ protocol on the simulated venue (no MT5 needed)")
    .option("--rep <endpoint>", "trade service (REQ/REP) endpoint", "tcp://127.0.0.1:15555")
    .option("--pub <endpoint>", "price stream (PUB/SUB) endpoint", "tcp://127.0.0.1:15556")
    .option(
      "--data <file|dir>",
      "stream ticks or bars from market data files instead of the synthetic market",
    )
    .option("--speed <x>", "market time per wall time (1 = real time)", "1")
    .option("--seed <n>", "synthetic market seed", "1")
    .option("--start <iso>", "synthetic market start time (default now)")
    .option("--symbols <list>", "comma-separated symbols", "XAUUSD,EURUSD,US30,NAS100")
    .option("--cash <n>", "initial balance", "100000")
    .option("--duration <d>", "stop after this wall time (30s, 10m, 2h); until Ctrl-C when absent")
    .option("--status-every <d>", "wall time between status lines", "10s")
    .action(async (flags: BridgeSimFlags) => {
      const symbols = flags.symbols
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== "");
      if (symbols.length === 0)
        throw new HydraError("CLI_USAGE", "--symbols needs at least one symbol", { field: "--symbols" });
      const seed = numberOption("--seed", flags.seed, { integer: true, min: 0 })!;
      const startMs = timeOption("--start", flags.start);
      const durationMs = durationOption("--duration", flags.duration) ?? Number.POSITIVE_INFINITY;
      const statusEveryMs = durationOption("--status-every", flags.statusEvery)!;
      const server = new SimBridgeServer();
      try {
        await server.start({
          rep: flags.rep,
          pub: flags.pub,
          symbols,
          cash: numberOption("--cash", flags.cash, { positive: true })!,
          speed: numberOption("--speed", flags.speed, { positive: true })!,
          source:
            flags.data === undefined
              ? { kind: "synthetic", seed, ...(startMs === undefined ? {} : { startMs }) }
              : { kind: "file", path: flags.data },
        });
      } catch (e) {
        if (e instanceof SimBridgeError)
          throw new HydraError("CLI_USAGE", `bridge sim: ${e.message}`, { code: e.code }, e);
        throw e;
      }
      const { rep, pub } = server.endpoints;
      io.out(`simulated MT5 bridge: trade service ${rep}, price stream ${pub} (${symbols.join(", ")})\n`);
      await runUntilStopped(durationMs, statusEveryMs, () => io.out(`${status(server)}\n`));
      await server.stop();
      io.out(`${status(server)} — stopped\n`);
    });
}

/** Waits for SIGINT, SIGTERM or the duration, calling `tick` every `everyMs`. */
async function runUntilStopped(durationMs: number, everyMs: number, tick: () => void): Promise<void> {
  let stop: () => void = () => {};
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  const status = setInterval(tick, everyMs);
  const timer = Number.isFinite(durationMs) ? setTimeout(stop, durationMs) : undefined;
  try {
    await stopped;
  } finally {
    clearInterval(status);
    if (timer !== undefined) clearTimeout(timer);
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
  }
}

function status(server: SimBridgeServer): string {
  const l = server.broker.ledger;
  const s = server.stats;
  return `${toIsoUtc(server.now())} requests ${s.requests} ticks ${s.ticksPublished} heartbeats ${s.heartbeats} balance ${l.balance.toFixed(2)} equity ${l.equity.toFixed(2)} open ${l.openCount}`;
}
