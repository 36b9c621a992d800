import type { StrategyDefinition } from "../strategy-definition.js";
import { parseParams } from "../strategy-params.js";
import { HF_SCALPER_PARAMS, HfScalper } from "./hf-scalper.js";
import { NAS100_GAP_PARAMS, Nas100Gap } from "./nas100-gap.js";
import { US30_ORB_PARAMS, Us30Orb } from "./us30-orb.js";

/** The FTMO index and scalper bots (SPEC §2): US30 ORB fade, NAS100 gap fill, HF scalper. */
export const INDEX_SCALPER_BOTS: readonly StrategyDefinition[] = [
  {
    name: "us30-orb",
    description:
      "US30 opening-range fade: a close beyond the first 15 min after the 09:30 New York open → trade back to the range mid",
    params: US30_ORB_PARAMS,
    sizedByRisk: true,
    create: (symbol, timeframe, raw, name) =>
      new Us30Orb(symbol, timeframe, parseParams("us30-orb", US30_ORB_PARAMS, raw), name),
  },
  {
    name: "nas100-gap",
    description:
      "NAS100 gap fill: a 0.2–1.5% gap at the 09:30 New York open vs the 16:00 close → trade toward the fill, out by 12:00",
    params: NAS100_GAP_PARAMS,
    sizedByRisk: true,
    create: (symbol, timeframe, raw, name) =>
      new Nas100Gap(symbol, timeframe, parseParams("nas100-gap", NAS100_GAP_PARAMS, raw), name),
  },
  {
    name: "hf-scalper",
    description:
      "M1 momentum scalper (one per symbol): N-bar move > k × ATR with the EMA slope, spread filter, cool-down, London/NY overlap",
    params: HF_SCALPER_PARAMS,
    sizedByRisk: true,
    create: (symbol, timeframe, raw, name) =>
      new HfScalper(symbol, timeframe, parseParams("hf-scalper", HF_SCALPER_PARAMS, raw), name),
  },
];
