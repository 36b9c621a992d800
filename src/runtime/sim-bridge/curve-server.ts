import { Context, Router } from "zeromq";
import { curvePublicKeyOf } from "../../core/curve-key.js";
import { decodeZ85, encodeZ85 } from "../../core/z85.js";

/** The simulated bridge's CurveZMQ: its secret key and the client public keys it lets in (all Z85). */
export interface SimBridgeCurve {
  secretKey: string;
  /** the client public keys allowed to connect (the Windows bridge's HYDRA_BRIDGE_CURVE_CLIENTS) */
  clients: readonly string[];
}

/** The ZAP domain both bridges use; the server sockets set it so every handshake is checked. */
const ZAP_DOMAIN = "hydra";
/** libzmq asks the ZAP handler bound at this address in the socket's own context (RFC 27). */
const ZAP_ENDPOINT = "inproc://zeromq.zap.01";

/**
 * CurveZMQ server side with an allow-list, as the Windows bridge does it: a ZAP handler (RFC 27) on a
 * context of its own answers every CURVE handshake, 200 for a listed client key and 400 otherwise, so a
 * refused client never gets a reply. The sockets made with `socketOptions()` belong to that context.
 */
export class CurveServer {
  readonly context = new Context();
  readonly publicKey: string;
  private readonly allowed: Set<string>;
  private zap: Router | undefined;

  constructor(
    private readonly curve: SimBridgeCurve,
    /** a client was refused: its public key (never a secret) */
    private readonly onRefused: (clientKey: string) => void = () => {},
  ) {
    this.publicKey = curvePublicKeyOf(curve.secretKey);
    this.allowed = new Set(curve.clients.map((k) => decodeZ85(k)?.toString("hex") ?? ""));
  }

  /** Binds the ZAP handler; call before binding a server socket. */
  async start(): Promise<void> {
    const zap = new Router({ context: this.context, linger: 0 });
    await zap.bind(ZAP_ENDPOINT);
    this.zap = zap;
    void this.serve(zap);
  }

  stop(): void {
    this.zap?.close();
    this.zap = undefined;
  }

  socketOptions(): {
    context: Context;
    curveServer: true;
    curveSecretKey: string;
    curvePublicKey: string;
    zapDomain: string;
  } {
    return {
      context: this.context,
      curveServer: true,
      curveSecretKey: this.curve.secretKey,
      curvePublicKey: this.publicKey,
      zapDomain: ZAP_DOMAIN,
    };
  }

  private async serve(zap: Router): Promise<void> {
    for (;;) {
      let frames: Buffer[];
      try {
        frames = await zap.receive();
      } catch {
        return; // closed
      }
      // [routing id, "", version, request id, domain, address, identity, mechanism, credentials…]
      const sep = frames.findIndex((f) => f.length === 0);
      if (sep < 0) continue;
      const [version, requestId, , , , mechanism, key] = frames.slice(sep + 1);
      const ok =
        mechanism?.toString() === "CURVE" && key?.length === 32 && this.allowed.has(key.toString("hex"));
      if (!ok && key?.length === 32) this.onRefused(encodeZ85(key));
      try {
        await zap.send([
          ...frames.slice(0, sep + 1),
          version ?? "1.0",
          requestId ?? "",
          ok ? "200" : "400",
          ok ? "OK" : "client key not allowed",
          "",
          "",
        ]);
      } catch {
        return;
      }
    }
  }
}
