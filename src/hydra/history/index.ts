export {
  type AnonymiseMap,
  type AssetAlias,
  anonymise,
  anonymiseMap,
  deanonymise,
  FICTIONAL_EPOCH_MS,
  toRealPrice,
  toRealSymbol,
  toRealTime,
  weekStart,
} from "./anonymise.js";
export { type MeanCi, meanCi95, t95 } from "./confidence.js";
export {
  type CutoffVerdict,
  cutoffGuard,
  engineCutoff,
  engineModel,
  KNOWLEDGE_CUTOFFS,
  SEEN_PERIOD,
} from "./knowledge-cutoff.js";
