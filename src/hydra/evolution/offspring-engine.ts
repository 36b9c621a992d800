import type { Engine } from "../engine.js";

/**
 * A bred engine strategy as an engine: it answers through its first parent's engine (the same model or
 * offline strategist) under its own id, so it has its own desk, lessons and place in the tournament.
 */
export function offspringEngine(base: Engine, id: string): Engine {
  return {
    id,
    label: `${base.label} offspring ${id.slice(-8)}`,
    kind: base.kind,
    decide: (input, signal) => base.decide(input, signal),
  };
}
