import type { Command } from "commander";
import { resolveInstrument } from "../../model/default-instruments.js";
import { tickValue } from "../../model/instrument.js";
import { sizePosition } from "../../risk/position-sizing.js";
import type { CliIo } from "../io.js";
import { numberOption } from "../options.js";

interface SizeFlags {
  symbol: string;
  balance: string;
  riskPct: string;
  entry: string;
  sl: string;
  commissionPerLot: string;
  json?: boolean;
}

export function registerSize(program: Command, io: CliIo): void {
  program
    .command("size")
    .description(
      "lot size for a risk percentage and a stop loss (floored to the volume step; denied below the minimum)",
    )
    .requiredOption("--symbol <sym>", "instrument (default contract spec)")
    .requiredOption("--balance <n>", "account balance")
    .requiredOption("--risk-pct <p>", "risk per trade in % of the balance")
    .requiredOption("--entry <price>", "entry price")
    .requiredOption("--sl <price>", "stop-loss price")
    .option("--commission-per-lot <n>", "commission per lot for the whole trade (both fills)", "0")
    .option("--json", 'print {"volume": …, "riskMoney": …}')
    .action((flags: SizeFlags) => {
      const spec = resolveInstrument(flags.symbol);
      const balance = numberOption("--balance", flags.balance, { positive: true })!;
      const riskPct = numberOption("--risk-pct", flags.riskPct, { positive: true })!;
      const entry = numberOption("--entry", flags.entry, { positive: true })!;
      const sl = numberOption("--sl", flags.sl, { positive: true })!;
      const commission = numberOption("--commission-per-lot", flags.commissionPerLot, { min: 0 })!;
      const risk = (balance * riskPct) / 100;
      const r = sizePosition(spec, risk, entry, sl, commission);
      if (flags.json) {
        io.out(
          `${JSON.stringify(r.ok ? { volume: r.volume, riskMoney: r.riskMoney } : { volume: 0, riskMoney: 0, denied: r.code, reason: r.reason })}\n`,
        );
        return;
      }
      if (!r.ok) {
        io.out(`${spec.symbol}: denied (${r.code}): ${r.reason}\n`);
        return;
      }
      io.out(
        `${spec.symbol}: ${r.volume.toFixed(2)} lots, risking ${r.riskMoney.toFixed(2)} (${riskPct}% of ${balance.toFixed(2)} = ${risk.toFixed(2)})\n` +
          `  ${r.ticksToStop} ticks to the stop × ${tickValue(spec)} per tick per lot + ${commission} commission = ${r.lossPerLot.toFixed(2)} per lot\n`,
      );
    });
}
