export type { BrokerReply, DealData, PositionData, TicketMeta } from "./broker-types.js";
export { type Candle, CandleBook } from "./candle-book.js";
export { FaultPlan, type ReplyFault } from "./fault-plan.js";
export { SimBridgeError, type SimBridgeErrorCode } from "./sim-bridge-error.js";
export { SimBridgeServer, type SimBridgeStartOptions, type SimBridgeStats } from "./sim-bridge-server.js";
export { type HandleOptions, SimBroker, type SimBrokerOptions } from "./sim-broker.js";
export { openTickSource, type TickSource, type TickSourceSpec } from "./tick-source.js";
