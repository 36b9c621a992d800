import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

/** A port free on 127.0.0.1 right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Debian's redis-server (scripts/setup.sh installs it), when it is there. */
export const REDIS_SERVER = (() => {
  try {
    execFileSync("redis-server", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

export interface TestRedis {
  /** redis://127.0.0.1:PORT (without the password) */
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export interface TestRedisOptions {
  /** a Redis started again where a stopped one was; default: a free loopback port */
  port?: number;
  /**
   * a folder to keep the data in: every change is written to an append-only file there before Redis
   * answers (`appendonly yes`, `appendfsync always`) and read back when started again with the same
   * folder (a Redis that goes down and comes back with its data); `stop` leaves it. Default: nothing saved.
   */
  keep?: string;
  /** clients must give this password (`requirepass`) */
  password?: string;
}

/** A throwaway Redis for one test process, on 127.0.0.1, in its own folder. */
export async function startRedis(o: TestRedisOptions = {}): Promise<TestRedis> {
  const { keep, password } = o;
  const dir = keep ?? mkdtempSync(path.join(tmpdir(), "hydra-redis-"));
  const port = o.port ?? (await freePort());
  const saving =
    keep === undefined
      ? ["--save", "", "--appendonly", "no"]
      : ["--save", "", "--appendonly", "yes", "--appendfsync", "always"];
  const proc: ChildProcess = spawn(
    "redis-server",
    [
      ...["--port", String(port), ...saving, "--bind", "127.0.0.1", "--dir", dir],
      ...(password === undefined ? [] : ["--requirepass", password]),
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let out = "";
  proc.stdout?.setEncoding("utf8").on("data", (s: string) => {
    out += s;
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${out}`)), 20_000);
    const check = (): void => {
      if (/Ready to accept connections/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    proc.stdout?.on("data", check);
    proc.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited (${code}):\n${out}`));
    });
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    pid: proc.pid!,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        const exited = new Promise((r) => proc.once("exit", r));
        proc.kill("SIGKILL");
        await exited;
      }
      if (keep === undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
}
