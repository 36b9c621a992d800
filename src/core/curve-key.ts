import { createPrivateKey, createPublicKey } from "node:crypto";
import { decodeZ85, encodeZ85 } from "./z85.js";

/** A CurveZMQ key as text: 40 Z85 characters for 32 bytes. */
export function isCurveKey(text: string): boolean {
  return text.length === 40 && decodeZ85(text) !== undefined;
}

/**
 * The public key of a CurveZMQ secret key (both Z85): CurveZMQ keys are X25519 keys, so the public half
 * follows from the secret one. Lets a loader catch a public key that does not belong to its secret key,
 * which otherwise shows up only as a handshake that never completes.
 */
export function curvePublicKeyOf(secretKey: string): string {
  const secret = isCurveKey(secretKey) ? decodeZ85(secretKey) : undefined;
  if (secret === undefined) throw new RangeError("not a 40-character Z85 CurveZMQ key");
  const key = createPrivateKey({
    key: { kty: "OKP", crv: "X25519", d: secret.toString("base64url"), x: "" },
    format: "jwk",
  });
  const x = createPublicKey(key).export({ format: "jwk" }).x;
  if (x === undefined) throw new Error("X25519 public key export gave no key");
  return encodeZ85(Buffer.from(x, "base64url"));
}
