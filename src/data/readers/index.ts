export { readMarketFile } from "./read-market-file.js";
