import { describe, expect, it } from "vitest";
import { curveKeyPair } from "zeromq";
import { HydraError } from "../core/errors.js";
import { clientCurveFromEnv, serverCurveFromEnv } from "./curve-env.js";

const server = curveKeyPair();
const client = curveKeyPair();
const other = curveKeyPair();
const files: Record<string, string> = {
  "/keys/client.key": `${client.secretKey}\n`,
  "/keys/server.pub": server.publicKey,
  "/keys/client.zcert_secret": `metadata\ncurve\n    public-key = "${client.publicKey}"\n    secret-key = "${client.secretKey}"\n`,
  "/keys/clients": `${client.publicKey}\n${other.publicKey}\n`,
};
const read = (p: string): string => {
  const text = files[p];
  if (text === undefined) throw Object.assign(new Error("no such file"), { code: "ENOENT" });
  return text;
};

/** The error's field and message; the message must never carry a key. */
function failure(f: () => unknown): { field: unknown; message: string } {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(HydraError);
    const err = e as HydraError;
    expect(err.code).toBe("CONFIG_INVALID");
    for (const k of [server.secretKey, client.secretKey, other.secretKey])
      expect(err.message).not.toContain(k);
    return { field: err.details.field, message: err.message };
  }
  throw new Error("expected an error");
}

describe("CurveZMQ client keys from the environment", () => {
  it("is off when nothing is set", () => {
    expect(clientCurveFromEnv({}, read)).toBeUndefined();
  });

  it("reads values or files, and derives the public key from the secret one", () => {
    const a = clientCurveFromEnv(
      { HYDRA_BRIDGE_SERVER_KEY: server.publicKey, HYDRA_CLIENT_SECRET_KEY: client.secretKey },
      read,
    );
    expect(a?.socketOptions()).toEqual({
      curveServerKey: server.publicKey,
      curvePublicKey: client.publicKey,
      curveSecretKey: client.secretKey,
    });
    for (const secretFile of ["/keys/client.key", "/keys/client.zcert_secret"]) {
      const b = clientCurveFromEnv(
        {
          HYDRA_BRIDGE_SERVER_KEY_FILE: "/keys/server.pub",
          HYDRA_CLIENT_SECRET_KEY_FILE: secretFile,
          HYDRA_CLIENT_PUBLIC_KEY: client.publicKey,
        },
        read,
      );
      expect(b?.socketOptions()).toEqual(a?.socketOptions());
    }
  });

  it("names the variable that is missing, malformed, mismatched or unreadable", () => {
    const cases: Array<[Record<string, string>, string, RegExp]> = [
      [{ HYDRA_CLIENT_SECRET_KEY: client.secretKey }, "HYDRA_BRIDGE_SERVER_KEY", /required/],
      [{ HYDRA_BRIDGE_SERVER_KEY: server.publicKey }, "HYDRA_CLIENT_SECRET_KEY", /required/],
      [
        { HYDRA_BRIDGE_SERVER_KEY: server.publicKey, HYDRA_CLIENT_SECRET_KEY: `${client.secretKey}x` },
        "HYDRA_CLIENT_SECRET_KEY",
        /40-character Z85/,
      ],
      [
        {
          HYDRA_BRIDGE_SERVER_KEY: server.publicKey,
          HYDRA_CLIENT_SECRET_KEY: client.secretKey,
          HYDRA_CLIENT_PUBLIC_KEY: other.publicKey,
        },
        "HYDRA_CLIENT_PUBLIC_KEY",
        /not the public key/,
      ],
      [
        { HYDRA_BRIDGE_SERVER_KEY: server.publicKey, HYDRA_CLIENT_SECRET_KEY_FILE: "/keys/missing" },
        "HYDRA_CLIENT_SECRET_KEY_FILE",
        /cannot read \/keys\/missing \(ENOENT\)/,
      ],
      [
        {
          HYDRA_BRIDGE_SERVER_KEY: server.publicKey,
          HYDRA_CLIENT_SECRET_KEY: client.secretKey,
          HYDRA_CLIENT_SECRET_KEY_FILE: "/keys/client.key",
        },
        "HYDRA_CLIENT_SECRET_KEY_FILE",
        /not both/,
      ],
    ];
    for (const [env, field, why] of cases) {
      const f = failure(() => clientCurveFromEnv(env, read));
      expect(f.field).toBe(field);
      expect(f.message).toMatch(why);
    }
  });
});

describe("the simulated bridge's CurveZMQ from the environment", () => {
  it("reads the Windows bridge's variables", () => {
    expect(serverCurveFromEnv({}, read)).toBeUndefined();
    expect(
      serverCurveFromEnv(
        {
          HYDRA_BRIDGE_CURVE_SECRET_KEY: server.secretKey,
          HYDRA_BRIDGE_CURVE_PUBLIC_KEY: server.publicKey,
          HYDRA_BRIDGE_CURVE_CLIENTS: `${client.publicKey}, ${other.publicKey}`,
        },
        read,
      ),
    ).toEqual({ secretKey: server.secretKey, clients: [client.publicKey, other.publicKey] });
    expect(
      serverCurveFromEnv(
        { HYDRA_BRIDGE_CURVE_SECRET_KEY: server.secretKey, HYDRA_BRIDGE_CURVE_CLIENTS_FILE: "/keys/clients" },
        read,
      )?.clients,
    ).toEqual([client.publicKey, other.publicKey]);
  });

  it("needs a secret key and at least one valid client key", () => {
    expect(
      failure(() => serverCurveFromEnv({ HYDRA_BRIDGE_CURVE_CLIENTS: client.publicKey }, read)).field,
    ).toBe("HYDRA_BRIDGE_CURVE_SECRET_KEY");
    expect(
      failure(() => serverCurveFromEnv({ HYDRA_BRIDGE_CURVE_SECRET_KEY: server.secretKey }, read)),
    ).toEqual({
      field: "HYDRA_BRIDGE_CURVE_CLIENTS",
      message: "HYDRA_BRIDGE_CURVE_CLIENTS: list the allowed client public keys",
    });
    const f = failure(() =>
      serverCurveFromEnv(
        {
          HYDRA_BRIDGE_CURVE_SECRET_KEY: server.secretKey,
          HYDRA_BRIDGE_CURVE_CLIENTS: `${client.publicKey},nope`,
        },
        read,
      ),
    );
    expect(f.message).toMatch(/key 2 is not/);
    expect(
      failure(() =>
        serverCurveFromEnv(
          {
            HYDRA_BRIDGE_CURVE_SECRET_KEY: server.secretKey,
            HYDRA_BRIDGE_CURVE_PUBLIC_KEY: other.publicKey,
            HYDRA_BRIDGE_CURVE_CLIENTS: client.publicKey,
          },
          read,
        ),
      ).field,
    ).toBe("HYDRA_BRIDGE_CURVE_PUBLIC_KEY");
  });
});
