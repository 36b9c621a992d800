import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const BIN = path.join(ROOT, "bin", "hydra.js");
/** end-to-end tests run the built command, as `npx hydra` does; make test builds dist/ first */
export const BUILT = existsSync(path.join(ROOT, "dist", "src", "cli", "main.js"));

export interface HydraProcess {
  proc: ChildProcess;
  /** everything printed so far (stdout and stderr, interleaved as received) */
  output(): string;
  stdout(): string;
  /** resolves when the output matches, rejects after timeoutMs (wall time) with the output so far */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** sends the signal (SIGINT by default, as Ctrl-C does) and resolves with the exit code */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
  exited(): Promise<number | null>;
}

let spawned = 0;

/** Spawns `hydra ARGS…` as a user types it (no --duration needed: stop() sends SIGINT). */
export function spawnHydra(
  args: readonly string[],
  options: { env?: Record<string, string | undefined>; cwd?: string } = {},
): HydraProcess {
  const proc = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    // isolated from the user's shell: its own database and no inherited kill switch, unless given
    env: {
      ...process.env,
      HYDRA_DB: path.join(tmpdir(), `hydra-e2e-${process.pid}-${++spawned}.db`),
      KILL_SWITCH: "",
      // the data cache of this test process, not the user's ~/.cache/hydra
      HYDRA_CACHE_DIR: path.join(tmpdir(), `hydra-e2e-cache-${process.pid}`),
      // no alert channel of the user's shell: a test names the ones it serves
      TELEGRAM_TOKEN: "",
      TELEGRAM_CHAT_ID: "",
      TWILIO_SID: "",
      SMTP_HOST: "",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let all = "";
  let out = "";
  const waiters: Array<() => void> = [];
  const feed = (s: string, isOut: boolean): void => {
    all += s;
    if (isOut) out += s;
    for (const w of [...waiters]) w();
  };
  proc.stdout?.setEncoding("utf8").on("data", (s: string) => feed(s, true));
  proc.stderr?.setEncoding("utf8").on("data", (s: string) => feed(s, false));
  // 'exit' can come before the pipes have delivered the last output: the exit is told once both have
  // ended too (at most 2 s later: a child process of its own may hold them open)
  const drained = Promise.all(
    [proc.stdout, proc.stderr].map((s) =>
      s === null ? Promise.resolve() : new Promise<void>((r) => s.once("end", r).once("close", r)),
    ),
  );
  const exit = new Promise<number | null>((resolve) => {
    proc.once("exit", (code, signal) => {
      const c = code ?? (signal === null ? null : 128);
      let timer: NodeJS.Timeout | undefined;
      void Promise.race([drained, new Promise((r) => (timer = setTimeout(r, 2000)))]).then(() => {
        clearTimeout(timer);
        resolve(c);
      });
    });
  });
  let exitedCode: number | null | undefined;
  void exit.then((c) => {
    exitedCode = c;
    for (const w of [...waiters]) w();
  });
  return {
    proc,
    output: () => all,
    stdout: () => out,
    exited: () => exit,
    waitFor(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const m = all.match(pattern);
          if (m !== null) {
            done();
            resolve(m);
          } else if (exitedCode !== undefined) {
            done();
            reject(new Error(`hydra exited (${exitedCode}) before ${pattern}:\n${all.slice(-4000)}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`timed out waiting for ${pattern}:\n${all.slice(-4000)}`));
        }, timeoutMs);
        const done = (): void => {
          clearTimeout(timer);
          const i = waiters.indexOf(check);
          if (i >= 0) waiters.splice(i, 1);
        };
        waiters.push(check);
        check();
      });
    },
    async stop(signal = "SIGINT", timeoutMs = 30_000) {
      if (exitedCode === undefined) proc.kill(signal);
      const timer = setTimeout(() => proc.kill("SIGKILL"), timeoutMs);
      try {
        return await exit;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** `hydra bridge sim` on two free loopback ports, ready when it says so; `args` are its other flags. */
export async function spawnBridgeSim(
  args: readonly string[],
): Promise<{ rep: string; pub: string; sim: HydraProcess }> {
  const rep = `tcp://127.0.0.1:${await freePort()}`;
  const pub = `tcp://127.0.0.1:${await freePort()}`;
  const sim = spawnHydra(["bridge", "sim", "--rep", rep, "--pub", pub, ...args]);
  await sim.waitFor(/simulated MT5 bridge/, 20_000);
  return { rep, pub, sim };
}
