#!/usr/bin/env node
// make reliability's closing table: reads the summaries the suites wrote into HYDRA_RELIABILITY_OUT
// (src/cli/test-support/reliability-out.ts; crash-campaign.json and bridge-faults.json from their
// suites) and prints one Markdown table. A suite with no summary is "not run".
//   node scripts/reliability-table.mjs DIR
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

const dir = process.argv[2] ?? process.env.HYDRA_RELIABILITY_OUT;
if (dir === undefined || dir === "") {
  console.error("usage: node scripts/reliability-table.mjs DIR (the folder HYDRA_RELIABILITY_OUT named)");
  process.exit(2);
}

/** a suite's summary, or undefined when it did not run (or wrote nothing readable) */
function read(name) {
  const file = path.join(dir, `${name}.json`);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

const num = (v) => (typeof v === "number" && Number.isFinite(v) ? v : 0);
const ended = (o) =>
  Object.entries(o ?? {})
    .sort((a, b) => b[1] - a[1])
    .map(([how, n]) => `${n} ${how}`)
    .join(", ");

const rows = [];
const notRun = (suite) => rows.push([suite, "not run", "-"]);

const BAD_INPUT = [
  ["flags", "command-line flags"],
  ["env", "the environment"],
  ["files", "files (config, CSV, instruments…)"],
  ["nodes", "flags of the long-running commands"],
  ["api", "requests to a running node's HTTP API"],
  ["bridge", "frames to the simulated bridge"],
];
for (const [key, what] of BAD_INPUT) {
  const s = read(`bad-input-${key}`);
  const suite = `bad input: ${what}`;
  if (s === undefined) notRun(suite);
  else rows.push([suite, `${num(s.cases)} cases`, ended(s.ended)]);
}

let lost = 0;
let duplicated = 0;
let orderSuites = 0;

const CRASH = [
  ["crash-campaign", "crash campaign (seeded kills of hydra ftmo --mode live)", "restarts matched their checkpoint"],
  ["hydra-run-crash-campaign", "crash campaign (seeded kills of hydra run)", "restarts resumed a checkpoint"],
];
for (const [key, suite, survived] of CRASH) {
  const crash = read(key);
  if (crash === undefined) {
    notRun(suite);
    continue;
  }
  orderSuites++;
  lost += num(crash.ordersLost);
  duplicated += num(crash.ordersDuplicated);
  rows.push([
    suite,
    `${num(crash.kills)} kills`,
    `${num(crash.survived)} ${survived}; orders lost ${num(crash.ordersLost)}, duplicated ${num(crash.ordersDuplicated)}`,
  ]);
}

const bridge = read("bridge-faults");
if (bridge === undefined) notRun("bridge fault schedules");
else {
  orderSuites++;
  lost += num(bridge.lost);
  duplicated += num(bridge.duplicates);
  const kinds = bridge.faultsInjected ?? {};
  const faults = Object.values(kinds).reduce((a, b) => a + num(b), 0);
  rows.push([
    "bridge fault schedules",
    `${num(bridge.schedules)} schedules`,
    `${faults} faults injected (${ended(kinds) || "none"}); ${num(bridge.ordersSent)} orders sent, lost ${num(bridge.lost)}, duplicated ${num(bridge.duplicates)}`,
  ]);
}

const storage = read("storage-faults");
if (storage === undefined) notRun("storage faults");
else {
  const skipped = Object.entries(storage.names ?? {})
    .filter(([, s]) => s === "skip")
    .map(([n]) => n.split(":")[0]);
  rows.push([
    "storage faults",
    `${num(storage.tests)} faults`,
    `${num(storage.passed)} handled as documented, ${num(storage.failed)} failed, ${num(storage.skipped)} skipped${skipped.length === 0 ? "" : ` (${skipped.join("; ")}: needs mount)`}`,
  ]);
}

const secrets = read("secrets");
if (secrets === undefined) notRun("secrets");
else
  rows.push([
    "secrets",
    `${num(secrets.planted)} planted values in ${num(secrets.places)} places`,
    `${num(secrets.leaks)} leaks`,
  ]);

const soak = read("soak");
if (soak !== undefined)
  rows.push([
    "soak (hydra demo, both halves)",
    `${soak.marketHours} h of market time in ${soak.wallMinutes} min`,
    `RSS ${soak.rssGrowthPct} %, fds ${soak.fdGrowthPct} % after warm-up; event-loop lag p99 ${soak.lagP99Ms} ms; outbox ≤ ${soak.outboxMax} alerts, logs ≤ ${soak.logMaxBytes} bytes`,
  ]);

rows.push([
  "orders lost and duplicated (goal 0 and 0)",
  orderSuites === 0 ? "not run" : `${orderSuites} of 3 order suites`,
  orderSuites === 0 ? "-" : `lost ${lost}, duplicated ${duplicated}`,
]);

const cell = (s) => String(s).replaceAll("|", "\\|");
console.log("| suite | tried | how it ended |");
console.log("|---|---|---|");
for (const r of rows) console.log(`| ${r.map(cell).join(" | ")} |`);
