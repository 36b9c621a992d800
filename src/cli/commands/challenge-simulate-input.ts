import { DataError, HydraError } from "../../core/errors.js";
import { DayBoundary } from "../../core/time.js";
import {
  PROGRAM_NAMES,
  type PropFirmProgram,
  programPhases,
  propFirmProgram,
} from "../../risk/prop-firm/program.js";
import { chooseBlockLength } from "../../risk/prop-firm/simulate/block-length.js";
import type { DaySourceSpec } from "../../risk/prop-firm/simulate/day-source.js";
import type { SimulationSpec } from "../../risk/prop-firm/simulate/simulate-shard.js";
import { readDailyFile, readTradeFile } from "../../runtime/challenge-simulation/read-pnl-input.js";
import { choiceOption, numberOption } from "../options.js";
import { workersOption } from "../workers-option.js";

export interface SimulateFlags {
  program: string;
  phase: string;
  winRate?: string;
  payoff?: string;
  riskPct?: string;
  tradesPerDay?: string;
  compound?: boolean;
  trades?: string;
  daily?: string;
  method?: string;
  block?: string;
  initial?: string;
  maxDays?: string;
  paths: string;
  seed: string;
  workers?: string;
  fee?: string;
  scanRisk?: boolean;
  json?: boolean;
  report?: string;
}

/** The risk levels of --scan-risk, % of the balance a trade. */
const SCAN_RISK_PCTS = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2];
const METHODS = ["bootstrap", "reshuffle"] as const;
/** one thread a core is the point; more only costs start-up time */

/** What the command runs, validated once: the main spec, the scan's specs, and how to describe them. */
export interface SimulatePlan {
  readonly program: string;
  readonly phases: readonly PropFirmProgram[];
  readonly mode: "parametric" | "bootstrap" | "reshuffle";
  /** a line saying where the days come from */
  readonly input: string;
  readonly blockLength: number | null;
  readonly spec: SimulationSpec;
  readonly scan: readonly { riskPct: number; spec: SimulationSpec }[] | null;
  readonly workers: number;
  readonly fee: number | null;
}

const usage = (flag: string, message: string) => new HydraError("CLI_USAGE", message, { field: flag });

function only(flag: string, given: unknown, allowed: boolean, when: string): void {
  if (given !== undefined && given !== false && !allowed) throw usage(flag, `${flag} applies only ${when}`);
}

export function planSimulation(f: SimulateFlags): SimulatePlan {
  const program = choiceOption("--program", f.program, PROGRAM_NAMES)!;
  const phaseNames =
    f.phase === "all"
      ? programPhases(program)
      : [choiceOption("--phase", f.phase, [...programPhases(program), "all"])!];
  const phases = phaseNames.map((p) => propFirmProgram(program, p));
  const parametric = f.winRate !== undefined || f.payoff !== undefined || f.riskPct !== undefined;
  const sources = [parametric, f.trades !== undefined, f.daily !== undefined].filter(Boolean).length;
  if (sources !== 1)
    throw usage(
      "--trades",
      "give exactly one input: --win-rate/--payoff/--risk-pct (parametric), --trades FILE or --daily FILE",
    );
  const method = choiceOption("--method", f.method, METHODS);
  only("--method", f.method, !parametric, "to --trades or --daily");
  only("--scan-risk", f.scanRisk, parametric, "to the parametric mode (--win-rate, --payoff, --risk-pct)");
  only("--block", f.block, !parametric && method !== "reshuffle", "to the bootstrap (--trades or --daily)");
  const tradesPerDay =
    numberOption("--trades-per-day", f.tradesPerDay, { integer: true, positive: true }) ?? 1;
  const maxDays =
    numberOption("--max-days", f.maxDays, { integer: true, positive: true }) ?? Number.POSITIVE_INFINITY;
  const paths = numberOption("--paths", f.paths, { integer: true, positive: true })!;
  const seed = numberOption("--seed", f.seed, { integer: true, min: 0 })!;
  if (seed > 0xffffffff) throw usage("--seed", `--seed must be at most ${0xffffffff}, got "${f.seed}"`);
  const workers = workersOption("--workers", f.workers);
  const fee = numberOption("--fee", f.fee, { positive: true }) ?? null;
  const compound = f.compound === true;
  const base = (source: DaySourceSpec, scale: number, initial: number): SimulationSpec => ({
    phases,
    sizing: { initial, scale, compound, maxDays },
    source,
    paths,
    seed,
  });

  if (parametric) {
    const need = (flag: string, text: string | undefined) => {
      if (text === undefined)
        throw usage(flag, `the parametric mode needs ${flag} (with --win-rate, --payoff, --risk-pct)`);
      return text;
    };
    const winRate = numberOption("--win-rate", need("--win-rate", f.winRate), { min: 0 })!;
    if (winRate > 1) throw usage("--win-rate", `--win-rate must be between 0 and 1, got "${f.winRate}"`);
    const payoff = numberOption("--payoff", need("--payoff", f.payoff), { positive: true })!;
    const riskPct = numberOption("--risk-pct", need("--risk-pct", f.riskPct), { positive: true })!;
    if (riskPct > 100) throw usage("--risk-pct", `--risk-pct must be at most 100, got "${f.riskPct}"`);
    const initial = numberOption("--initial", f.initial, { positive: true }) ?? 100_000;
    const source: DaySourceSpec = { kind: "parametric", winRate, payoff, tradesPerDay };
    const of = compound ? "the current balance" : "the initial balance";
    return {
      program,
      phases,
      mode: "parametric",
      input: `win rate ${winRate}, payoff ${payoff}, risk ${riskPct} % of ${of} a trade, ${tradesPerDay} trade(s) a day`,
      blockLength: null,
      spec: base(source, riskPct / 100, initial),
      scan: f.scanRisk
        ? SCAN_RISK_PCTS.map((r) => ({ riskPct: r, spec: base(source, r / 100, initial) }))
        : null,
      workers,
      fee,
    };
  }

  const day = new DayBoundary(phases[0]!.dayZone, phases[0]!.dayStartHour);
  const file = (f.trades ?? f.daily)!;
  const read =
    f.trades !== undefined
      ? readTradeFile(file, day, tradesPerDay)
      : { days: readDailyFile(file).map((p) => (p === 0 ? [] : [p])), balance: null, format: "daily-csv" };
  const initial = numberOption("--initial", f.initial, { positive: true }) ?? read.balance ?? 100_000;
  // returns relative to the balance the data was made on (the backtest's, else the simulated one)
  const dataBalance = read.balance ?? initial;
  const days = read.days.map((d) => d.map((pnl) => pnl / dataBalance));
  // a path of zero days would only end at the day cap
  if (days.every((d) => d.every((r) => r === 0)))
    throw new DataError("DATA_FORMAT", file, "every P&L is 0: nothing to simulate");
  const mode = method ?? "bootstrap";
  const what = `${read.days.length} days, ${read.days.reduce((n, d) => n + d.length, 0)} trades from ${file} (${read.format})`;
  if (mode === "reshuffle") {
    const source: DaySourceSpec = {
      kind: "reshuffle",
      trades: days.flat(),
      daySizes: days.map((d) => d.length),
    };
    return {
      program,
      phases,
      mode,
      input: what,
      blockLength: null,
      spec: base(source, 1, initial),
      scan: null,
      workers,
      fee,
    };
  }
  const dailyPnl = read.days.map((d) => d.reduce((s, x) => s + x, 0));
  const blockLength =
    numberOption("--block", f.block, { integer: true, positive: true }) ?? chooseBlockLength(dailyPnl);
  const source: DaySourceSpec = { kind: "bootstrap", days, blockLength };
  return {
    program,
    phases,
    mode,
    input: what,
    blockLength,
    spec: base(source, 1, initial),
    scan: null,
    workers,
    fee,
  };
}
