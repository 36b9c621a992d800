import { writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { LineCursor, lines, openLines, readText } from "./open-lines.js";
import { errorWhere, tempFiles } from "./test-support/temp-files.js";

const tmp = tempFiles();
afterAll(() => tmp.cleanup());

function allLines(cursor: LineCursor): string[] {
  const out: string[] = [];
  while (cursor.next()) out.push(cursor.current());
  return out;
}

describe("readText / openLines", () => {
  it("reads plain and gzip files to the same lines, CR stripped", () => {
    const text = "a,b\r\n1,2\r\n3,4\n";
    const plain = tmp.write("plain.csv", text);
    const gz = tmp.write("packed.csv.gz", text, true);
    expect(allLines(openLines(plain))).toEqual(["a,b", "1,2", "3,4"]);
    expect(allLines(openLines(gz))).toEqual(["a,b", "1,2", "3,4"]);
  });

  it("detects gzip by its magic bytes, not by the file name", () => {
    const disguised = tmp.write("really-gzip.csv", "x\ny\n", true);
    const notGzip = tmp.write("not-gzip.gz", "x\ny\n");
    expect(readText(disguised)).toBe("x\ny\n");
    expect(readText(notGzip)).toBe("x\ny\n");
  });

  it("strips a UTF-8 byte order mark and keeps a last line without newline", () => {
    const p = tmp.write("bom.csv", "\uFEFFtime,bid\n1,2");
    expect(allLines(openLines(p))).toEqual(["time,bid", "1,2"]);
  });

  it("numbers lines from 1", () => {
    const c = new LineCursor("mem", "a\nb\n");
    c.next();
    expect(c.line).toBe(1);
    c.next();
    expect(c.line).toBe(2);
    expect(c.next()).toBe(false);
  });

  it("a missing file is DATA_NOT_FOUND", () => {
    expect(errorWhere(() => openLines(`${tmp.dir}/absent.csv`)).code).toBe("DATA_NOT_FOUND");
  });

  it("corrupt gzip is DATA_FORMAT", () => {
    const p = tmp.write("corrupt.gz", "");
    writeBrokenGzip(p);
    expect(errorWhere(() => readText(p)).code).toBe("DATA_FORMAT");
  });

  it("gzip of several members, or with a trailer stating a wrong size, reads in full", () => {
    const a = "time,bid,ask\n".repeat(3000);
    const b = "2024-01-02T10:00:00Z,1.1,1.2\n".repeat(50);
    const two = Buffer.concat([gzipSync(a), gzipSync(b)]);
    const p = tmp.write("members.gz", "");
    writeFileSync(p, two);
    expect(readText(p)).toBe(a + b);
    for (const isize of [0, 7, 0xffffffff]) {
      const gz = gzipSync(a + b);
      gz.writeUInt32LE(isize, gz.length - 4);
      writeFileSync(p, gz);
      // the size is only a hint for the buffer; zlib checks the trailer and refuses a wrong one
      expect(errorWhere(() => readText(p)).code, String(isize)).toBe("DATA_FORMAT");
    }
  });

  it("lines() yields the lines as strings", () => {
    const p = tmp.write("gen.csv", "h\r\nv\n");
    expect([...lines(p)]).toEqual(["h", "v"]);
  });
});

describe("LineCursor.nextRecord", () => {
  it("skips leading and trailing blank lines", () => {
    const c = new LineCursor("mem", "\n  \nh\n1\n2\n\n \n\n");
    const got: Array<[number, string]> = [];
    while (c.nextRecord()) got.push([c.line, c.current()]);
    expect(got).toEqual([
      [3, "h"],
      [4, "1"],
      [5, "2"],
    ]);
  });

  it("a blank line between records is DATA_BAD_ROW at the blank line", () => {
    const c = new LineCursor("mem", "h\n1\n\n\n2\n");
    expect(
      errorWhere(() => {
        while (c.nextRecord());
      }),
    ).toEqual({ code: "DATA_BAD_ROW", line: 3, field: undefined });
  });
});

/** Overwrites a file with a gzip magic number followed by garbage. */
function writeBrokenGzip(p: string): void {
  const bytes = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05]);
  writeFileSync(p, bytes);
}
