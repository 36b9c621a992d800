import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { curveKeyPair } from "zeromq";
import { HydraError } from "../../core/errors.js";
import { toIsoUtc } from "../../core/time.js";
import { SimBridgeError, SimBridgeServer } from "../../runtime/sim-bridge/index.js";
import { warnWideBinds } from "../bind-warning.js";
import { serverCurveFromEnv } from "../curve-env.js";
import type { CliIo } from "../io.js";
import { durationOption, endpointOption, numberOption, timeOption } from "../options.js";

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
  pump: string;
}

export function registerBridge(program: Command, io: CliIo): void {
  const bridge = program.command("bridge").description("the MetaTrader 5 bridge (docs/bridge-protocol.md)");
  const sim = bridge.command("sim");
  sim.exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  sim
    .description(
      "run a simulated MT5 bridge: the ZeroMQ protocol on the simulated venue (no MT5 needed); serves CurveZMQ with an allow-list when HYDRA_BRIDGE_CURVE_SECRET_KEY and HYDRA_BRIDGE_CURVE_CLIENTS (or *_FILE) are set",
    )
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
    .option(
      "--pump <d>",
      "wall time between releases of the price stream (the ticks due since the last go out together)",
      "20ms",
    )
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
      const pumpMs = durationOption("--pump", flags.pump)!;
      const curve = serverCurveFromEnv(process.env);
      warnWideBinds(io, [
        ["--rep", flags.rep],
        ["--pub", flags.pub],
      ]);
      const server = new SimBridgeServer();
      try {
        await server.start({
          curve,
          onCurveRefused: (key) =>
            io.out(`refused a CurveZMQ client whose key is not on the allow-list: ${key}\n`),
          rep: endpointOption("--rep", flags.rep, true),
          pub: endpointOption("--pub", flags.pub, true),
          symbols,
          cash: numberOption("--cash", flags.cash, { positive: true })!,
          speed: numberOption("--speed", flags.speed, { positive: true })!,
          pumpMs,
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
      if (curve !== undefined)
        io.out(
          `CurveZMQ on: server public key ${server.curvePublicKey}, ${curve.clients.length} allowed client key(s)\n`,
        );
      await runUntilStopped(durationMs, statusEveryMs, () => io.out(`${status(server)}\n`));
      await server.stop();
      io.out(`${status(server)} — stopped\n`);
    });
  registerKeygen(bridge, io);
}

interface KeygenFlags {
  out: string;
  name: string;
  force?: boolean;
}

function registerKeygen(bridge: Command, io: CliIo): void {
  const keygen = bridge.command("keygen");
  keygen.exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  keygen
    .description(
      "write a CurveZMQ key pair: NAME.key (secret, mode 0600) and NAME.pub; prints only the public key",
    )
    .option("--out <dir>", "directory for the key files", "data/hydra/keys")
    .option("--name <name>", "file name of the pair (client, server, …)", "client")
    .option("--force", "overwrite existing key files")
    .action((flags: KeygenFlags) => {
      if (!/^[A-Za-z0-9._-]+$/.test(flags.name))
        throw new HydraError("CLI_USAGE", "--name: letters, digits, '.', '_' and '-' only", {
          field: "--name",
        });
      const secretFile = path.join(flags.out, `${flags.name}.key`);
      const publicFile = path.join(flags.out, `${flags.name}.pub`);
      if (flags.force !== true)
        for (const f of [secretFile, publicFile])
          if (existsSync(f))
            throw new HydraError("CLI_USAGE", `${f} exists: keep it, or pass --force to replace the pair`, {
              field: "--out",
            });
      const pair = curveKeyPair();
      mkdirSync(flags.out, { recursive: true, mode: 0o700 });
      // the secret file is never readable by others, not even for a moment
      writeFileSync(secretFile, `${pair.secretKey}\n`, { mode: 0o600, flag: flags.force ? "w" : "wx" });
      chmodSync(secretFile, 0o600); // --force over a file that was readable by others
      writeFileSync(publicFile, `${pair.publicKey}\n`, { mode: 0o644, flag: flags.force ? "w" : "wx" });
      io.out(`public key ${pair.publicKey}\n`);
      io.out(`secret key in ${secretFile} (mode 0600, never share it), public key in ${publicFile}\n`);
      io.out(
        flags.name === "server"
          ? `serve it: HYDRA_BRIDGE_CURVE_SECRET_KEY_FILE=${secretFile} (simulated bridge); clients set HYDRA_BRIDGE_SERVER_KEY to the public key\n`
          : `use it: HYDRA_CLIENT_SECRET_KEY_FILE=${secretFile}, and add the public key to the bridge's HYDRA_BRIDGE_CURVE_CLIENTS\n`,
      );
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
