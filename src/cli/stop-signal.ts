import { onOutputClosed } from "./closed-output.js";

/**
 * Runs a long-lived command with a promise that resolves on SIGINT or SIGTERM (a clean shutdown), or
 * when stdout's reader has gone (`hydra paper | head`), and removes the handlers afterwards.
 */
export async function untilStopped<T>(run: (stopSignal: Promise<void>) => Promise<T>): Promise<T> {
  let stop: () => void = () => {};
  const stopSignal = new Promise<void>((resolve) => {
    stop = resolve;
  });
  const onSignal = (): void => stop();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const offClosed = onOutputClosed(onSignal);
  try {
    return await run(stopSignal);
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    offClosed();
  }
}
