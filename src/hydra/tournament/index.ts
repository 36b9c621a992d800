export { consensus } from "./consensus.js";
export type { EngineResult } from "./rank.js";
export { rankEngines, weightMap } from "./rank.js";
export { renderTournamentTable } from "./render-table.js";
export { tournamentTable } from "./table.js";
