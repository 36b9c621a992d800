import { describe, expect, it } from "vitest";
import { wideBindWarning } from "./bind-warning.js";

describe("wideBindWarning", () => {
  it("warns of 0.0.0.0, ::, and * (host or ZeroMQ endpoint), naming the flag", () => {
    for (const [flag, a] of [
      ["--api-host", "0.0.0.0"],
      ["--metrics-host", "::"],
      ["--rep", "tcp://*:15555"],
      ["--pub", "tcp://0.0.0.0:15556"],
    ] as const)
      expect(wideBindWarning(flag, a)).toMatch(
        new RegExp(`^warning: ${flag} .* listens on every network interface`),
      );
  });

  it("is quiet for a local or a named address", () => {
    for (const a of [
      undefined,
      "127.0.0.1",
      "localhost",
      "10.0.0.5",
      "tcp://127.0.0.1:*",
      "tcp://127.0.0.1:15555",
    ])
      expect(wideBindWarning("--api-host", a)).toBeUndefined();
  });
});
