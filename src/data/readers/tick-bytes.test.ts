import { afterAll, describe, expect, it } from "vitest";
import { DataError } from "../../core/errors.js";
import { dataDir, dataFile } from "../data-dir.js";
import type { TickSeries } from "../series.js";
import { openLines, readBytes } from "./open-lines.js";
import { readMarketFile } from "./read-market-file.js";
import { fastTicks, parseTicks } from "./read-ticks.js";
import { tempFiles } from "./test-support/temp-files.js";

const tmp = tempFiles("hydra-tick-bytes-");
afterAll(() => tmp.cleanup());
let n = 0;
const write = (text: string, gzip = false): string =>
  tmp.write(`t-${++n}.csv${gzip ? ".gz" : ""}`, text, gzip);

/** The general (string) reader: the reference the fast path must match bit for bit. */
const slow = (file: string, tz?: string): TickSeries =>
  parseTicks(openLines(file), tz === undefined ? {} : { tz });

function expectSameColumns(a: TickSeries, b: TickSeries): void {
  expect(a.length).toBe(b.length);
  for (const k of ["time", "bid", "ask"] as const) {
    // byte equality of the Float64 columns = every value identical, -0 and NaN included
    const x = Buffer.from(a[k].buffer, a[k].byteOffset, a[k].byteLength);
    const y = Buffer.from(b[k].buffer, b[k].byteOffset, b[k].byteLength);
    expect(x.equals(y), k).toBe(true);
  }
}

const TICK_FILES = [
  "forex/lean_oanda_XAUUSD_tick_bidask_20140501-20140515.csv.gz",
  "forex/lean_oanda_EURUSD_tick_bidask_20140501-20140515.csv.gz",
];

describe("the byte-level tick parser", () => {
  for (const rel of TICK_FILES) {
    const file = dataFile(rel);
    if (file === undefined) console.warn(`real-data test skipped: ${rel} not found under ${dataDir()}`);
    it.skipIf(file === undefined)(`reads ${rel} value for value as the general reader`, () => {
      const fast = fastTicks(file!, readBytes(file!), {});
      expect(fast, "the fast path takes the real file").toBeDefined();
      expectSameColumns(fast!, slow(file!));
      expect(fast!.symbol).toBe(slow(file!).symbol);
    });
  }

  it("parses prices exactly as Number(text) does", () => {
    let seed = 7;
    const rnd = (k: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % k;
    };
    const rows = ["time,bid,ask"];
    const expected: number[] = [];
    for (let i = 0; i < 5000; i++) {
      const intDigits = 1 + rnd(8);
      const fracDigits = rnd(16 - intDigits);
      let s = String(1 + rnd(9));
      for (let d = 1; d < intDigits; d++) s += String(rnd(10));
      if (fracDigits > 0 || rnd(4) === 0) s += ".";
      for (let d = 0; d < fracDigits; d++) s += String(rnd(10));
      expected.push(Number(s));
      rows.push(`${new Date(Date.UTC(2024, 0, 2) + i * 1000).toISOString()},${s},${s}`);
    }
    const text = rows.join("\n");
    const file = write(`${text}\n`);
    const fast = fastTicks(file, readBytes(file), {});
    expect(fast).toBeDefined();
    expect(Array.from(fast!.bid)).toEqual(expected);
    expectSameColumns(fast!, slow(file));
  });

  const FORMS: [string, string][] = [
    [
      "milliseconds of 1 to 6 digits",
      "time_utc,bid,ask\n2024-01-02T10:00:00.1Z,1.1,1.2\n2024-01-02T10:00:00.12Z,1.1,1.2\n2024-01-02T10:00:00.123456Z,1.1,1.2\n",
    ],
    [
      "CRLF and no final line end",
      "time,bid,ask\r\n2024-01-02 10:00:00Z,1.1,1.2\r\n2024-01-02 10:00:01Z,1.1,1.2",
    ],
    ["trailing blank lines", "time,bid,ask\n2024-01-02T10:00Z,1.1,1.2\n\n\n"],
    ["naive times in UTC", "timestamp,bid,ask\n2024-01-02T10:00:00,1.1,1.2\n2024-01-02T10:00:00.5,1.1,1.2\n"],
    ["columns in another order", "ask,bid,time\n1.2,1.1,2024-01-02T10:00:00Z\n"],
    ["prices like 1. and .5", "time,bid,ask\n2024-01-02T10:00:00Z,.5,1.\n"],
    ["long mantissas (general reader)", "time,bid,ask\n2024-01-02T10:00:00Z,1.12345678901234567,1.2\n"],
    ["offsets (general reader)", "time,bid,ask\n2024-01-02T10:00:00+02:00,1.1,1.2\n"],
    ["epoch ms (general reader)", "time,bid,ask\n1704189600000,1.1,1.2\n"],
    ["quoted fields (general reader)", 'time,bid,ask\n"2024-01-02T10:00:00Z","1.1","1.2"\n'],
    ["a byte order mark (general reader)", "\ufefftime,bid,ask\n2024-01-02T10:00:00Z,1.1,1.2\n"],
  ];
  for (const [what, text] of FORMS) {
    it(`gives the general reader's values: ${what}`, () => {
      const file = write(text);
      expectSameColumns(readMarketFile(file) as TickSeries, slow(file));
    });
  }

  it("leaves naive times in another zone to the general reader", () => {
    const file = write("time,bid,ask\n2024-01-02T10:00:00,1.1,1.2\n");
    expect(fastTicks(file, readBytes(file), { tz: "Europe/Berlin" })).toBeUndefined();
    const s = readMarketFile(file, { tz: "Europe/Berlin" });
    expect(s.time[0]).toBe(Date.UTC(2024, 0, 2, 9));
  });

  const BAD: [string, string, number, string][] = [
    ["ask below bid", "time,bid,ask\n2024-01-02T10:00:00Z,1.1,1.2\n2024-01-02T10:00:01Z,1.3,1.2\n", 3, "ask"],
    ["a bad time", "time,bid,ask\n2024-01-02T10:00:00Z,1.1,1.2\n2024-02-30T10:00:01Z,1.1,1.2\n", 3, "time"],
    [
      "time going back",
      "time,bid,ask\n2024-01-02T10:00:01Z,1.1,1.2\n2024-01-02T10:00:00Z,1.1,1.2\n",
      3,
      "time",
    ],
    ["a bad number", "time,bid,ask\n2024-01-02T10:00:00Z,1.1,1.2\n2024-01-02T10:00:01Z,1.1x,1.2\n", 3, "bid"],
    ["a missing field", "time,bid,ask\n2024-01-02T10:00:00Z,1.1,1.2\n2024-01-02T10:00:01Z,1.1\n", 3, ""],
    [
      "a blank line inside",
      "time,bid,ask\n2024-01-02T10:00:00Z,1.1,1.2\n\n2024-01-02T10:00:01Z,1.1,1.2\n",
      3,
      "",
    ],
  ];
  for (const [what, text, line, field] of BAD) {
    it(`reports a bad row exactly as the general reader: ${what}`, () => {
      const file = write(text, true);
      const err = (fn: () => unknown): DataError => {
        try {
          fn();
        } catch (e) {
          return e as DataError;
        }
        throw new Error("no error");
      };
      const fastErr = err(() => readMarketFile(file));
      const slowErr = err(() => slow(file));
      expect(fastErr).toBeInstanceOf(DataError);
      expect(fastErr.message).toBe(slowErr.message);
      expect(fastErr.code).toBe(slowErr.code);
      expect(fastErr.line).toBe(line);
      if (field !== "") expect(fastErr.field).toBe(field);
    });
  }
});
