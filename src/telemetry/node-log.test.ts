import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { TestClock } from "../core/clock.js";
import {
  levelOf,
  logMaxBytes,
  type NodeLogRecord,
  nodeLogPath,
  openNodeLog,
  teeNodeLog,
} from "./node-log.js";

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(path.join(tmpdir(), "node-log-"));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const records = (file: string): NodeLogRecord[] =>
  existsSync(file)
    ? readFileSync(file, "utf8")
        .split("\n")
        .filter((l) => l !== "")
        .map((l) => JSON.parse(l) as NodeLogRecord)
    : [];

describe("openNodeLog", () => {
  it("writes one JSON record per line: wall time from the clock, level, node, msg", () => {
    const file = path.join(tmp(), "logs", "ftmo.log");
    const clock = new TestClock(Date.parse("2026-12-06T06:00:00Z"));
    const log = openNodeLog({ file, node: "ftmo", clock });
    log.log("bot filled 1 lot");
    clock.advance(1500);
    log.log("order refused by the guardian");
    log.log("bridge DEAD", "error");
    log.close();
    expect(records(file)).toEqual([
      { level: "info", time: "2026-12-06T06:00:00.000Z", node: "ftmo", msg: "bot filled 1 lot" },
      { level: "warn", time: "2026-12-06T06:00:01.500Z", node: "ftmo", msg: "order refused by the guardian" },
      { level: "error", time: "2026-12-06T06:00:01.500Z", node: "ftmo", msg: "bridge DEAD" },
    ]);
  });

  it("rotates past maxBytes: file → .1 → .2, keeps `keep` files, loses no line", () => {
    const file = path.join(tmp(), "run.log");
    const clock = new TestClock(0);
    const log = openNodeLog({ file, node: "run", clock, maxBytes: 300, keep: 2 });
    const n = 40;
    for (let i = 0; i < n; i++) log.log(`line ${i}`);
    log.close();
    const all = [...records(`${file}.3`), ...records(`${file}.2`), ...records(`${file}.1`), ...records(file)];
    expect(existsSync(`${file}.1`)).toBe(true);
    expect(existsSync(`${file}.2`)).toBe(true);
    expect(existsSync(`${file}.3`)).toBe(false);
    for (const f of [file, `${file}.1`, `${file}.2`]) expect(readFileSync(f).length).toBeLessThanOrEqual(300);
    // the newest lines, in order and without a gap, across the kept files
    const msgs = all.map((r) => r.msg);
    const first = Number(msgs[0]!.split(" ")[1]);
    expect(msgs).toEqual(Array.from({ length: n - first }, (_, i) => `line ${first + i}`));
    expect(msgs.at(-1)).toBe(`line ${n - 1}`);
  });

  it("keeps every line with a generous keep", () => {
    const file = path.join(tmp(), "trade.log");
    const log = openNodeLog({ file, node: "trade", clock: new TestClock(0), maxBytes: 200, keep: 50 });
    for (let i = 0; i < 30; i++) log.log(`line ${i}`);
    log.close();
    const msgs: string[] = [];
    for (let i = 50; i >= 1; i--) msgs.push(...records(`${file}.${i}`).map((r) => r.msg));
    msgs.push(...records(file).map((r) => r.msg));
    expect(msgs).toEqual(Array.from({ length: 30 }, (_, i) => `line ${i}`));
  });

  it("appends to an existing file and counts its size", () => {
    const file = path.join(tmp(), "a.log");
    const a = openNodeLog({ file, node: "a", clock: new TestClock(0), maxBytes: 150 });
    a.log("first");
    a.close();
    const b = openNodeLog({ file, node: "a", clock: new TestClock(0), maxBytes: 150 });
    b.log("second");
    b.close();
    expect(records(file).map((r) => r.msg)).toEqual(["second"]);
    expect(records(`${file}.1`).map((r) => r.msg)).toEqual(["first"]);
  });

  it("never throws on a write error and says it once", () => {
    // a directory where the file should be: EISDIR on every write, root or not
    const file = path.join(tmp(), "x.log");
    mkdirSync(file);
    const said: string[] = [];
    const log = openNodeLog({ file, node: "x", onError: (m) => said.push(m) });
    expect(() => {
      log.log("one");
      log.log("two");
    }).not.toThrow();
    log.close();
    expect(said).toHaveLength(1);
    expect(said[0]).toContain(file);
  });
});

describe("levelOf", () => {
  it("reads the level from the words of a human line", () => {
    expect(levelOf("2024-03-12T12:00:00.000Z filled BUY 1 XAUUSD")).toBe("info");
    expect(levelOf("order refused: daily loss")).toBe("warn");
    expect(levelOf("engine failed to answer")).toBe("warn");
    expect(levelOf("trading halted by the kill switch")).toBe("warn");
    expect(levelOf("feed DEAD for 30s")).toBe("error");
    expect(levelOf("bridge error: timeout")).toBe("error");
    expect(levelOf("halfway there")).toBe("info");
    expect(levelOf("tournament:\n#  engine  asked  failed\n1  momentum  7  0")).toBe("info");
  });
});

describe("teeNodeLog", () => {
  it("prints every line and records it; `none` turns the file off", () => {
    const dir = tmp();
    const printed: string[] = [];
    const file = nodeLogPath(undefined, path.join(dir, "x.db"), "demo");
    expect(file).toBe(path.join(dir, "logs", "demo.log"));
    const log = teeNodeLog({ print: (l) => printed.push(l), file, node: "demo", env: {} });
    log.log("[ftmo]  hello");
    log.close();
    expect(printed).toEqual(["[ftmo]  hello"]);
    expect(records(file!).map((r) => [r.node, r.msg])).toEqual([["demo", "[ftmo]  hello"]]);
    expect(nodeLogPath("none", "x.db", "demo")).toBeUndefined();
    expect(nodeLogPath("/tmp/y.log", "x.db", "demo")).toBe("/tmp/y.log");
  });
});

describe("HYDRA_LOG_MAX_BYTES", () => {
  it("is a whole number of bytes >= 1024, or unset; anything else is refused naming it", () => {
    expect(logMaxBytes(undefined)).toBeUndefined();
    expect(logMaxBytes("")).toBeUndefined();
    expect(logMaxBytes("1048576")).toBe(1_048_576);
    for (const bad of ["lots", "-5", "0", "10", "1024.5", "NaN"])
      expect(() => logMaxBytes(bad)).toThrow(/HYDRA_LOG_MAX_BYTES must be a whole number of bytes >= 1024/);
  });
});
