import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { captureIo } from "./io.js";
import { runCli } from "./main.js";

async function cli(...argv: string[]) {
  const io = captureIo();
  const code = await runCli(argv, io);
  return { code, out: io.stdout, err: io.stderr };
}

function file(name: string, text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "hydra-cli-"));
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe("hydra CLI", () => {
  it("prints help for the program and every subcommand", async () => {
    const top = await cli("--help");
    expect(top.code).toBe(0);
    for (const sub of [
      "backtest",
      "paper",
      "size",
      "challenge",
      "kill-switch",
      "instruments",
      "strategies",
    ]) {
      expect(top.out).toContain(sub);
      const r = await cli(sub, "--help");
      expect(r.code).toBe(0);
      expect(r.out).toContain(`Usage: hydra ${sub}`);
    }
  });

  it("backtests the synthetic market by default and prints a summary", async () => {
    const r = await cli("backtest", "--days", "3", "--param", "period=10", "--param", "volume=0.1");
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain("HYDRA backtest: sma-cross on XAUUSD");
    expect(r.out).toContain("synthetic market (seed 1, 3 days)");
    expect(r.out).toMatch(/Fills\s+\d+/);
  });

  it("is deterministic: the same seed gives the same JSON, another seed another", async () => {
    const a = await cli("backtest", "--days", "2", "--seed", "5", "--json");
    const b = await cli("backtest", "--days", "2", "--seed", "5", "--json");
    const c = await cli("backtest", "--days", "2", "--seed", "6", "--json");
    expect(a.out).toBe(b.out);
    expect(a.out).not.toBe(c.out);
  });

  it("closes positions at the end with --close-at-end", async () => {
    // closes 10, 9, 12, 13, 14 against SMA(2): a cross up on the third bar, bought at the fourth's open (12)
    const csv = file(
      "X.csv",
      "time,open,high,low,close\n2024-01-01,10,11,9,10\n2024-01-02,10,10,8,9\n2024-01-03,9,12,9,12\n2024-01-04,12,13,11,13\n2024-01-05,13,14,12,14\n",
    );
    const open = JSON.parse((await cli("backtest", "--data", csv, "--param", "period=2", "--json")).out);
    const closed = JSON.parse(
      (await cli("backtest", "--data", csv, "--param", "period=2", "--close-at-end", "--json")).out,
    );
    expect(open.fills).toEqual([
      expect.objectContaining({ side: "buy", price: 12, time: "2024-01-04T00:00:00.000Z" }),
    ]);
    expect(open.openPositions).toHaveLength(1);
    expect(closed.openPositions).toHaveLength(0);
    expect(closed.fills.at(-1)).toMatchObject({
      side: "sell",
      price: 14,
      time: "2024-01-06T00:00:00.000Z",
      reason: "close",
    });
    expect(closed.trades[0]).toMatchObject({ grossPnl: 2, netPnl: 2 });
    expect(closed.finalEquity).toBe(open.finalEquity);
  });

  it("names the file, line and field of a bad row and exits 2", async () => {
    const csv = file(
      "bad.csv",
      "time,open,high,low,close,volume\n2024-01-01T00:00:00Z,10,11,9,10,5\n2024-01-01T00:01:00Z,10,abc,9,10,5\n",
    );
    const r = await cli("backtest", "--data", csv);
    expect(r.code).toBe(2);
    expect(r.err).toContain("bad.csv:3");
    expect(r.err).toMatch(/high/);
    expect(r.err).toContain("[DATA_BAD_ROW]");
    expect(r.out).toBe("");
  });

  it("rejects bad flags and parameters with the flag's name", async () => {
    const cases: Array<[string[], RegExp]> = [
      [["backtest", "--strategy", "nope"], /unknown strategy "nope"/],
      [["backtest", "--param", "period"], /--param expects key=value/],
      [["backtest", "--param", "perod=3"], /no parameter "perod"/],
      [["backtest", "--param", "period=2.5"], /"period" must be an integer/],
      [["backtest", "--cash", "-5"], /--cash must be a number > 0/],
      [["backtest", "--timeframe", "M2"], /--timeframe must be one of/],
      [["backtest", "--symbol", "DOGE"], /no default spec for symbol "DOGE"/],
      [["backtest", "--data", "/nonexistent/file.csv"], /file.csv/],
      [["paper", "--duration", "forever"], /--duration must be a duration/],
      [["backtest", "--format", "xml"], /xml/],
      [["trade", "--mode", "real"], /--mode must be one of paper, shadow, live/],
      [
        [
          "run",
          "--engines",
          "llm",
          "--llm-config",
          file("llm.json", '[{"id": "x", "provider": "deepseek", "model": "m", "temperature": 9}]'),
          "--db",
          path.join(mkdtempSync(path.join(tmpdir(), "hydra-cli-")), "h.db"),
        ],
        /llm engines\[0\] "x": /,
      ],
      [
        [
          "run",
          "--engines",
          "gpt",
          "--db",
          path.join(mkdtempSync(path.join(tmpdir(), "hydra-cli-")), "h.db"),
        ],
        /--engines must be offline or llm/,
      ],
    ];
    for (const [argv, message] of cases) {
      const r = await cli(...argv);
      expect(r.code, argv.join(" ")).toBe(2);
      expect(r.err, argv.join(" ")).toMatch(message);
    }
  });

  it("lists the default instruments with their contract specs", async () => {
    const r = await cli("instruments", "--json");
    const specs = JSON.parse(r.out) as Array<{ symbol: string; contractSize: number; tickValue: number }>;
    expect(specs.map((s) => s.symbol)).toEqual([
      "XAUUSD",
      "EURUSD",
      "GBPUSD",
      "USDJPY",
      "EURGBP",
      "EURJPY",
      "GBPJPY",
      "USDCZK",
      "EURCZK",
      "US30",
      "NAS100",
      "GER40",
      "JP225",
      "BTC-USD",
      "ETH-USD",
      "SOL-USD",
    ]);
    expect(specs.find((s) => s.symbol === "XAUUSD")).toMatchObject({ contractSize: 100, tickValue: 1 });
    expect(specs.find((s) => s.symbol === "EURUSD")).toMatchObject({ contractSize: 100_000, tickValue: 1 });
    // the text table shows the costs: commission and swap (long/short/the triple day)
    const text = (await cli("instruments")).out;
    expect(text).toMatch(/commission {2}swap long\/short\/3×/);
    expect(text).toMatch(/^US30 .* 0 {11}0\/0\/Fri /m);
  });
});

describe("hydra backtest --instruments", () => {
  it("applies a config file's spec overrides to the symbol traded, under the CLI flags", async () => {
    const cfg = file(
      "instruments.json",
      JSON.stringify({ XAUUSD: { commissionPerLot: 7, contractSize: 50 } }),
    );
    const base = JSON.parse((await cli("backtest", "--days", "2", "--json")).out);
    const r = JSON.parse((await cli("backtest", "--days", "2", "--instruments", cfg, "--json")).out);
    expect(base.fills.length).toBeGreaterThan(0);
    expect(
      r.fills.every(
        (f: { commission: number; volume: number }) => f.commission === Number((7 * f.volume).toFixed(2)),
      ),
    ).toBe(true);
    const flag = JSON.parse(
      (await cli("backtest", "--days", "2", "--instruments", cfg, "--commission-per-lot", "1", "--json")).out,
    );
    expect(flag.fills[0].commission).toBe(1);
    const bad = await cli("backtest", "--instruments", file("i.json", '{"XAUUSD": {"tick": 1}}'));
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/unknown field XAUUSD.tick/);
    // a typo'd symbol would apply its overrides to nothing: refused, naming it
    const typo = await cli("backtest", "--instruments", file("t.json", '{"XAUSD": {"commissionPerLot": 7}}'));
    expect(typo.code).toBe(2);
    expect(typo.err).toMatch(/no default spec for symbol "XAUSD".*\[INSTRUMENT_UNKNOWN\]/);
  });
});

describe("hydra size", () => {
  it("prints the lot size and the money at risk", async () => {
    const cases: Array<[string[], { volume: number; riskMoney: number }]> = [
      [["--symbol", "XAUUSD", "--entry", "2000", "--sl", "1995"], { volume: 1, riskMoney: 500 }],
      [["--symbol", "EURUSD", "--entry", "1.1000", "--sl", "1.0980"], { volume: 2.5, riskMoney: 500 }],
      [["--symbol", "NAS100", "--entry", "18000", "--sl", "17960"], { volume: 12.5, riskMoney: 500 }],
    ];
    for (const [args, expected] of cases) {
      const r = await cli("size", ...args, "--balance", "100000", "--risk-pct", "0.5", "--json");
      expect(r.code).toBe(0);
      expect(JSON.parse(r.out)).toEqual(expected);
    }
    const text = await cli(
      "size",
      "--symbol",
      "XAUUSD",
      "--balance",
      "100000",
      "--risk-pct",
      "0.5",
      "--entry",
      "2000",
      "--sl",
      "1995",
    );
    expect(text.out).toContain("XAUUSD: 1.00 lots, risking 500.00");
    const small = await cli(
      "size",
      "--symbol",
      "XAUUSD",
      "--balance",
      "1000",
      "--risk-pct",
      "0.1",
      "--entry",
      "2000",
      "--sl",
      "1990",
      "--json",
    );
    expect(JSON.parse(small.out)).toMatchObject({ volume: 0, denied: "RISK_TOO_SMALL" });
    const bad = await cli(
      "size",
      "--symbol",
      "XAUUSD",
      "--balance",
      "1000",
      "--risk-pct",
      "x",
      "--entry",
      "2000",
      "--sl",
      "1990",
    );
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--risk-pct must be a number/);
  });
});

describe("hydra challenge check", () => {
  it("replays an account history against FTMO's rules through the main CLI", async () => {
    // Day 1 closes +4,000 and holds a −5,500 floating loss: fine at 23:59 Prague (floor 95,000),
    // breached at the midnight reset (23:00Z in this week, when New York is already on summer time).
    const history = file(
      "h.jsonl",
      [
        '{"t":"2024-03-18T08:00:00Z","balance":100000,"equity":100000,"opened":1}',
        '{"t":"2024-03-18T22:59:00Z","balance":104000,"equity":98500}',
        '{"t":"2024-03-18T23:00:00Z","balance":104000,"equity":98500}',
      ].join("\n"),
    );
    const r = await cli(
      "challenge",
      "check",
      "--program",
      "ftmo-2step",
      "--initial",
      "100000",
      "--input",
      history,
      "--json",
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({
      status: "failed",
      rule: "max-daily-loss",
      time: "2024-03-18T23:00:00.000Z",
      floor: 99000,
    });
  });
});

describe("hydra backtest --challenge", () => {
  it("runs the risk layer and reports the prop-firm verdict with its day and rule", async () => {
    // a steady slide: the strategy buys every cross up with a 0.5% stop and loses; FTMO's rules watch it
    const r = await cli(
      "backtest",
      "--days",
      "20",
      "--seed",
      "3",
      "--cash",
      "100000",
      "--param",
      "period=5",
      "--param",
      "volume=0",
      "--param",
      "stopPct=0.5",
      "--challenge",
      "ftmo-2step",
      "--json",
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out);
    expect(out.challenge).toMatchObject({ program: "ftmo-2step", phase: "challenge", target: 110000 });
    // the slide loses about 8.7 %, yet the challenge is still active: the floor rule denied every entry
    // whose stop could take equity below a floor, so the lowest equity stays above the 10 % max-loss line
    expect(out.challenge).toMatchObject({ status: "active", rule: null });
    expect(out.finalEquity).toBeLessThan(92_000);
    expect(Math.min(...out.days.map((d: { minEquity: number }) => d.minEquity))).toBeGreaterThan(90_000);
    expect(out.denials.filter((d: { code: string }) => d.code === "FLOOR_BREACH").length).toBeGreaterThan(0);
    expect(out.fills.length).toBeGreaterThan(0);
    // every entry carried a stop and was sized by the risk layer (1.5% of equity at most)
    expect(out.trades.every((t: { grossPnl: number }) => t.grossPnl > -0.02 * 110_000)).toBe(true);
    const plain = JSON.parse((await cli("backtest", "--days", "2", "--json")).out);
    expect(plain.challenge).toBeNull();
    const text = await cli(
      "backtest",
      "--days",
      "5",
      "--param",
      "volume=0",
      "--param",
      "stopPct=0.5",
      "--challenge",
      "ftmo-1step",
    );
    expect(text.out).toMatch(/Challenge\s+ftmo-1step challenge: ACTIVE; 5 trading days, target 11,000\.00/);
    const noStop = JSON.parse(
      (await cli("backtest", "--days", "5", "--challenge", "ftmo-2step", "--json")).out,
    );
    expect(noStop.fills).toHaveLength(0);
    expect(noStop.denials[0].code).toBe("STOP_LOSS_REQUIRED");
    const bad = await cli("backtest", "--challenge", "ftmo-3step");
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--challenge must be one of ftmo-2step, ftmo-1step/);
  });
});

describe("hydra backtest --engines", () => {
  it("runs the offline engines over a bar file through Mother AI cycles, and repeats with seeds", async () => {
    const rows = ["time,open,high,low,close,volume"];
    let p = 60_000;
    for (let i = 0; i < 400; i++) {
      const next = p * (1 + Math.sin(i / 9) * 0.004 + (i % 7 === 0 ? 0.003 : -0.0005));
      rows.push(
        `${new Date(Date.UTC(2025, 5, 2) + i * 300_000).toISOString()},${p},${Math.max(p, next) * 1.001},${Math.min(p, next) * 0.999},${next},1`,
      );
      p = next;
    }
    const csv = file("BTCUSD_5m.csv", `${rows.join("\n")}\n`);
    const one = await cli(
      "backtest",
      "--data",
      csv,
      "--symbol",
      "BTC-USD",
      "--engines",
      "offline",
      "--cycle-bars",
      "3",
      "--json",
    );
    expect(one.err).toBe("");
    const out = JSON.parse(one.out) as {
      cycles: number;
      rows: Array<{ engineId: string; included: boolean; calls: number }>;
    };
    expect(out.rows.map((r) => r.engineId)).toEqual([
      "offline-momentum",
      "offline-reversion",
      "offline-breakout",
      "offline-contrarian",
    ]);
    // the orchestrator's evolution runs here too: after a market day an engine may be eliminated (no
    // longer asked); two or more stay active
    expect(out.rows.every((r) => r.included && r.calls > 0 && r.calls <= out.cycles)).toBe(true);
    expect(out.rows.filter((r) => r.calls === out.cycles).length).toBeGreaterThanOrEqual(2);
    // without --json: an aligned table, not JSON lines
    const text = await cli(
      "backtest",
      "--data",
      csv,
      "--symbol",
      "BTC-USD",
      "--engines",
      "offline",
      "--cycle-bars",
      "3",
    );
    expect(text.out).toMatch(/^\d+ cycles over \d+ bars\nengine +returnPct +trades/);
    expect(text.out.trim().split("\n")).toHaveLength(6);
    expect(text.out).not.toContain("{");
    const rep = await cli(
      "backtest",
      "--data",
      csv,
      "--symbol",
      "BTC-USD",
      "--engines",
      "offline",
      "--cycle-bars",
      "6",
      "--repeat",
      "3",
      "--json",
    );
    const ci = JSON.parse(rep.out) as Array<{ runs: number; ci95: [number, number]; meanReturnPct: number }>;
    for (const e of ci) {
      expect(e.runs).toBe(3);
      expect(e.ci95[0]).toBeLessThanOrEqual(e.meanReturnPct);
      expect(e.ci95[1]).toBeGreaterThanOrEqual(e.meanReturnPct);
    }
  });
});
