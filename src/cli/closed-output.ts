/**
 * A reader that goes away (`hydra strategies | head -1`) closes the pipe: the next write fails with
 * EPIPE, which Node raises as an unhandled 'error' event with a stack trace. Instead, output to a
 * closed stream is dropped quietly and long-running commands are told to stop (as on SIGTERM).
 */
type Stream = "stdout" | "stderr";

const closed: Record<Stream, boolean> = { stdout: false, stderr: false };
const watched: Record<Stream, boolean> = { stdout: false, stderr: false };
const listeners = new Set<() => void>();

function watch(name: Stream): void {
  if (watched[name]) return;
  watched[name] = true;
  process[name].on("error", (e: NodeJS.ErrnoException) => {
    if (closed[name]) return;
    closed[name] = true;
    // any write error ends that stream's output; only a reader that left (EPIPE) is not worth a word
    if (e.code !== "EPIPE" && name === "stdout" && !closed.stderr)
      process.stderr.write(`hydra: stdout: ${e.message}; output stopped\n`);
    if (name === "stdout") for (const l of [...listeners]) l();
  });
}

/** Writes to stdout or stderr unless the reader has gone; never throws, never prints a stack trace. */
export function writeTo(name: Stream, text: string): void {
  watch(name);
  if (closed[name]) return;
  process[name].write(text);
}

/** Calls `listener` once stdout's reader has gone; returns the unsubscribe function. */
export function onOutputClosed(listener: () => void): () => void {
  watch("stdout");
  if (closed.stdout) {
    listener();
    return () => {};
  }
  listeners.add(listener);
  return () => listeners.delete(listener);
}
