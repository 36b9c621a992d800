import { describe, it } from "vitest";
import { type BadCase, expectRefused } from "./test-support/bad-input.js";
import { BUILT } from "./test-support/spawn-hydra.js";

if (!BUILT) console.warn("skipping the bad-input end-to-end tests: dist/ is not built (make test builds it)");

const D = ["--duration", "5s"];
const LOCAL = ["--rep", "tcp://127.0.0.1:*", "--pub", "tcp://127.0.0.1:*", ...D];
const SMTP = { SMTP_HOST: "127.0.0.1", SMTP_TO: "ops@example.com", SMTP_FROM: "hydra@example.com" };

/** Bad environment variables: each refused at start with exit code 2, naming the variable. */
const CASES: BadCase[] = [
  // KILL_SWITCH: true|1|yes or false|0|no (or unset) everywhere; anything else is refused, never ignored
  ...(
    [
      ["run", D],
      ["ftmo", D],
      ["paper", D],
      ["trade", D],
      ["demo", D],
      ["kill-switch", ["status"]],
    ] as const
  ).flatMap(([cmd, more]) =>
    ["maybe", "on", "2"].map((v) => ({
      name: `KILL_SWITCH=${v} hydra ${cmd}`,
      args: [cmd, ...more],
      env: { KILL_SWITCH: v },
      names: new RegExp(`KILL_SWITCH must be one of true, 1, yes, false, 0, no \\(or unset\\), got "${v}"`),
    })),
  ),
  ...(["ftmo", "trade"] as const).map((cmd) => ({
    name: `EXECUTION_MODE=yolo hydra ${cmd}`,
    args: [cmd, ...D],
    env: { EXECUTION_MODE: "yolo" },
    names: /EXECUTION_MODE must be one of paper, shadow, live, got "yolo"/,
  })),
  ...(
    [
      ["ftmo", "lots"],
      ["run", "-5"],
      ["trade", "10"],
    ] as const
  ).map(([cmd, v]) => ({
    name: `HYDRA_LOG_MAX_BYTES=${v} hydra ${cmd}`,
    args: [cmd, ...D],
    env: { HYDRA_LOG_MAX_BYTES: v },
    names: /HYDRA_LOG_MAX_BYTES must be a whole number of bytes >= 1024/,
  })),
  {
    name: "HYDRA_ALERTS_KEEP=0 hydra ftmo",
    args: ["ftmo", ...D],
    env: { HYDRA_ALERTS_KEEP: "0" },
    names: /HYDRA_ALERTS_KEEP must be a whole number of alerts >= 1/,
  },
  {
    name: "SMTP_PORT=abc hydra run",
    args: ["run", ...D],
    env: { ...SMTP, SMTP_PORT: "abc" },
    names: /SMTP_PORT: must be a port/,
  },
  {
    name: "SMTP_PORT=70000 hydra alerts test",
    args: ["alerts", "test"],
    env: { ...SMTP, SMTP_PORT: "70000" },
    names: /SMTP_PORT/,
  },
  {
    name: "SMTP_SECURE=maybe hydra alerts test",
    args: ["alerts", "test"],
    env: { ...SMTP, SMTP_SECURE: "maybe" },
    names: /SMTP_SECURE: must be true or false/,
  },
  {
    name: "TELEGRAM_TOKEN without TELEGRAM_CHAT_ID",
    args: ["alerts", "test"],
    env: { TELEGRAM_TOKEN: "x" },
    names: /TELEGRAM_CHAT_ID: is required when TELEGRAM_TOKEN is set/,
  },
  {
    name: "TELEGRAM_API_URL=notaurl hydra ftmo",
    args: ["ftmo", ...D],
    env: { TELEGRAM_API_URL: "notaurl", TELEGRAM_TOKEN: "x", TELEGRAM_CHAT_ID: "1" },
    names: /TELEGRAM_API_URL: must be an http\(s\) URL/,
  },
  {
    name: "TWILIO_SID without the rest",
    args: ["alerts", "test"],
    env: { TWILIO_SID: "AC1" },
    names: /TWILIO_/,
  },
  {
    name: "HYDRA_BRIDGE_CURVE_SECRET_KEY=short hydra bridge sim",
    args: ["bridge", "sim", ...LOCAL],
    env: { HYDRA_BRIDGE_CURVE_SECRET_KEY: "short" },
    names: /HYDRA_BRIDGE_CURVE_SECRET_KEY: expected a 40-character Z85 CurveZMQ secret key/,
  },
  {
    name: "HYDRA_CLIENT_SECRET_KEY=short hydra trade",
    args: ["trade", ...D],
    env: { HYDRA_CLIENT_SECRET_KEY: "short" },
    names: /HYDRA_CLIENT_SECRET_KEY: expected a 40-character Z85/,
  },
  {
    name: "HYDRA_LOCAL_MODEL_URL=notaurl hydra run --engines llm",
    args: ["run", "--engines", "llm", ...D],
    env: { HYDRA_LOCAL_MODEL: "llama3", HYDRA_LOCAL_MODEL_URL: "notaurl" },
    names: /HYDRA_LOCAL_MODEL_URL: not a URL/,
  },
  {
    name: "HYDRA_COINBASE_URL=notaurl hydra run --feed coinbase",
    args: ["run", "--feed", "coinbase", ...D],
    env: { HYDRA_COINBASE_URL: "notaurl" },
    names: /HYDRA_COINBASE_URL: expected an http\(s\) URL/,
  },
  {
    name: "HYDRA_COINGECKO_URL=ftp://x hydra run --feed coingecko",
    args: ["run", "--feed", "coingecko", ...D],
    env: { HYDRA_COINGECKO_URL: "ftp://x" },
    names: /HYDRA_COINGECKO_URL/,
  },
  {
    name: "HYDRA_DATA_DIR of a missing folder hydra conformance",
    args: ["conformance"],
    env: { HYDRA_DATA_DIR: "/nonexistent/hydra-data" },
    names: /\/nonexistent\/hydra-data\/.*set HYDRA_DATA_DIR/,
  },
  {
    name: "HYDRA_DB under a file (not a folder) hydra stats",
    args: ["stats", "engines"],
    env: { HYDRA_DB: "/dev/null/hydra.db" },
    names: /cannot open the database \(\/dev\/null\/hydra.db\)/,
  },
];

describe.skipIf(!BUILT)("bad input: the environment", () => {
  it.concurrent.each(CASES.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    await expectRefused(c);
  });
});
