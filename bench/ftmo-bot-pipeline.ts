/**
 * One FTMO bot through what a user runs (`make backtests`): `hydra optimize` (walk-forward over a small
 * range around the bot's defaults, with the overfitting guards), `hydra backtest --json` (the bot's
 * default parameters: the trade list), `hydra backtest --challenge ftmo-2step --report` (one account
 * through the program's rules) and `hydra challenge simulate --trades … --report` (the pass probability).
 * Each is the built command spawned as typed; the HTML reports and the JSON outputs go to `outDir`.
 */
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** the repository's bin/hydra.js, from bench/ (vitest) or dist/bench/ (built) */
const ROOT =
  path.basename(path.dirname(HERE)) === "dist" ? path.resolve(HERE, "../..") : path.resolve(HERE, "..");
const HYDRA_BIN = path.join(ROOT, "bin", "hydra.js");

export interface BotData {
  file: string;
  tz: string;
  /** hours added to the file's timestamps (a broker clock: US30 is New York + 7 h) */
  shift?: number;
  symbol: string;
  /** bid bars have no ask: the instrument's typical spread, in price units */
  spread: number;
}

export interface PipelineOptions {
  bot: string;
  data: BotData;
  cash: number;
  /** `--range` values of `hydra optimize` */
  ranges: readonly string[];
  windows: number;
  inSampleRatio: number;
  minTrades: number;
  paths: number;
  outDir: string;
  /** the optimisation database (resumable runs) */
  db: string;
  /** per command, ms */
  timeoutMs: number;
  /** added to the commands' environment (a test's own data cache, say) */
  env?: Readonly<Record<string, string>>;
}

export interface BotOutcome {
  bot: string;
  optimize: {
    backtests: number;
    trials: number;
    /** stitched out-of-sample equity: last ÷ first − 1, % */
    oosReturnPct: number;
    oosNet: number;
    oosDays: number;
    efficiency: number | null;
    dsr: number | null;
    pbo: number | null;
    verdict: string;
    reasons: string[];
    best: Record<string, string | number | boolean>;
  };
  backtest: { trades: number; winRatePct: number | null; netProfit: number; tradingDays: number };
  challenge: {
    status: string;
    rule: string | null;
    day: string | null;
    tradingDays: number;
    netProfit: number;
    /** entries the floor-breach rule denied (a stop that could cross the daily or max-loss floor) */
    floorDenials: number;
  };
  simulate: { passProbability: number; standardError: number; input: string; blockLength: number };
  reports: string[];
  wallMs: number;
}

function run(args: readonly string[], timeoutMs: number, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [HYDRA_BIN, ...args],
      { timeout: timeoutMs, maxBuffer: 512 * 1024 * 1024, env },
      (err, stdout, stderr) => {
        if (err !== null) reject(new Error(`hydra ${args.join(" ")}: ${err.message}\n${stderr}`));
        else resolve(stdout);
      },
    );
  });
}

const num = (x: unknown): number | null => (typeof x === "number" && Number.isFinite(x) ? x : null);

interface OptimizeJson {
  trials: Array<{ params: Record<string, string | number | boolean>; full?: { objective?: number } }>;
  best: { params: Record<string, string | number | boolean> } | null;
  backtests: { total: number };
  windows: Array<{
    inSample: { startMs: number; endMs: number };
    outOfSample: { startMs: number; endMs: number };
    params: Record<string, string | number | boolean>;
    inSampleObjective: number | null;
    outOfSampleObjective: number | null;
  }>;
  stitchedEquity: Array<{ day: string; equity: number }>;
  efficiency: number | null;
  deflatedSharpe: { dsr: number } | null;
  pbo: { pbo: number } | null;
  verdict: { level: string; reasons: string[] };
}

export async function runBotPipeline(o: PipelineOptions): Promise<BotOutcome> {
  const t0 = performance.now();
  mkdirSync(o.outDir, { recursive: true });
  const env = { ...process.env, ...o.env, HYDRA_DB: o.db };
  const dataFlags = [
    "--data",
    o.data.file,
    "--tz",
    o.data.tz,
    ...(o.data.shift === undefined ? [] : [`--shift=${o.data.shift}`]),
    "--symbol",
    o.data.symbol,
    "--cash",
    String(o.cash),
    "--spread",
    String(o.data.spread),
  ];
  // relative to the working directory when inside it: the reports then name "reports/…", not a home path
  const relDir = path.relative(process.cwd(), o.outDir);
  const dir = relDir.startsWith("..") || path.isAbsolute(relDir) ? o.outDir : relDir || ".";
  const out = (name: string): string => path.join(dir, `${o.bot}-${name}`);

  const opt = JSON.parse(
    await run(
      [
        "optimize",
        "--strategy",
        o.bot,
        ...dataFlags,
        ...o.ranges.flatMap((r) => ["--range", r]),
        "--windows",
        String(o.windows),
        "--in-sample-ratio",
        String(o.inSampleRatio),
        "--min-trades",
        String(o.minTrades),
        "--db",
        o.db,
        "--report",
        out("walk-forward.html"),
        "--json",
      ],
      o.timeoutMs,
      env,
    ),
  ) as OptimizeJson;
  writeFileSync(out("optimize.json"), JSON.stringify(opt));

  const backtestJson = out("backtest.json");
  writeFileSync(
    backtestJson,
    await run(["backtest", "--strategy", o.bot, ...dataFlags, "--json"], o.timeoutMs, env),
  );
  const bt = JSON.parse(readFileSync(backtestJson, "utf8")) as {
    stats: { trades: number; winRatePct: number | null; netProfit: number; tradingDays: number };
  };
  const challenged = JSON.parse(
    await run(
      [
        "backtest",
        "--strategy",
        o.bot,
        ...dataFlags,
        "--challenge",
        "ftmo-2step",
        "--report",
        out("backtest.html"),
        "--json",
      ],
      o.timeoutMs,
      env,
    ),
  ) as {
    challenge: { status: string; rule: string | null; day: string | null; tradingDays: number };
    stats: { netProfit: number };
    denials: Array<{ code: string }>;
  };
  const sim = JSON.parse(
    await run(
      [
        "challenge",
        "simulate",
        "--program",
        "ftmo-2step",
        "--trades",
        backtestJson,
        "--paths",
        String(o.paths),
        "--seed",
        "1",
        "--workers",
        "2",
        "--report",
        out("simulate.html"),
        "--json",
      ],
      o.timeoutMs,
      env,
    ),
  ) as { passProbability: number; standardError: number; input: string; blockLength: number };
  writeFileSync(out("simulate.json"), JSON.stringify(sim));

  const first = o.cash; // the stitched equity compounds from --cash
  const last = opt.stitchedEquity.at(-1)?.equity ?? o.cash;
  return {
    bot: o.bot,
    optimize: {
      backtests: opt.backtests.total,
      trials: opt.trials.length,
      oosReturnPct: (last / first - 1) * 100,
      oosNet: last - first,
      oosDays: opt.stitchedEquity.length,
      efficiency: num(opt.efficiency),
      dsr: num(opt.deflatedSharpe?.dsr),
      pbo: num(opt.pbo?.pbo),
      verdict: opt.verdict.level,
      reasons: opt.verdict.reasons,
      best: opt.best?.params ?? {},
    },
    backtest: {
      trades: bt.stats.trades,
      winRatePct: bt.stats.winRatePct,
      netProfit: bt.stats.netProfit,
      tradingDays: bt.stats.tradingDays,
    },
    challenge: {
      status: challenged.challenge.status,
      rule: challenged.challenge.rule,
      day: challenged.challenge.day,
      tradingDays: challenged.challenge.tradingDays,
      netProfit: challenged.stats.netProfit,
      floorDenials: challenged.denials.filter((d) => d.code === "FLOOR_BREACH").length,
    },
    simulate: {
      passProbability: sim.passProbability,
      standardError: sim.standardError,
      input: sim.input,
      blockLength: sim.blockLength,
    },
    reports: ["walk-forward.html", "backtest.html", "simulate.html"].map(out),
    wallMs: performance.now() - t0,
  };
}
