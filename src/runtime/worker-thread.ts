import { Worker } from "node:worker_threads";
import { HydraError } from "../core/errors.js";

/**
 * Starts a worker thread on `entry` (a compiled module beside its caller in dist/) and settles when it
 * exits: resolved on exit code 0, rejected with a RUN_FAILED error naming `label` on an error or another
 * exit code. Each message it posts goes to `onMessage`, with the worker to answer it.
 */
export function runWorker<M>(
  entry: URL,
  workerData: unknown,
  label: string,
  onMessage: (message: M, worker: Worker) => void,
): { worker: Worker; done: Promise<void> } {
  const worker = new Worker(entry, { workerData });
  const done = new Promise<void>((resolve, reject) => {
    let failed = false;
    const fail = (why: string, cause?: unknown): void => {
      failed = true;
      reject(new HydraError("RUN_FAILED", `${label} ${why}`, { worker: label }, cause));
    };
    worker.on("message", (m: M) => {
      try {
        onMessage(m, worker);
      } catch (e) {
        fail(`: its result could not be handled: ${e instanceof Error ? e.message : String(e)}`, e);
        void worker.terminate();
      }
    });
    worker.once("error", (e) => fail(`failed: ${e.message}`, e));
    worker.once("exit", (code) => {
      if (failed) return;
      if (code === 0) resolve();
      else fail(`exited with code ${code}`);
    });
  });
  return { worker, done };
}
