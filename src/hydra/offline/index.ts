import type { Engine } from "../engine.js";
import { breakoutEngine } from "./breakout.js";
import { contrarianEngine } from "./contrarian.js";
import { momentumEngine } from "./momentum.js";
import { reversionEngine } from "./reversion.js";

export { breakoutEngine } from "./breakout.js";
export { contrarianEngine } from "./contrarian.js";
export { momentumEngine } from "./momentum.js";
export { reversionEngine } from "./reversion.js";

/** The four deterministic strategists with default parameters (kind "offline", labels say "not an LLM"). */
export function offlineEngines(): Engine[] {
  return [momentumEngine(), reversionEngine(), breakoutEngine(), contrarianEngine()];
}
