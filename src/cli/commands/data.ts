import type { Command } from "commander";
import { type Clock, LiveClock } from "../../core/clock.js";
import { HydraError } from "../../core/errors.js";
import { COINBASE_TIMEFRAMES } from "../../hydra/marketdata/coinbase-timeframes.js";
import { CoinGeckoClient } from "../../hydra/marketdata/coingecko.js";
import { type DownloadSource, downloadBars, writeBarsCsv } from "../../hydra/marketdata/download.js";
import type { Timeframe } from "../../model/market-data.js";
import type { CliIo } from "../io.js";
import { choiceOption, numberOption, timeOption } from "../options.js";

interface DownloadFlags {
  source: string;
  asset: string;
  days?: string;
  since?: string;
  timeframe?: string;
  out?: string;
}

export interface DataCommandDeps {
  env?: Readonly<Record<string, string | undefined>>;
  clock?: Clock;
  /** overrides of the providers' base URLs (tests) */
  coingeckoUrl?: string;
  coinbaseUrl?: string;
}

const SOURCES: readonly DownloadSource[] = ["coingecko", "coinbase"];

/** `hydra data download …`: fetches bars from CoinGecko or Coinbase into an OHLCV CSV. */
export function registerData(program: Command, io: CliIo, deps: DataCommandDeps = {}): void {
  const data = program.command("data").description("market data: download bars from CoinGecko or Coinbase");
  data
    .command("download")
    .description("download bars into an OHLCV CSV that `hydra backtest --data` reads")
    .option("--source <source>", `data source (${SOURCES.join(", ")})`, "coingecko")
    .option("--asset <symbol>", "asset, e.g. BTC-USD, ETH-USD, SOL-USD", "BTC-USD")
    .option("--days <n>", "how many days back from now (default 1)")
    .option("--since <iso>", "first bar time instead of --days")
    .option("--timeframe <tf>", `bar length, coinbase only (${Object.keys(COINBASE_TIMEFRAMES).join(", ")})`)
    .option("--out <file.csv>", "output CSV file")
    .action(async (flags: DownloadFlags) => {
      const env = deps.env ?? process.env;
      const source = choiceOption("--source", flags.source, SOURCES) ?? "coingecko";
      if (flags.out === undefined || flags.out === "")
        throw new HydraError("CLI_USAGE", "--out <file.csv> is required", { field: "--out" });
      if (flags.days !== undefined && flags.since !== undefined)
        throw new HydraError("CLI_USAGE", "give --days or --since, not both", { field: "--since" });
      const days = numberOption("--days", flags.days, { positive: true });
      const since = timeOption("--since", flags.since);
      const timeframe = choiceOption<Timeframe>(
        "--timeframe",
        flags.timeframe,
        Object.keys(COINBASE_TIMEFRAMES) as Timeframe[],
      );
      if (timeframe !== undefined && source === "coingecko")
        throw new HydraError("CLI_USAGE", "--timeframe applies to --source coinbase only", {
          field: "--timeframe",
        });
      const bars = await downloadBars(
        {
          source,
          asset: flags.asset,
          ...(days === undefined ? {} : { days }),
          ...(since === undefined ? {} : { since }),
          ...(timeframe === undefined ? {} : { timeframe }),
        },
        {
          clock: deps.clock ?? new LiveClock(),
          coingecko: () =>
            new CoinGeckoClient({
              ...(deps.coingeckoUrl === undefined ? {} : { baseUrl: deps.coingeckoUrl }),
              ...(env.COINGECKO_API_KEY ? { apiKey: env.COINGECKO_API_KEY } : {}),
            }),
          coinbase: async () =>
            new (await import("../../hydra/marketdata/coinbase.js")).CoinbaseMarketData({
              env,
              ...(deps.coinbaseUrl === undefined ? {} : { restUrl: deps.coinbaseUrl }),
            }),
        },
      );
      writeBarsCsv(flags.out, bars);
      const first = bars[0];
      const last = bars[bars.length - 1];
      io.out(
        `wrote ${bars.length} ${first?.timeframe ?? ""} bars of ${flags.asset.toUpperCase()} from ${source} ` +
          `(${first === undefined ? "" : new Date(first.time).toISOString()} .. ${
            last === undefined ? "" : new Date(last.time).toISOString()
          }) to ${flags.out}\n`,
      );
    });
}
