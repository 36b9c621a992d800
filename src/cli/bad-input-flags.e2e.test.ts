import { describe, it } from "vitest";
import { type BadCase, expectRefused } from "./test-support/bad-input.js";
import { BUILT } from "./test-support/spawn-hydra.js";

if (!BUILT) console.warn("skipping the bad-input end-to-end tests: dist/ is not built (make test builds it)");

const size = (...more: string[]): string[] => {
  const base: Record<string, string> = {
    "--symbol": "XAUUSD",
    "--balance": "10000",
    "--risk-pct": "1",
    "--entry": "2000",
    "--sl": "1990",
  };
  for (let i = 0; i < more.length; i += 2) base[more[i]!] = more[i + 1]!;
  return ["size", ...Object.entries(base).flat()];
};

/** Bad command-line flags: each refused with exit code 2, naming the flag (and the limit). */
const CASES: BadCase[] = [
  // hydra size: legal but absurd values are refused with the limit named
  {
    name: "size --risk-pct 500",
    args: size("--risk-pct", "500"),
    names: /--risk-pct must be a number > 0 and <= 10/,
  },
  { name: "size --risk-pct 10.5", args: size("--risk-pct", "10.5"), names: /--risk-pct .*<= 10/ },
  { name: "size --risk-pct 0", args: size("--risk-pct", "0"), names: /--risk-pct must be a number > 0/ },
  { name: "size --risk-pct -1", args: size("--risk-pct", "-1"), names: /--risk-pct/ },
  { name: "size --risk-pct abc", args: size("--risk-pct", "abc"), names: /--risk-pct/ },
  { name: "size --sl equal to --entry", args: size("--sl", "2000"), names: /--sl must differ from --entry/ },
  { name: "size --entry 0", args: size("--entry", "0"), names: /--entry must be a number > 0/ },
  { name: "size --entry -5", args: size("--entry", "-5", "--sl", "-6"), names: /--entry/ },
  { name: "size --sl 0", args: size("--sl", "0"), names: /--sl must be a number > 0/ },
  { name: "size --balance 0", args: size("--balance", "0"), names: /--balance must be a number > 0/ },
  { name: "size --balance NaN", args: size("--balance", "NaN"), names: /--balance/ },
  { name: "size --balance Infinity", args: size("--balance", "Infinity"), names: /--balance/ },
  {
    name: "size --commission-per-lot -1",
    args: size("--commission-per-lot", "-1"),
    names: /--commission-per-lot/,
  },
  { name: "size --symbol XAUUSDX", args: size("--symbol", "XAUUSDX"), names: /XAUUSDX/ },
  {
    name: "size --account-currency XYZ",
    args: size("--account-currency", "XYZ"),
    names: /--account-currency/,
  },
  { name: "size --fx-rate junk", args: size("--fx-rate", "junk"), names: /--fx-rate/ },
  {
    name: "size without --sl",
    args: ["size", "--symbol", "XAUUSD", "--balance", "1", "--risk-pct", "1", "--entry", "2"],
    names: /--sl/,
  },
  { name: "size --bogus", args: size("--bogus", "1"), names: /unknown option '--bogus'/ },

  // hydra backtest
  ...(
    [
      [["--days", "3650"], /--days must be a number > 0 and <= 365/],
      [["--days", "0"], /--days must be a number > 0/],
      [["--days", "-3"], /--days/],
      [["--days", "many"], /--days/],
      [["--seed", "-1"], /--seed/],
      [["--seed", "1.5"], /--seed must be an integer/],
      [["--start", "yesterday"], /--start must be an ISO time/],
      [["--cash", "0"], /--cash/],
      [["--cash", "-100"], /--cash/],
      [["--strategy", "nope"], /nope/],
      [["--param", "fast"], /--param/],
      [["--param", "nosuch=1"], /nosuch/],
      [["--param", "fast=abc"], /fast/],
      [["--format", "xls"], /--format/],
      [["--timeframe", "M7"], /--timeframe/],
      [["--spread", "-1"], /--spread/],
      [["--slippage", "-1"], /--slippage/],
      [["--leverage", "-5"], /--leverage/],
      [["--contract-size", "x"], /--contract-size/],
      [["--commission-per-lot", "-2"], /--commission-per-lot/],
      [["--stop-out-pct", "-1"], /--stop-out-pct/],
      [["--account-currency", "BTC"], /--account-currency/],
      [["--fx-rate", "EUR"], /--fx-rate/],
      [["--challenge", "ftmo-9step"], /--challenge/],
      [["--kill-mode", "panic"], /--kill-mode/],
      [["--stats-as", "excel"], /--stats-as/],
      [["--risk-free", "0.01"], /--risk-free/],
      [["--engines", "quantum"], /--engines/],
      [["--engines", "offline", "--cycle-bars", "0"], /--cycle-bars must be an integer >= 1/],
      [["--data", "/nonexistent/hydra/XAUUSD.csv"], /nonexistent\/hydra\/XAUUSD.csv/],
      [["--day-tz", "Mars/Olympus"], /Mars\/Olympus|--day-tz/],
      [["--nope"], /unknown option '--nope'/],
    ] as const
  ).map(([a, names]) => ({
    name: `backtest ${a.join(" ")}`,
    args: ["backtest", "--days", "1", ...a],
    names,
  })),
  // the other commands
  {
    name: "challenge simulate --risk-pct 500",
    args: [
      "challenge",
      "simulate",
      "--program",
      "ftmo-2step",
      "--win-rate",
      "0.5",
      "--payoff",
      "2",
      "--risk-pct",
      "500",
    ],
    names: /--risk-pct must be at most 100/,
  },
  {
    name: "challenge simulate --win-rate 1.5",
    args: [
      "challenge",
      "simulate",
      "--program",
      "ftmo-2step",
      "--win-rate",
      "1.5",
      "--payoff",
      "2",
      "--risk-pct",
      "1",
    ],
    names: /--win-rate/,
  },
  {
    name: "challenge simulate --paths 0",
    args: [
      "challenge",
      "simulate",
      "--program",
      "ftmo-2step",
      "--win-rate",
      "0.5",
      "--payoff",
      "2",
      "--risk-pct",
      "1",
      "--paths",
      "0",
    ],
    names: /--paths/,
  },
  {
    name: "challenge simulate --trades missing",
    args: ["challenge", "simulate", "--program", "ftmo-2step", "--trades", "/nonexistent/t.json"],
    names: /nonexistent\/t.json/,
  },
  {
    name: "challenge check --input missing",
    args: [
      "challenge",
      "check",
      "--program",
      "ftmo-2step",
      "--initial",
      "100000",
      "--input",
      "/nonexistent/h.jsonl",
    ],
    names: /nonexistent\/h.jsonl/,
  },
  { name: "stats nothing", args: ["stats", "nothing"], names: /nothing|engines, trades|what/ },
  { name: "stats trades --limit 0", args: ["stats", "trades", "--limit", "0"], names: /--limit/ },
  { name: "logs --level loud", args: ["logs", "--node", "ftmo", "--level", "loud"], names: /--level/ },
  { name: "logs --lines -1", args: ["logs", "--node", "ftmo", "--lines", "-1"], names: /--lines/ },
  { name: "logs --node nobody", args: ["logs", "--node", "nobody"], names: /--node/ },
  { name: "kill-switch maybe", args: ["kill-switch", "maybe"], names: /maybe|on, off/ },
  { name: "engine stop x", args: ["engine", "stop", "x"], names: /stop|pause or resume/ },
  { name: "db vacuum", args: ["db", "vacuum"], names: /vacuum|holders or backup/ },
  { name: "alerts --limit x", args: ["alerts", "--limit", "x"], names: /--limit/ },
  { name: "status --url not-a-url", args: ["status", "--url", "not a url"], names: /--url|not a url/ },
  {
    name: "data download --days 0",
    args: ["data", "download", "--days", "0", "--out", "/tmp/x.csv"],
    names: /--days/,
  },
  {
    name: "data download --source yahoo",
    args: ["data", "download", "--source", "yahoo", "--out", "/tmp/x.csv"],
    names: /--source/,
  },
  { name: "an unknown command", args: ["frobnicate"], names: /unknown command 'frobnicate'/ },

  // the queue of distributed sweeps (hydra worker, --queue): refused before any connection
  { name: "worker without --queue", args: ["worker"], names: /required option '--queue <url>'/ },
  {
    name: "worker --queue notaurl",
    args: ["worker", "--queue", "notaurl"],
    names: /--queue must be a URL like redis:\/\/127\.0\.0\.1:6379/,
  },
  {
    name: "worker --queue redis://127.0.0.1:0",
    args: ["worker", "--queue", "redis://127.0.0.1:0"],
    names: /--queue: the port must be 1-65535, got 0/,
  },
  {
    name: "worker --queue redis://127.0.0.1:70000",
    args: ["worker", "--queue", "redis://127.0.0.1:70000"],
    names: /--queue must be a URL/,
  },
  {
    name: "worker --queue redis://127.0.0.1:6379/x",
    args: ["worker", "--queue", "redis://127.0.0.1:6379/x"],
    names: /--queue: the database after the port must be a number, got "x"/,
  },
  {
    name: "worker --concurrency 0",
    args: ["worker", "--queue", "redis://127.0.0.1:1", "--concurrency", "0"],
    names: /--concurrency must be an integer > 0/,
  },
  {
    name: "worker --lock-timeout 0",
    args: ["worker", "--queue", "redis://127.0.0.1:1", "--lock-timeout", "0"],
    names: /--lock-timeout/,
  },
  {
    name: "challenge simulate --queue notaurl",
    args: [
      ...["challenge", "simulate", "--program", "ftmo-2step", "--win-rate", "0.5", "--payoff", "1.5"],
      ...["--risk-pct", "1", "--queue", "notaurl"],
    ],
    names: /--queue must be a URL/,
  },
  {
    name: "optimize --queue notaurl",
    args: ["optimize", "--range", "period=20", "--queue", "notaurl"],
    names: /--queue must be a URL/,
  },
  {
    name: "optimize --queue-wait without --queue",
    args: ["optimize", "--range", "period=20", "--queue-wait", "30"],
    names: /--queue-wait is how long --queue's Redis is waited for: give --queue too/,
  },
  {
    name: "challenge simulate --queue-wait 0",
    args: [
      ...["challenge", "simulate", "--program", "ftmo-2step", "--win-rate", "0.5", "--payoff", "1.5"],
      ...["--risk-pct", "1", "--queue", "redis://127.0.0.1:1", "--queue-wait", "0"],
    ],
    names: /--queue-wait must be a number > 0 and <= 3600, got "0"/,
  },
  // a well-formed address where no Redis answers: exit 1 at once, saying so (not a wait)
  {
    name: "worker --queue redis://127.0.0.1:1",
    args: ["worker", "--queue", "redis://127.0.0.1:1"],
    names: /cannot reach the queue's Redis at redis:\/\/127\.0\.0\.1:1: connect ECONNREFUSED/,
    code: 1,
  },
];

describe.skipIf(!BUILT)("bad input: command-line flags", () => {
  it.concurrent.each(CASES.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    await expectRefused(c);
  });
});
