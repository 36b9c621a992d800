export { SimBridgeError } from "./sim-bridge-error.js";
export { SimBridgeServer } from "./sim-bridge-server.js";
