import type { Command } from "commander";
import { HydraError } from "../../core/errors.js";
import { CurrencyConverter } from "../../model/currency-converter.js";
import { resolveInstrument } from "../../model/default-instruments.js";
import { tickValue } from "../../model/instrument.js";
import { sizePosition } from "../../risk/position-sizing.js";
import { accountCurrencyOption, fxRateOptions } from "../account-options.js";
import type { CliIo } from "../io.js";
import { numberOption } from "../options.js";

/** The highest risk per trade `hydra size` takes, in % of the balance: more is a typo, not a plan. */
const MAX_RISK_PCT = 10;

interface SizeFlags {
  symbol: string;
  balance: string;
  riskPct: string;
  entry: string;
  sl: string;
  commissionPerLot: string;
  accountCurrency?: string;
  fxRate: string[];
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
    .requiredOption("--risk-pct <p>", `risk per trade in % of the balance (> 0, at most ${MAX_RISK_PCT})`)
    .requiredOption("--entry <price>", "entry price")
    .requiredOption("--sl <price>", "stop-loss price")
    .option(
      "--commission-per-lot <n>",
      "commission per lot for the whole trade (both fills), account currency",
      "0",
    )
    .option("--account-currency <cur>", "account currency: USD, EUR, GBP or CZK (default USD)")
    .option(
      "--fx-rate <CUR=rate>",
      "account currency per unit of CUR, for a quote currency the symbol itself does not convert (repeatable)",
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option("--json", 'print {"volume": …, "riskMoney": …}')
    .action((flags: SizeFlags) => {
      const spec = resolveInstrument(flags.symbol);
      const balance = numberOption("--balance", flags.balance, { positive: true })!;
      const riskPct = numberOption("--risk-pct", flags.riskPct, { positive: true, max: MAX_RISK_PCT })!;
      const entry = numberOption("--entry", flags.entry, { positive: true })!;
      const sl = numberOption("--sl", flags.sl, { positive: true })!;
      if (sl === entry)
        throw new HydraError("CLI_USAGE", `--sl must differ from --entry (both ${entry}): no stop, no size`, {
          field: "--sl",
        });
      const commission = numberOption("--commission-per-lot", flags.commissionPerLot, { min: 0 })!;
      const accountCurrency = accountCurrencyOption("--account-currency", flags.accountCurrency);
      // the symbol's own price converts its quote currency when it is the account's pair (USDJPY in USD)
      const converter = new CurrencyConverter([spec], {
        accountCurrency,
        fallbackRates: fxRateOptions("--fx-rate", flags.fxRate),
      });
      converter.onQuote(0, entry, entry);
      const rate = converter.profitRate(0);
      const risk = (balance * riskPct) / 100;
      const r = sizePosition(spec, risk, entry, sl, commission, rate);
      for (const w of converter.warnings) io.err(`warning: ${w}\n`);
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
      const conversion =
        spec.quoteCurrency === accountCurrency
          ? ""
          : ` (${spec.quoteCurrency} at ${Number(rate.toPrecision(6))} ${accountCurrency} each)`;
      io.out(
        `${spec.symbol}: ${r.volume.toFixed(2)} lots, risking ${r.riskMoney.toFixed(2)} ${accountCurrency} (${riskPct}% of ${balance.toFixed(2)} = ${risk.toFixed(2)})\n` +
          `  ${r.ticksToStop} ticks to the stop × ${Number(tickValue(spec, rate).toPrecision(6))} ${accountCurrency} per tick per lot${conversion} + ${commission} commission = ${r.lossPerLot.toFixed(2)} per lot\n`,
      );
    });
}
