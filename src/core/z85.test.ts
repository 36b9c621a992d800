import { describe, expect, it } from "vitest";
import { decodeZ85, encodeZ85 } from "./z85.js";

describe("Z85", () => {
  it("matches the RFC 32 test vector both ways", () => {
    const bytes = Buffer.from([0x86, 0x4f, 0xd2, 0x6f, 0xb5, 0x59, 0xf7, 0x5b]);
    expect(encodeZ85(bytes)).toBe("HelloWorld");
    expect(decodeZ85("HelloWorld")).toEqual(bytes);
  });

  it("refuses what is not Z85", () => {
    expect(decodeZ85("Hello")).toHaveLength(4);
    expect(decodeZ85("Hell")).toBeUndefined();
    expect(decodeZ85("Hell~")).toBeUndefined();
    expect(decodeZ85("#####")).toBeUndefined(); // 85^5 - 1 > 2^32
    expect(() => encodeZ85(Buffer.alloc(3))).toThrow(RangeError);
  });
});
