import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseAccountHistory, readAccountHistory } from "./read-account-history.js";

const F = "hist.jsonl";

function errorOf(text: string): Record<string, unknown> {
  try {
    parseAccountHistory(text, F);
  } catch (e) {
    return e as Record<string, unknown>;
  }
  throw new Error("expected an error");
}

describe("parseAccountHistory", () => {
  it("parses lines, skips blanks, keeps opened optional", () => {
    const text = [
      '{"t":"2024-03-11T09:00:00Z","balance":100000,"equity":100000,"opened":1}',
      "",
      '{"t":"2024-03-11T10:00:00+01:00","balance":100000,"equity":99500.5}',
    ].join("\n");
    expect(parseAccountHistory(text, F)).toEqual([
      { t: Date.parse("2024-03-11T09:00:00Z"), balance: 100_000, equity: 100_000, opened: 1 },
      { t: Date.parse("2024-03-11T09:00:00Z"), balance: 100_000, equity: 99_500.5 },
    ]);
  });

  it("reports bad JSON with its 1-based line", () => {
    const e = errorOf('{"t":"2024-03-11T09:00:00Z","balance":1,"equity":1}\n\n{"t": oops}\n');
    expect(e).toMatchObject({ code: "DATA_BAD_ROW", file: F, line: 3 });
  });

  it("names the field of a missing or bad value", () => {
    expect(errorOf('{"t":"2024-03-11T09:00:00Z","equity":1}')).toMatchObject({
      code: "DATA_BAD_ROW",
      line: 1,
      field: "balance",
    });
    expect(errorOf('{"t":"2024-03-11T09:00:00Z","balance":1,"equity":"1"}')).toMatchObject({
      field: "equity",
    });
    expect(errorOf('{"t":"2024-03-11T09:00:00Z","balance":1,"equity":1,"opened":-1}')).toMatchObject({
      field: "opened",
    });
    expect(errorOf("[1,2]")).toMatchObject({ code: "DATA_BAD_ROW", line: 1 });
  });

  it("rejects times without a zone or unparseable", () => {
    expect(errorOf('{"t":"2024-03-11T09:00:00","balance":1,"equity":1}')).toMatchObject({
      field: "t",
      line: 1,
    });
    expect(errorOf('{"t":1710147600000,"balance":1,"equity":1}')).toMatchObject({ field: "t" });
  });

  it("rejects times that go backwards (DATA_ORDER) but allows equal times", () => {
    const text = [
      '{"t":"2024-03-11T09:00:00Z","balance":1,"equity":1}',
      '{"t":"2024-03-11T09:00:00Z","balance":1,"equity":1}',
      '{"t":"2024-03-11T08:59:59Z","balance":1,"equity":1}',
    ].join("\n");
    const e = errorOf(text);
    expect(e).toMatchObject({ code: "DATA_ORDER", line: 3, field: "t" });
    expect(String(e.message)).toContain("hist.jsonl:3");
  });

  it("reads a file and reports a missing one", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "hydra-hist-"));
    const file = path.join(dir, "a.jsonl");
    writeFileSync(file, '{"t":"2024-03-11T09:00:00Z","balance":5,"equity":4}\n');
    expect(readAccountHistory(file)).toHaveLength(1);
    const empty = path.join(dir, "empty.jsonl");
    writeFileSync(empty, "\n");
    expect(() => readAccountHistory(empty)).toThrow(/empty.jsonl: the history has no snapshots/);
    expect(() => readAccountHistory(path.join(dir, "none.jsonl"))).toThrow(
      expect.objectContaining({ code: "DATA_NOT_FOUND" }),
    );
  });
});
