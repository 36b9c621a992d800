import { Prng } from "../core/prng.js";

/** A fault on the trade service's reply path (armed on the simulated bridge for the venue's request). */
const REPLY_FAULTS = [
  "drop-reply",
  "no-connection",
  "malformed-reply",
  "duplicate-request",
  "slow-reply",
  "bridge-restart",
] as const;
/** A fault on the price stream's path (armed on the relay between the bridge and the node). */
export const PUB_FAULTS = [
  "drop-event",
  "delay-events",
  "duplicate-event",
  "reorder-events",
  "malformed-event",
  "drop-tick",
  "silent-publisher",
] as const;
export type Fault = "none" | (typeof REPLY_FAULTS)[number] | (typeof PUB_FAULTS)[number];

/**
 * What happens at the broker in one step: the venue opens or closes a position, a position is closed at
 * the broker without the venue (by hand on the terminal, by its stop or target when the price moves), or
 * the broker stops the account out.
 */
type Action = "open" | "close" | "terminal-close" | "price-move" | "stop-out";

export interface Step {
  action: Action;
  fault: Fault;
  side: "buy" | "sell";
  /** lots of an open */
  volume: number;
  /** distance of an open's stop and target from its price (NaN: none) */
  slAway: number;
  tpAway: number;
  /** which position a close takes, as a fraction of the list */
  pick: number;
  /** the price's move of a price-move step */
  move: number;
  /** wall ms of a delay, a slow reply, a restart's downtime or a silence */
  ms: number;
  /** test-clock ms after the step */
  advance: number;
}

/** Everything a schedule does is drawn here, up front, from its seed: the same seed, the same schedule. */
export function drawSchedule(seed: number): Step[] {
  const rng = new Prng(seed);
  const r = (): number => rng.next();
  const pickOf = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const steps: Step[] = [];
  const n = 3 + Math.floor(r() * 6);
  let stopOuts = 0;
  for (let i = 0; i < n; i++) {
    const roll = r();
    let action: Action =
      i === 0 || roll < 0.4
        ? "open"
        : roll < 0.6
          ? "close"
          : roll < 0.72
            ? "terminal-close"
            : roll < 0.94
              ? "price-move"
              : "stop-out";
    // one stop-out at most: it costs the account half its equity
    if (action === "stop-out" && stopOuts++ > 0) action = "price-move";
    const faultRoll = r();
    const fault: Fault =
      faultRoll < 0.15 ? "none" : faultRoll < 0.55 ? pickOf(REPLY_FAULTS) : pickOf(PUB_FAULTS);
    steps.push({
      action,
      fault,
      side: r() < 0.5 ? "buy" : "sell",
      volume: Math.round((0.1 + r() * 0.9) * 100) / 100,
      slAway: r() < 0.3 ? Number.NaN : Math.round(3 + r() * 12),
      tpAway: r() < 0.3 ? Number.NaN : Math.round(3 + r() * 12),
      pick: r(),
      move: Math.round((r() - 0.5) * 30 * 100) / 100,
      ms: Math.round(20 + r() * 80),
      advance: Math.round(200 + r() * 2800),
    });
  }
  return steps;
}

/** One line per schedule: what a failing seed prints. */
export function describeSchedule(seed: number, steps: readonly Step[]): string {
  return `seed ${seed}: ${steps.map((s) => `${s.action}${s.fault === "none" ? "" : `+${s.fault}`}`).join(", ")}`;
}
