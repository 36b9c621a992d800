import { z } from "zod";
import type { TradingState } from "../../risk/trading-state.js";
import type { ExecutionMode } from "../execution-mode.js";

/** Epoch milliseconds (UTC). */
const Ms = z.int().nonnegative();

/** One moment on both clocks: the wall clock (the machine's) and the market clock (the data's). */
const StampSchema = z.object({ wallMs: Ms, marketMs: Ms });

export const HealthSchema = z.object({
  ok: z.boolean(),
  /** the last time the node's loop ran, null before its first turn */
  lastLoop: StampSchema.nullable(),
  feeds: z.array(z.object({ feed: z.string(), lastTick: StampSchema.nullable() })),
});
export type Health = z.infer<typeof HealthSchema>;

const MODES = ["paper", "shadow", "live"] as const satisfies readonly ExecutionMode[];
const STATES = ["ACTIVE", "REDUCING", "HALTED"] as const satisfies readonly TradingState[];

export const StatusSchema = z.object({
  node: z.string(),
  mode: z.enum(MODES),
  startedAtMs: Ms,
  uptimeMs: Ms,
  /** per scope: "node", an account, a bot or an engine */
  tradingStates: z.array(z.object({ scope: z.string(), state: z.enum(STATES) })),
  killSwitch: z.object({
    on: z.boolean(),
    reason: z.string().nullable(),
    who: z.string().nullable(),
    atMs: Ms.nullable(),
  }),
  feeds: z.array(z.object({ feed: z.string(), connected: z.boolean(), detail: z.string().nullable() })),
  /** the MT5 bridge, null when the node trades without one */
  bridge: z.object({ connected: z.boolean(), detail: z.string().nullable() }).nullable(),
});
export type Status = z.infer<typeof StatusSchema>;
