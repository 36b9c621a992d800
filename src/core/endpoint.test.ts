import { describe, expect, it } from "vitest";
import { endpointProblem } from "./endpoint.js";

describe("endpointProblem", () => {
  it("takes tcp, ipc and inproc endpoints", () => {
    for (const ok of [
      "tcp://127.0.0.1:15555",
      "tcp://mt5-host:1",
      "tcp://[::1]:65535",
      "ipc:///tmp/x",
      "inproc://a",
    ])
      expect(endpointProblem(ok)).toBeUndefined();
    expect(endpointProblem("tcp://127.0.0.1:*", true)).toBeUndefined();
    expect(endpointProblem("tcp://*:15555", true)).toBeUndefined();
  });

  it("says what is wrong with a malformed one", () => {
    expect(endpointProblem("foo")).toMatch(/must be an endpoint such as tcp:\/\/127.0.0.1:15555/);
    expect(endpointProblem("127.0.0.1:15555")).toMatch(/must be an endpoint/);
    expect(endpointProblem("tcp://127.0.0.1")).toMatch(/must be an endpoint/);
    expect(endpointProblem("http://127.0.0.1:80")).toMatch(/must be an endpoint/);
    expect(endpointProblem("tcp://127.0.0.1:70000")).toMatch(/port 70000: a port is 1…65535/);
    expect(endpointProblem("tcp://127.0.0.1:0")).toMatch(/a port is 1…65535/);
    expect(endpointProblem("tcp://127.0.0.1:*")).toMatch(/names no address to connect to/);
    expect(endpointProblem("tcp://host name:1")).toMatch(/must be an endpoint/);
  });
});
