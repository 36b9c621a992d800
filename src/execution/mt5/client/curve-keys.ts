import { inspect } from "node:util";

/**
 * A CurveZMQ client's keys (Z85, validated where they were read): the bridge's public key and this
 * client's key pair. The secret key is held privately and redacted from JSON and inspection, so a config
 * object that ends up in a log line carries the public keys only.
 */
export class CurveClientKeys {
  readonly #secretKey: string;

  constructor(
    /** the bridge's public key (what the Windows side calls its CURVE public key) */
    readonly serverKey: string,
    readonly publicKey: string,
    secretKey: string,
  ) {
    this.#secretKey = secretKey;
  }

  /** The socket options that make a ZeroMQ socket a CurveZMQ client of the bridge. */
  socketOptions(): { curveServerKey: string; curvePublicKey: string; curveSecretKey: string } {
    return {
      curveServerKey: this.serverKey,
      curvePublicKey: this.publicKey,
      curveSecretKey: this.#secretKey,
    };
  }

  toJSON(): Record<string, string> {
    return { serverKey: this.serverKey, publicKey: this.publicKey, secretKey: "[redacted]" };
  }

  [inspect.custom](): string {
    return `CurveClientKeys ${JSON.stringify(this.toJSON())}`;
  }
}
