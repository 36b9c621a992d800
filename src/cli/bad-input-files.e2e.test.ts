import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, it } from "vitest";
import { type BadCase, expectRefused } from "./test-support/bad-input.js";
import { BUILT } from "./test-support/spawn-hydra.js";

if (!BUILT) console.warn("skipping the bad-input end-to-end tests: dist/ is not built (make test builds it)");

const dir = mkdtempSync(path.join(tmpdir(), "hydra-bad-input-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
/** a file in the temporary folder; the name keeps its symbol (XAUUSD_…) for the data readers */
function file(name: string, text: string): string {
  const f = path.join(dir, `${++n}-${name}`);
  writeFileSync(f, text);
  return f;
}

const HEADER = "time,open,high,low,close,volume";
const GOOD = ["2024-01-02T10:00:00Z,10,12,9,11,100", "2024-01-02T10:01:00Z,11,11.5,10.5,11,50"];
/** an OHLCV file whose third data row (line 4) is `row` */
const bars = (row: string, header = HEADER): string =>
  file("XAUUSD_M1.csv", `${[header, ...GOOD, row].join("\n")}\n`);

/** Bad data files: refused naming file:line and the field (backtest --data). */
const DATA: BadCase[] = (
  [
    [
      "a negative open",
      "2024-01-02T10:02:00Z,-1,2,-3,1.5,10",
      /:4: open -1 is not positive .*\(field "open"\)/,
    ],
    ["a zero price row", "2024-01-02T10:02:00Z,0,0,0,0,10", /:4: open 0 is not positive/],
    ["a zero low", "2024-01-02T10:02:00Z,1,2,0,1.5,10", /:4: low 0 is not positive/],
    ["a negative close", "2024-01-02T10:02:00Z,1,2,1,-1,10", /:4: close -1 is not positive/],
    ["high below low", "2024-01-02T10:02:00Z,11,10,12,11,10", /:4: .*\(field "low"\)/],
    ["high below close", "2024-01-02T10:02:00Z,11,11,10,12,10", /:4: high 11 is below/],
    ["a negative volume", "2024-01-02T10:02:00Z,11,12,10,11,-5", /:4: volume -5 is negative/],
    [
      "a price that is text",
      "2024-01-02T10:02:00Z,eleven,12,10,11,5",
      /:4: "eleven" is not a finite number \(field "open"\)/,
    ],
    ["an empty price", "2024-01-02T10:02:00Z,11,,10,11,5", /:4: .*\(field "high"\)/],
    ["NaN", "2024-01-02T10:02:00Z,NaN,12,10,11,5", /:4: .*\(field "open"\)/],
    ["Infinity", "2024-01-02T10:02:00Z,11,Infinity,10,11,5", /:4: .*\(field "high"\)/],
    ["a bad time", "yesterday,11,12,10,11,5", /:4: time "yesterday" is not a timestamp/],
    ["a time going back", "2024-01-02T09:00:00Z,11,12,10,11,5", /:4: time .* goes back/],
    ["a repeated time", "2024-01-02T10:01:00Z,11,12,10,11,5", /:4: time .* repeats/],
    ["too few fields", "2024-01-02T10:02:00Z,11,12,10", /:4: row has 4 fields, expected 6/],
    ["too many fields", "2024-01-02T10:02:00Z,11,12,10,11,5,9", /:4: row has 7 fields/],
  ] as const
).map(([what, row, names]) => ({
  name: `data file: ${what}`,
  args: ["backtest", "--data", bars(row)],
  names,
}));
DATA.push(
  {
    name: "data file: empty",
    args: ["backtest", "--data", file("XAUUSD_empty.csv", "")],
    names: /XAUUSD_empty.csv/,
  },
  {
    name: "data file: a header only",
    args: ["backtest", "--data", file("XAUUSD_h.csv", `${HEADER}\n`)],
    names: /XAUUSD_h.csv: the file has no data rows/,
  },
  {
    name: "data file: an unknown layout",
    args: ["backtest", "--data", file("XAUUSD_x.csv", "a;b\n1;2\n")],
    names: /XAUUSD_x.csv/,
  },
  {
    name: "data file: binary garbage",
    args: ["backtest", "--data", file("XAUUSD_bin.csv", "\u0000\u0001\u0002garbage\u0000\n\u00ff")],
    names: /XAUUSD_bin.csv/,
  },
  {
    name: "data file: a blank line inside",
    args: ["backtest", "--data", file("XAUUSD_b.csv", `${HEADER}\n${GOOD[0]}\n\n${GOOD[1]}\n`)],
    names: /:3: blank line inside the data/,
  },
  {
    name: "data file: a naive time zone that does not exist",
    args: ["backtest", "--data", bars("2024-01-02T10:02:00Z,11,12,10,11,5"), "--tz", "Mars/Olympus"],
    names: /Mars\/Olympus/,
  },

  {
    name: "data file: a directory",
    args: ["backtest", "--data", dir],
    names: new RegExp(dir.replace(/[/\\.]/g, "\\$&")),
  },
  {
    name: "bridge sim --data: a bad row",
    args: [
      "bridge",
      "sim",
      "--rep",
      "tcp://127.0.0.1:*",
      "--pub",
      "tcp://127.0.0.1:*",
      "--data",
      bars("2024-01-02T10:02:00Z,-1,2,-3,1.5,10"),
      "--duration",
      "5s",
    ],
    names: /:4: open -1 is not positive/,
  },
);

/** Bad --instruments files: refused naming the file and the symbol or field. */
const INSTRUMENTS: BadCase[] = (
  [
    ["a typo'd symbol", '{"XAUSD": {"commissionPerLot": 7}}', /no default spec for symbol "XAUSD"/],
    ["an unknown field", '{"XAUUSD": {"tick": 1}}', /unknown field XAUUSD.tick/],
    ["a field of the wrong type", '{"XAUUSD": {"leverage": "high"}}', /XAUUSD.leverage must be a number/],
    ["not JSON", "{XAUUSD: 1", /not valid JSON/],
    ["an array", "[1, 2]", /expected an object of symbol/],
    ["a symbol that is not an object", '{"XAUUSD": 3}', /XAUUSD must be an object/],
    ["a negative contract size", '{"XAUUSD": {"contractSize": -100}}', /contractSize/],
  ] as const
).map(([what, text, names]) => ({
  name: `instruments file: ${what}`,
  args: ["backtest", "--days", "1", "--instruments", file("instruments.json", text)],
  names,
}));
INSTRUMENTS.push({
  name: "instruments file: missing",
  args: ["backtest", "--days", "1", "--instruments", path.join(dir, "none.json")],
  names: /--instruments: cannot read/,
});

/** Bad --config files (YAML or JSON) of the long-running commands: refused naming the field. */
const CONFIGS: BadCase[] = (
  [
    ["an unknown setting", "dbb: x.db\n", /"dbb"/],
    ["a metrics port out of range", "metrics:\n  port: 70000\n", /metrics.port/],
    ["a metrics port that is text", "metrics:\n  port: nine\n", /metrics.port/],
    [
      "a malformed bridge endpoint",
      "bridge:\n  trade: foo\n  ticks: tcp://127.0.0.1:15556\n",
      /"bridge.trade": must be an endpoint/,
    ],
    ["a bridge without ticks", "bridge:\n  trade: tcp://127.0.0.1:15555\n", /"bridge.ticks": is required/],
    ["a bad mode", "mode: yolo\n", /mode/],
    ["a bad market start", "market:\n  start: someday\n", /market.start/],
    ["a negative speed", "market:\n  speed: -1\n", /market.speed/],
    ["a bad program", "ftmo:\n  program: ftmo-9step\n", /ftmo.program/],
    ["invalid YAML", "metrics: [1, 2\n", /cfg|YAML|yaml/],
    ["a list instead of a mapping", "- 1\n- 2\n", /cfg|object|mapping/],
  ] as const
).map(([what, text, names]) => ({
  name: `config file (ftmo): ${what}`,
  args: ["ftmo", "--config", file("cfg.yaml", text), "--duration", "5s"],
  names,
}));
CONFIGS.push(
  {
    name: "config file (run): JSON that is not JSON",
    args: ["run", "--config", file("cfg.json", '{"db": '), "--duration", "5s"],
    names: /cfg.json/,
  },
  {
    name: "config file (paper): a negative seed",
    args: ["paper", "--config", file("cfg.json", '{"market": {"seed": -1}}'), "--duration", "5s"],
    names: /market.seed/,
  },
  {
    name: "config file (trade): a malformed bridge",
    args: [
      "trade",
      "--config",
      file("cfg.yaml", "bridge:\n  trade: mt5\n  ticks: mt5\n"),
      "--duration",
      "5s",
    ],
    names: /bridge.trade/,
  },
);

/** Bad JSONL histories and recordings: refused naming the file and the line. */
const HISTORIES: BadCase[] = (
  [
    ["not JSON", '{"t": "2024-01-02T00:00:00Z", "balance": 100000, "equity": 100000}\n{oops\n', /:2/],
    ["a missing equity", '{"t": "2024-01-02T00:00:00Z", "balance": 100000}\n', /:1.*equity|equity.*:1/],
    ["a bad time", '{"t": "soon", "balance": 100000, "equity": 100000}\n', /:1/],
    [
      "a balance that is text",
      '{"t": "2024-01-02T00:00:00Z", "balance": "lots", "equity": 100000}\n',
      /:1.*balance/,
    ],
    ["empty", "", /h.jsonl: the history has no snapshots/],
  ] as const
).map(([what, text, names]) => ({
  name: `account history (challenge check): ${what}`,
  args: [
    "challenge",
    "check",
    "--program",
    "ftmo-2step",
    "--initial",
    "100000",
    "--input",
    file("h.jsonl", text),
  ],
  names,
}));
HISTORIES.push(
  {
    name: "recording (run --replay): empty",
    args: ["run", "--replay", file("calls.jsonl", ""), "--duration", "5s"],
    names: /--replay: .* holds no run header/,
  },
  {
    name: "recording (run --replay): garbage",
    args: ["run", "--replay", file("calls.jsonl", "not json\n"), "--duration", "5s"],
    names: /--replay|calls.jsonl/,
  },
  {
    name: "daily P&L (challenge simulate --daily): a bad number",
    args: ["challenge", "simulate", "--program", "ftmo-2step", "--daily", file("d.csv", "pnl\n100\nlots\n")],
    names: /d.csv:3/,
  },
  {
    name: "trade list (challenge simulate --trades): not a trade list",
    args: ["challenge", "simulate", "--program", "ftmo-2step", "--trades", file("t.json", '{"hello": 1}')],
    names: /t.json/,
  },
  {
    name: "LLM settings (run --llm-config): not an array",
    args: ["run", "--engines", "llm", "--llm-config", file("llm.json", '{"id": 1}'), "--duration", "5s"],
    names: /--llm-config .*llm.json: llm engines: expected an array/,
  },
);

describe.skipIf(!BUILT)("bad input: files", () => {
  const all = [...DATA, ...INSTRUMENTS, ...CONFIGS, ...HISTORIES];
  it.concurrent.each(all.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    await expectRefused(c);
  });
});
