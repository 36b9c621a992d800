import { HydraError } from "../../core/errors.js";

/**
 * Prop-firm challenge rules as data. Percentages are fractions of the INITIAL balance (0.05 = 5%).
 * Sources: FTMO's published Trading Objectives (2-Step and 1-Step), see the notes on each program.
 */
export type ProgramName = "ftmo-2step" | "ftmo-1step";
export type PhaseName = "challenge" | "verification";

/**
 * static: equity may never go below initial × (1 − pct).
 * trailing-eod: floor = max(highest end-of-day balance so far, initial) − pct × initial, recomputed at each
 * day boundary, never decreasing; intraday equity or balance highs do not move it.
 */
type MaxLossRule =
  | { readonly kind: "static"; readonly pct: number }
  | { readonly kind: "trailing-eod"; readonly pct: number };

export interface PropFirmProgram {
  readonly name: ProgramName;
  readonly phase: PhaseName;
  /** balance and equity must both reach initial × (1 + profitTargetPct) */
  readonly profitTargetPct: number;
  /** daily floor = balance at the previous day boundary − maxDailyLossPct × initial (day 1: initial) */
  readonly maxDailyLossPct: number;
  readonly maxLoss: MaxLossRule;
  /** days on which at least one position was opened; 0 = no minimum */
  readonly minTradingDays: number;
  /** best day's profit must be at most this share of the total profit to pass (null: no such rule) */
  readonly bestDayMaxShare: number | null;
  /** the zone whose midnight starts a day (FTMO: midnight CE(S)T) */
  readonly dayZone: string;
  readonly dayStartHour: number;
}

const FTMO_DAY = { dayZone: "Europe/Prague", dayStartHour: 0 } as const;

const PROGRAMS: readonly PropFirmProgram[] = [
  {
    name: "ftmo-2step",
    phase: "challenge",
    profitTargetPct: 0.1,
    maxDailyLossPct: 0.05,
    maxLoss: { kind: "static", pct: 0.1 },
    minTradingDays: 4,
    bestDayMaxShare: null,
    ...FTMO_DAY,
  },
  {
    name: "ftmo-2step",
    phase: "verification",
    profitTargetPct: 0.05,
    maxDailyLossPct: 0.05,
    maxLoss: { kind: "static", pct: 0.1 },
    minTradingDays: 4,
    bestDayMaxShare: null,
    ...FTMO_DAY,
  },
  {
    // FTMO's 1-Step objectives table lists no minimum trading days ("the minimum duration is determined by
    // the objectives, including the Best Day Rule"), so none here; the best-day rule alone forces >= 2 days.
    name: "ftmo-1step",
    phase: "challenge",
    profitTargetPct: 0.1,
    maxDailyLossPct: 0.03,
    maxLoss: { kind: "trailing-eod", pct: 0.1 },
    minTradingDays: 0,
    bestDayMaxShare: 0.5,
    ...FTMO_DAY,
  },
];

export const PROGRAM_NAMES: readonly ProgramName[] = ["ftmo-2step", "ftmo-1step"];
export const PHASE_NAMES: readonly PhaseName[] = ["challenge", "verification"];

/** Phases a program has, in order. */
export function programPhases(name: string): PhaseName[] {
  return PROGRAMS.filter((p) => p.name === name).map((p) => p.phase);
}

export function propFirmProgram(name: string, phase: string = "challenge"): PropFirmProgram {
  const phases = programPhases(name);
  if (phases.length === 0) {
    throw new HydraError(
      "CONFIG_INVALID",
      `unknown prop-firm program "${name}" (known: ${PROGRAM_NAMES.join(", ")})`,
      { field: "program", program: name },
    );
  }
  const found = PROGRAMS.find((p) => p.name === name && p.phase === phase);
  if (found === undefined) {
    throw new HydraError(
      "CONFIG_INVALID",
      `program "${name}" has no phase "${phase}" (phases: ${phases.join(", ")})`,
      { field: "phase", program: name, phase },
    );
  }
  return found;
}
