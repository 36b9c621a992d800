import type { Command } from "commander";
import { DEFAULT_INSTRUMENTS } from "../../model/default-instruments.js";
import { tickValue } from "../../model/instrument.js";
import { strategyDefinition, strategyNames } from "../../strategies/registry.js";
import type { CliIo } from "../io.js";

export function registerInfo(program: Command, io: CliIo): void {
  program
    .command("instruments")
    .description("list the default contract specs")
    .option("--json", "print JSON")
    .action((flags: { json?: boolean }) => {
      const specs = Object.values(DEFAULT_INSTRUMENTS);
      if (flags.json) {
        io.out(
          `${JSON.stringify(specs.map((s) => ({ ...s, marginPerLot: Number.isNaN(s.marginPerLot) ? null : s.marginPerLot, tickValue: tickValue(s, 1) })))}\n`,
        );
        return;
      }
      io.out(
        "symbol   class   digits  tick      contract  tick value      volume min/step/max    leverage  spread   commission  swap long/short/3×  sessions\n",
      );
      for (const s of specs) {
        const sessions = s.sessions.alwaysOpen
          ? "24/7"
          : `${s.sessions.weekOpen} – ${s.sessions.weekClose} ${s.sessions.zone}${s.sessions.dailyBreaks?.length ? `, break ${s.sessions.dailyBreaks.map((b) => `${b.from}-${b.to}`).join(",")}` : ""}`;
        io.out(
          `${s.symbol.padEnd(9)}${s.assetClass.padEnd(8)}${String(s.digits).padEnd(8)}${String(s.tickSize).padEnd(10)}${String(s.contractSize).padEnd(10)}${`${tickValue(s, 1).toFixed(4)} ${s.quoteCurrency}`.padEnd(16)}${`${s.volumeMin}/${s.volumeStep}/${s.volumeMax}`.padEnd(23)}${`1:${s.leverage}`.padEnd(10)}${String(s.spread).padEnd(9)}${String(s.commissionPerLot).padEnd(12)}${`${s.swapLong}/${s.swapShort}/${s.swapTripleDay}`.padEnd(20)}${sessions}\n`,
        );
      }
    });
  program
    .command("strategies")
    .description("list the strategies and their parameters")
    .action(() => {
      for (const name of strategyNames()) {
        const d = strategyDefinition(name);
        io.out(`${name}: ${d.description}\n`);
        for (const [k, p] of Object.entries(d.params))
          io.out(`  --param ${k}=<${p.type}>  ${p.description} (default ${p.default})\n`);
      }
    });
}
