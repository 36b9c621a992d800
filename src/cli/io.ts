import { writeTo } from "./closed-output.js";

/** Where a command writes; tests pass their own to capture output. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** true when stderr is a terminal (progress bars only then) */
  readonly errIsTty: boolean;
}

/** The process's streams; a closed pipe ends output quietly (see closed-output.ts). */
export const processIo: CliIo = {
  out: (t) => writeTo("stdout", t),
  err: (t) => writeTo("stderr", t),
  get errIsTty() {
    return process.stderr.isTTY === true;
  },
};

export function captureIo(): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: "",
    stderr: "",
    errIsTty: false,
    out(t: string) {
      io.stdout += t;
    },
    err(t: string) {
      io.stderr += t;
    },
  };
  return io;
}
