import type { Command } from "commander";
import { LiveClock } from "../../core/clock.js";
import { runDoctor } from "../../runtime/doctor.js";
import { clientCurveFromEnv } from "../curve-env.js";
import type { CliIo } from "../io.js";
import { durationOption, endpointOption } from "../options.js";

interface DoctorFlags {
  bridge: string;
  ticks: string;
  symbols: string;
  listen: string;
  json?: boolean;
}

export function registerDoctor(program: Command, io: CliIo): { exitCode: number } {
  const result = { exitCode: 0 };
  program
    .command("doctor")
    .description(
      "check the MT5 bridge: ping latency, account, symbols, tick flow, server clock offset; says what to fix",
    )
    .option("--bridge <endpoint>", "the trade server (REQ/REP)", "tcp://127.0.0.1:15555")
    .option("--ticks <endpoint>", "the price streamer (PUB/SUB)", "tcp://127.0.0.1:15556")
    .option("--symbols <list>", "symbols to check", "XAUUSD,EURUSD,US30,NAS100")
    .option("--listen <d>", "how long to listen to the tick stream", "3s")
    .option("--json", "print the checks as JSON")
    .action(async (flags: DoctorFlags) => {
      const checks = await runDoctor({
        bridge: endpointOption("--bridge", flags.bridge),
        ticks: endpointOption("--ticks", flags.ticks),
        symbols: flags.symbols
          .split(",")
          .map((s) => s.trim())
          .filter((s) => s !== ""),
        clock: new LiveClock(),
        curve: clientCurveFromEnv(process.env),
        listenMs: durationOption("--listen", flags.listen)!,
      });
      if (flags.json) io.out(`${JSON.stringify(checks)}\n`);
      else {
        for (const c of checks) {
          io.out(
            `${c.status === "ok" ? "ok  " : c.status === "warn" ? "WARN" : "FAIL"}  ${c.name}: ${c.detail}\n`,
          );
          if (c.fix !== "") io.out(`      → ${c.fix}\n`);
        }
      }
      result.exitCode = checks.some((c) => c.status === "fail") ? 1 : 0;
    });
  return result;
}
