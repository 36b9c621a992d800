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
}

const SEVERITY: Readonly<Record<TradingState, number>> = { ACTIVE: 0, REDUCING: 1, HALTED: 2 };

/**
 * Trading states per scope (an account, an engine, "global"), each change recorded with its reason and
 * time. The state in force for a scope is the most severe of its own and the global one.
 */
export class TradingStates {
  private readonly states = new Map<string, TradingState>();
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

  set(scope: string, to: TradingState, reason: string, time: number): boolean {
    const from = this.own(scope);
    if (from === to) return false;
    this.states.set(scope, to);
    const change = { scope, from, to, reason, time };
    this.history.push(change);
    this.onChange?.(change);
    return true;
  }
}
