import { describe, expect, it } from "vitest";
import { curveKeyPair } from "zeromq";
import { curvePublicKeyOf, isCurveKey } from "./curve-key.js";
import { decodeZ85, encodeZ85 } from "./z85.js";

describe("CurveZMQ keys", () => {
  it("derives the public key libzmq made for a secret key", () => {
    for (let i = 0; i < 5; i++) {
      const pair = curveKeyPair();
      expect(isCurveKey(pair.publicKey) && isCurveKey(pair.secretKey)).toBe(true);
      expect(curvePublicKeyOf(pair.secretKey)).toBe(pair.publicKey);
      expect(encodeZ85(decodeZ85(pair.secretKey)!)).toBe(pair.secretKey);
    }
  });

  it("tells a key from other text", () => {
    expect(isCurveKey("x".repeat(39))).toBe(false);
    expect(isCurveKey(`${"x".repeat(39)}~`)).toBe(false);
    expect(() => curvePublicKeyOf("nope")).toThrow(RangeError);
  });
});
