import { type Command, Option } from "commander";
import { HydraError } from "../../core/errors.js";
import { DayBoundary } from "../../core/time.js";
import { defaultCacheDir } from "../../data/cache/cached-read.js";
import type { InstrumentSpec } from "../../model/instrument.js";
import { TIMEFRAMES, type Timeframe } from "../../model/market-data.js";
import { STATS_CONVENTIONS } from "../../portfolio/stats-conventions.js";
import { PHASE_NAMES, PROGRAM_NAMES, propFirmProgram } from "../../risk/prop-firm/program.js";
import { DEFAULT_RISK_CONFIG, PRE_TRADE_RISK_CONFIG } from "../../risk/risk-config.js";
import { runBacktest } from "../../runtime/backtest.js";
import { loadMarket } from "../../runtime/load-market.js";
import { assertReportPath, writeReport } from "../../runtime/report/write-report.js";
import { strategyDefinition, strategyNames } from "../../strategies/registry.js";
import { paramPairs } from "../../strategies/strategy-params.js";
import { accountCurrencyOption, fxRateOptions } from "../account-options.js";
import { formatSummary } from "../format-summary.js";
import { readInstrumentFile } from "../instrument-file.js";
import type { CliIo } from "../io.js";
import { choiceOption, numberOption } from "../options.js";
import { progressBar } from "../progress-bar.js";
import { syntheticMarket, syntheticOptions } from "../synthetic-options.js";

interface BacktestFlags {
  engines?: string;
  anonymise?: string;
  repeat?: string;
  cycleBars: string;
  shift?: string;
  challenge?: string;
  phase: string;
  guardian?: boolean;
  killMode: string;
  instruments?: string;
  data?: string;
  cache: boolean;
  format?: string;
  tz?: string;
  symbol?: string;
  strategy: string;
  param: string[];
  cash: string;
  accountCurrency?: string;
  fxRate: string[];
  stopOutPct: string;
  marginCallPct: string;
  contractSize?: string;
  commissionPerLot?: string;
  marginPerLot?: string;
  leverage?: string;
  spread?: string;
  slippage?: string;
  timeframe?: string;
  dayTz: string;
  closeAtEnd?: boolean;
  statsAs?: string;
  riskFree?: string;
  json?: boolean;
  report?: string;
  seed?: string;
  start?: string;
  days?: string;
}

export function registerBacktest(program: Command, io: CliIo): void {
  const command = program
    .command("backtest")
    .description(
      "run a strategy over a data file (or the seeded synthetic market) through the trading kernel",
    )
    .option(
      "--data <file>",
      "OHLCV CSV, HistData ASCII or tick CSV (gzip read transparently); synthetic market when absent",
    )
    .option(
      "--no-cache",
      "parse the data file without the columnar cache (default: columns kept in $HYDRA_CACHE_DIR or ~/.cache/hydra, checked against the file's size, mtime and SHA-256)",
    )
    .addOption(
      new Option("--format <format>", "data format")
        .choices(["auto", "ohlcv", "histdata", "ticks"])
        .default("auto"),
    )
    .option(
      "--tz <zone>",
      "IANA zone of naive timestamps in the file (default UTC; HistData America/New_York)",
    )
    .option(
      "--shift <hours>",
      "hours added to every timestamp of the file: a broker clock a fixed offset from --tz (US30: --tz America/New_York --shift -7)",
    )
    .option(
      "--symbol <sym>",
      "instrument (default: guessed from the file name; XAUUSD for the synthetic market)",
    )
    .option("--strategy <name>", `strategy (${strategyNames().join(", ")})`, "sma-cross")
    .option(
      "--param <key=value>",
      "strategy parameter (repeatable)",
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option("--cash <n>", "initial balance in the account currency", "10000")
    .option(
      "--account-currency <cur>",
      "the account currency: USD, EUR, GBP or CZK (default USD); money is converted at the data's rates",
    )
    .option(
      "--fx-rate <CUR=rate>",
      "static rate, account currency per unit of CUR, for a currency the data has no pair for (repeatable)",
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option(
      "--stop-out-pct <p>",
      "margin level (equity ÷ margin × 100) under which the broker closes positions, largest loss first (0: never)",
      "50",
    )
    .option(
      "--margin-call-pct <p>",
      "margin level under which the account is in margin call, recorded (0: not watched)",
      "100",
    )
    .option(
      "--instruments <file.json>",
      'contract spec overrides, e.g. {"XAUUSD": {"commissionPerLot": 3.5}}',
    )
    .option("--contract-size <n>", "override the contract size (units per lot)")
    .option(
      "--commission-per-lot <n>",
      "override the commission per lot, charged on every fill (in the instrument's quote currency)",
    )
    .option(
      "--margin-per-lot <n>",
      "override: fixed initial margin per lot, quote currency (MT5 futures mode, instead of leverage)",
    )
    .option("--leverage <n>", "override the leverage used for margin")
    .option("--spread <price>", "spread in price units for bar data without ask prices", "0")
    .option("--slippage <ticks>", "adverse slippage on market and stop fills, in ticks", "0")
    .option(
      "--timeframe <tf>",
      `strategy bar timeframe (${TIMEFRAMES.join(", ")}); tick data default M1, bar data its own`,
    )
    .option("--day-tz <zone>", "time zone whose midnight starts a trading day (daily P&L)", "Europe/Prague")
    .option("--challenge <program>", "run the risk layer with a prop-firm program: ftmo-2step or ftmo-1step")
    .option("--phase <phase>", "challenge or verification (ftmo-2step)", "challenge")
    .option("--guardian", "run the risk layer with the HYDRA guardian (4.5% daily loss, 9% drawdown)")
    .option("--kill-mode <mode>", "what a tripped limit does to open positions: freeze or close", "freeze")
    .option(
      "--engines <kind>",
      "run the HYDRA engines over the data instead of a strategy: offline, or llm (keys from the environment; every call recorded)",
    )
    .option(
      "--anonymise <seed>",
      "with --engines: rename the asset, rescale prices, move the dates (a model cannot recognise the period)",
    )
    .option(
      "--repeat <n>",
      "with --engines: seeded repeat runs, each engine's mean return with a 95% interval",
    )
    .option("--cycle-bars <n>", "with --engines: bars between Mother AI cycles", "1")
    .option("--close-at-end", "close positions still open at the end at the last price")
    .option(
      "--stats-as <peer>",
      `also compute the statistics as a peer engine defines them (${STATS_CONVENTIONS.join(", ")}; bar data)`,
    )
    .option(
      "--risk-free <rate>",
      "with --stats-as: annual risk-free rate as a fraction, e.g. 0.0075 (default 0)",
    )
    .option("--json", "print one JSON object instead of the summary")
    .option("--report <file.html>", "also write an HTML report (one self-contained file: charts, tables)");
  syntheticOptions(command, { daysNote: "the market is held in memory" }).action(
    async (flags: BacktestFlags) => {
      const fromFile = flags.instruments === undefined ? {} : readInstrumentFile(flags.instruments);
      const overrides: Partial<InstrumentSpec> = {};
      const set = (key: keyof InstrumentSpec, flag: string, text: string | undefined, min = 0): void => {
        const v = numberOption(flag, text, { min });
        if (v !== undefined) (overrides as Record<string, number>)[key] = v;
      };
      set("contractSize", "--contract-size", flags.contractSize);
      set("commissionPerLot", "--commission-per-lot", flags.commissionPerLot);
      set("marginPerLot", "--margin-per-lot", flags.marginPerLot);
      set("leverage", "--leverage", flags.leverage);
      const accountCurrency = accountCurrencyOption("--account-currency", flags.accountCurrency);
      const fxRates = fxRateOptions("--fx-rate", flags.fxRate);
      const stopOutPct = numberOption("--stop-out-pct", flags.stopOutPct, { min: 0 })!;
      const marginCallPct = numberOption("--margin-call-pct", flags.marginCallPct, { min: 0 })!;
      if (flags.report !== undefined) assertReportPath(flags.report);
      const definition = strategyDefinition(flags.strategy);
      const rawParams = paramPairs(flags.param);
      const timeframe = choiceOption<Timeframe>("--timeframe", flags.timeframe, TIMEFRAMES);
      const statsAs = choiceOption("--stats-as", flags.statsAs, STATS_CONVENTIONS);
      const riskFree = numberOption("--risk-free", flags.riskFree, { min: -1 });
      if (riskFree !== undefined && statsAs === undefined)
        throw new HydraError("CLI_USAGE", "--risk-free applies to the statistics of --stats-as", {
          field: "--risk-free",
        });
      if (flags.engines !== undefined && statsAs !== undefined)
        throw new HydraError("CLI_USAGE", "--stats-as applies to a strategy backtest, not to --engines", {
          field: "--stats-as",
        });
      const market = loadMarket({
        ...(flags.data === undefined ? {} : { data: flags.data }),
        format:
          choiceOption("--format", flags.format, ["auto", "ohlcv", "histdata", "ticks"] as const) ?? "auto",
        ...(flags.tz === undefined ? {} : { tz: flags.tz }),
        ...(flags.symbol === undefined ? {} : { symbol: flags.symbol }),
        ...(flags.shift === undefined ? {} : { shiftHours: numberOption("--shift", flags.shift)! }),
        ...(flags.cache ? { cacheDir: defaultCacheDir() } : {}),
        overrides,
        bySymbol: fromFile,
        synthetic: syntheticMarket(flags),
      });
      if (market.cache?.kind === "unwritable")
        io.err(`hydra: the data cache could not be written (${market.cache.why}); the file was parsed\n`);
      if (flags.engines !== undefined) {
        if (flags.accountCurrency !== undefined || flags.fxRate.length > 0)
          throw new HydraError(
            "CLI_USAGE",
            "--account-currency and --fx-rate do not apply to --engines: the engines' desks keep USD accounts",
            { field: flags.accountCurrency !== undefined ? "--account-currency" : "--fx-rate" },
          );
        if (flags.report !== undefined)
          throw new HydraError("CLI_USAGE", "--report applies to a strategy backtest, not to --engines", {
            field: "--report",
          });
        // loaded only here: the engines' modules (LLM SDKs, the node's API server, …) cost ~350 ms of start
        const { engineBacktest } = await import("./engine-backtest.js");
        await engineBacktest(
          {
            engines: flags.engines,
            ...(flags.anonymise === undefined ? {} : { anonymise: flags.anonymise }),
            ...(flags.repeat === undefined ? {} : { repeat: flags.repeat }),
            cycleBars: String(numberOption("--cycle-bars", flags.cycleBars, { integer: true, min: 1 })),
            cash: flags.cash,
            ...(flags.json ? { json: true } : {}),
          },
          market,
          io,
        );
        return;
      }
      const spread = numberOption("--spread", flags.spread, { min: 0 })!;
      const slippage = numberOption("--slippage", flags.slippage, { min: 0 })!;
      const challenge = choiceOption("--challenge", flags.challenge, PROGRAM_NAMES);
      const phase = choiceOption("--phase", flags.phase, PHASE_NAMES)!;
      const killMode = choiceOption("--kill-mode", flags.killMode, ["freeze", "close"] as const)!;
      const riskConfig =
        challenge === undefined && flags.guardian !== true
          ? definition.sizedByRisk === true
            ? { ...PRE_TRADE_RISK_CONFIG, killMode }
            : undefined
          : {
              ...DEFAULT_RISK_CONFIG,
              guardian: flags.guardian === true ? DEFAULT_RISK_CONFIG.guardian : null,
              propFirm: challenge === undefined ? null : { program: challenge, phase },
              killMode,
            };
      const result = runBacktest({
        ...(riskConfig === undefined ? {} : { riskConfig }),
        series: market.series,
        spec: market.spec,
        strategy: (symbol, tf) => definition.create(symbol, tf, rawParams),
        ...(timeframe === undefined ? {} : { timeframe }),
        cash: numberOption("--cash", flags.cash, { positive: true })!,
        accountCurrency,
        fxRates,
        stopOutPct,
        marginCallPct,
        spread,
        slippageTicks: slippage,
        closeAtEnd: flags.closeAtEnd === true,
        ...(statsAs === undefined ? {} : { statsAs }),
        ...(riskFree === undefined ? {} : { riskFreeRate: riskFree }),
        day: new DayBoundary(flags.dayTz, 0),
        ...(flags.json ? {} : { onProgress: progressBar(io, "backtest") }),
      });
      if (flags.report !== undefined) {
        const { backtestReport } = await import("../../runtime/report/backtest-report.js");
        const program = propFirmProgram(
          challenge ?? "ftmo-2step",
          challenge === undefined ? "challenge" : phase,
        );
        writeReport(
          flags.report,
          backtestReport(result, market.series, {
            origin: market.origin,
            program,
            programLabel: `${program.name} ${program.phase}`,
          }),
        );
      }
      if (flags.json) {
        io.out(`${JSON.stringify(result)}\n`);
        return;
      }
      const fillRule =
        market.series.kind === "ticks"
          ? `market orders at the next tick (bid/ask from the data); slippage ${slippage} ticks`
          : `market orders at the next bar's open; spread ${spread}${spread === 0 ? " (data has no ask: set --spread)" : ""}; slippage ${slippage} ticks; SL before TP inside a bar`;
      io.out(formatSummary(result, market.origin, fillRule));
    },
  );
}
