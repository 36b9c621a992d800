export { consensus } from "./consensus.js";
export type { EngineResult } from "./rank.js";
export { rankEngines, weightMap } from "./rank.js";
export { renderTournamentTable, tournamentTable } from "./table.js";
