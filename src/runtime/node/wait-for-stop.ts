/**
 * Waits until the stop signal (SIGINT/SIGTERM) or, when given, `durationMs` of wall time: a long-running
 * command without --duration runs until it is stopped. (setTimeout cannot take Infinity: Node turns it
 * into 1 ms, which stopped every runner at once.)
 */
export async function waitForStop(durationMs: number | undefined, stopSignal?: Promise<void>): Promise<void> {
  const waits: Promise<unknown>[] = [stopSignal ?? new Promise<void>(() => {})];
  let timer: ReturnType<typeof setTimeout> | undefined;
  if (durationMs !== undefined && Number.isFinite(durationMs))
    waits.push(new Promise<void>((r) => (timer = setTimeout(r, Math.max(0, durationMs)))));
  try {
    await Promise.race(waits);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}
