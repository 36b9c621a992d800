import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { captureIo } from "../io.js";
import { runCli } from "../main.js";

async function cli(...argv: string[]) {
  const io = captureIo();
  const code = await runCli(argv, io);
  return { code, out: io.stdout, err: io.stderr };
}

// A broker clock at New York + 7 h: 16:00 on the file is 09:00 in New York, 14:00 UTC in January.
function brokerFile(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "hydra-shift-"));
  const p = path.join(dir, "US30.csv");
  writeFileSync(
    p,
    "time,open,high,low,close\n2024-01-08 16:00,10,11,9,10\n2024-01-08 16:01,10,10,8,9\n2024-01-08 16:02,9,12,9,12\n2024-01-08 16:03,12,13,11,13\n2024-01-08 16:04,13,14,12,14\n",
  );
  return p;
}

describe("hydra backtest --shift", () => {
  it("moves every timestamp of the file by the hours given, after reading it in --tz", async () => {
    const csv = brokerFile();
    const base = ["backtest", "--data", csv, "--tz", "America/New_York", "--param", "period=2", "--json"];
    const plain = await cli(...base);
    const shifted = await cli(...base, "--shift", "-7");
    expect(plain.err).toBe("");
    expect(shifted.err).toBe("");
    expect(JSON.parse(plain.out)).toMatchObject({ start: "2024-01-08T21:00:00.000Z" });
    const r = JSON.parse(shifted.out);
    expect(r).toMatchObject({ start: "2024-01-08T14:00:00.000Z", end: "2024-01-08T14:04:00.000Z" });
    expect(r.fills[0]).toMatchObject({ side: "buy", price: 12, time: "2024-01-08T14:03:00.000Z" });
  });

  it("refuses a shift that is not a number of hours, or one without a data file, naming the flag", async () => {
    const csv = brokerFile();
    for (const [argv, message] of [
      [["--data", csv, "--shift", "seven"], /--shift must be a number, got "seven"/],
      [["--data", csv, "--shift", "30"], /--shift must be a number of hours between -24 and 24/],
      [["--shift", "-7"], /--shift applies to the timestamps of a --data file/],
    ] as Array<[string[], RegExp]>) {
      const r = await cli("backtest", ...argv);
      expect(r.code, argv.join(" ")).toBe(2);
      expect(r.err, argv.join(" ")).toMatch(message);
    }
  });
});
