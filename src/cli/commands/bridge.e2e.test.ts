import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { freePort } from "../test-support/spawn-hydra.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const BIN = path.join(ROOT, "bin", "hydra.js");
const PYTHON = "/usr/bin/python3";
const built = existsSync(path.join(ROOT, "dist", "src", "cli", "commands", "bridge.js"));
if (!built) console.warn("skipping the bridge sim end-to-end test: dist/ is not built (make test builds it)");
const hasZmq = existsSync(PYTHON) && spawnOk(PYTHON, ["-c", "import zmq"]);
if (!hasZmq) console.warn("skipping the bridge sim end-to-end test: no /usr/bin/python3 with pyzmq");

function spawnOk(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

let child: ChildProcess | undefined;
afterEach(() => {
  child?.kill("SIGTERM");
  child = undefined;
});

describe.skipIf(!built || !hasZmq)("hydra bridge sim against the plain Python client", () => {
  it("answers {'cmd': 'PING'} from pyzmq with PONG", async () => {
    const [rep, pub] = [await freePort(), await freePort()];
    const proc = spawn(
      process.execPath,
      [
        BIN,
        "bridge",
        "sim",
        "--rep",
        `tcp://127.0.0.1:${rep}`,
        "--pub",
        `tcp://127.0.0.1:${pub}`,
        "--duration",
        "20s",
      ],
      { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
    child = proc;
    let out = "";
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the bridge did not start: ${out}`)), 15_000);
      proc.stdout!.on("data", (d: Buffer) => {
        out += d.toString();
        if (out.includes("trade service")) {
          clearTimeout(timer);
          resolve();
        }
      });
      proc.stderr!.on("data", (d: Buffer) => {
        out += d.toString();
      });
      proc.once("exit", (code) => reject(new Error(`the bridge exited (${code}): ${out}`)));
    });
    expect(out).toContain(`tcp://127.0.0.1:${rep}`);
    const script = [
      "import zmq",
      "s = zmq.Context().socket(zmq.REQ)",
      "s.setsockopt(zmq.RCVTIMEO, 5000)",
      "s.setsockopt(zmq.LINGER, 0)",
      `s.connect('tcp://127.0.0.1:${rep}')`,
      "s.send_json({'cmd': 'PING'})",
      "import json; print(json.dumps(s.recv_json()))",
    ].join("; ");
    const reply = JSON.parse(execFileSync(PYTHON, ["-c", script], { encoding: "utf8", timeout: 10_000 }));
    expect(reply.ok).toBe(true);
    expect(reply.data.reply).toBe("PONG");
  });
});
