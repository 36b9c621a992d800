import { z } from "zod";

type Done = void | Promise<void>;

/**
 * What the API may ask of the node. `who` is the operator (X-Hydra-Operator, else "api"): the
 * implementation journals it. An unknown position, bot or engine is an UnknownTargetError (→ 404).
 */
export interface NodeControl {
  killSwitch(on: boolean, reason: string, who: string): Done;
  pause(kind: "bot" | "engine", name: string, who: string): Done;
  resume(kind: "bot" | "engine", name: string, who: string): Done;
  closePosition(id: string, who: string): Done;
  closeAll(who: string): Done;
  reloadConfig(who: string): Done;
}

export const KillSwitchBodySchema = z
  .object({ on: z.boolean(), reason: z.string().trim().min(1).max(500) })
  .strict();

/** The other control routes take no body, or an empty JSON object. */
export const EmptyBodySchema = z.object({}).strict().optional();

/** A bot, engine or position named in a path. */
export const TargetParamsSchema = z.object({ name: z.string().min(1).max(200) }).strict();
export const PositionParamsSchema = z.object({ id: z.string().min(1).max(200) }).strict();

export const ControlAckSchema = z.object({ ok: z.literal(true), action: z.string(), who: z.string() });
export type ControlAck = z.infer<typeof ControlAckSchema>;
