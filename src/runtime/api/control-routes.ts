import type { z } from "zod";
import {
  EmptyBodySchema,
  KillSwitchBodySchema,
  type NodeControl,
  PositionParamsSchema,
  TargetParamsSchema,
} from "./node-control.js";

/** A POST route behind the bearer token: its path under /api/v1 (fastify's :param syntax) and its action. */
export interface ControlRoute {
  path: string;
  action: string;
  summary: string;
  body: z.ZodType;
  params: z.ZodType | undefined;
  act(control: NodeControl, input: { body: unknown; params: unknown }, who: string): void | Promise<void>;
}

function control<B extends z.ZodType, P extends z.ZodType | undefined>(r: {
  path: string;
  action: string;
  summary: string;
  body: B;
  params?: P;
  act(
    control: NodeControl,
    input: { body: z.output<B>; params: P extends z.ZodType ? z.output<P> : undefined },
    who: string,
  ): void | Promise<void>;
}): ControlRoute {
  return { ...r, params: r.params, act: r.act as ControlRoute["act"] };
}

const pauseResume = (kind: "bot" | "engine", verb: "pause" | "resume"): ControlRoute =>
  control({
    path: `/${kind}s/:name/${verb}`,
    action: `${kind}.${verb}`,
    summary: `${verb === "pause" ? "Pause" : "Resume"} one ${kind}`,
    body: EmptyBodySchema,
    params: TargetParamsSchema,
    act: (c, { params }, who) => c[verb](kind, params.name, who),
  });

export const CONTROL_ROUTES: readonly ControlRoute[] = [
  control({
    path: "/kill-switch",
    action: "kill-switch",
    summary: "Turn the kill switch on (halt all trading) or off",
    body: KillSwitchBodySchema,
    act: (c, { body }, who) => c.killSwitch(body.on, body.reason, who),
  }),
  pauseResume("bot", "pause"),
  pauseResume("bot", "resume"),
  pauseResume("engine", "pause"),
  pauseResume("engine", "resume"),
  control({
    path: "/positions/close-all",
    action: "positions.close-all",
    summary: "Close every open position",
    body: EmptyBodySchema,
    act: (c, _input, who) => c.closeAll(who),
  }),
  control({
    path: "/positions/:id/close",
    action: "position.close",
    summary: "Close one position",
    body: EmptyBodySchema,
    params: PositionParamsSchema,
    act: (c, { params }, who) => c.closePosition(params.id, who),
  }),
  control({
    path: "/config/reload",
    action: "config.reload",
    summary: "Reload the node's configuration",
    body: EmptyBodySchema,
    act: (c, _input, who) => c.reloadConfig(who),
  }),
];
