export { generateTicks } from "./generate-ticks.js";
export { SyntheticMarket } from "./synthetic-market.js";
