/**
 * ACTIVE: trade freely. REDUCING: only orders that close or shrink positions. HALTED: nothing new.
 * A kill switch is a state of the system, not a flag checked in twenty places.
 */
export type TradingState = "ACTIVE" | "REDUCING" | "HALTED";

export interface TradingStateChange {
  scope: string;
  from: TradingState;
  to: TradingState;
  reason: string;
  time: number;
  /** who made the change ("operator", "guardian", "kill-switch", a prop-firm program…) */
  by: string;
}

const SEVERITY: Readonly<Record<TradingState, number>> = { ACTIVE: 0, REDUCING: 1, HALTED: 2 };

/**
 * Trading states per scope (an account, an engine, "global"), each change recorded with its reason and
 * time. The state in force for a scope is the most severe of its own and the global one.
 */
export class TradingStates {
  private readonly states = new Map<string, TradingState>();
  private readonly owners = new Map<string, string>();
  readonly history: TradingStateChange[] = [];

  constructor(private readonly onChange?: (change: TradingStateChange) => void) {}

  own(scope: string): TradingState {
    return this.states.get(scope) ?? "ACTIVE";
  }

  /** The state in force for a scope: its own or the global one, whichever is stricter. */
  effective(scope: string): TradingState {
    const own = this.own(scope);
    const global = this.own("global");
    return SEVERITY[global] > SEVERITY[own] ? global : own;
  }

  /** Who set the scope's current state ("" while it was never changed). */
  owner(scope: string): string {
    return this.owners.get(scope) ?? "";
  }

  set(scope: string, to: TradingState, reason: string, time: number, by = "operator"): boolean {
    const from = this.own(scope);
    // the same state again is a no-op, unless someone else now holds it (a guardian's kill on top of an
    // operator's halt, say): then the new owner is recorded, so that the first one lifting its reason
    // does not lift the other's
    if (from === to && (to === "ACTIVE" || this.owner(scope) === by)) return false;
    this.states.set(scope, to);
    this.owners.set(scope, by);
    const change = { scope, from, to, reason, time, by };
    this.history.push(change);
    this.onChange?.(change);
    return true;
  }
}
