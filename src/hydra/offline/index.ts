import type { Engine } from "../engine.js";
import { breakoutEngine } from "./breakout.js";
import { contrarianEngine } from "./contrarian.js";
import { momentumEngine } from "./momentum.js";
import { reversionEngine } from "./reversion.js";

export { BREAKOUT_PARAMS, breakoutEngine, breakoutRule } from "./breakout.js";
export { CONTRARIAN_PARAMS, contrarianEngine, contrarianRule } from "./contrarian.js";
export { MOMENTUM_PARAMS, momentumEngine, momentumRule } from "./momentum.js";
export { REVERSION_PARAMS, reversionEngine, reversionRule } from "./reversion.js";
export type { EntrySignal, OfflineEngineSpec, OfflineRule, RuleContext, RuleParams } from "./rule-engine.js";
export { assetAtr, atrLevels, mergeParams, OfflineEngine } from "./rule-engine.js";

/** The four deterministic strategists with default parameters (kind "offline", labels say "not an LLM"). */
export function offlineEngines(): Engine[] {
  return [momentumEngine(), reversionEngine(), breakoutEngine(), contrarianEngine()];
}
