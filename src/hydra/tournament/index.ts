export type { ConsensusOption, ConsensusOutcome, Vote, Weights } from "./consensus.js";
export { consensus } from "./consensus.js";
export type { EngineResult, RankedEngine } from "./rank.js";
export { RANK_WEIGHTS, rankEngines, weightMap } from "./rank.js";
export type { Benchmark, BenchmarkAsset, TournamentRow } from "./table.js";
export { BENCHMARK_ID, buyAndHoldPnl, renderTournamentTable, tournamentTable } from "./table.js";
