import type { CliIo } from "./io.js";

const EVERY_INTERFACE = new Set(["0.0.0.0", "::", "[::]", "*"]);

/** The warning for a server address that listens on every interface (0.0.0.0, ::, *), else undefined. */
export function wideBindWarning(flag: string, address: string | undefined): string | undefined {
  if (address === undefined) return undefined;
  const host = address.startsWith("tcp://") ? address.slice(6, address.lastIndexOf(":")) : address;
  if (!EVERY_INTERFACE.has(host)) return undefined;
  return `warning: ${flag} ${address} listens on every network interface: whoever reaches this machine can connect (127.0.0.1 keeps it local)`;
}

/** Says, on stderr, each server address (flag, value) that listens on every interface. */
export function warnWideBinds(io: CliIo, binds: ReadonlyArray<readonly [string, string | undefined]>): void {
  for (const [flag, address] of binds) {
    const w = wideBindWarning(flag, address);
    if (w !== undefined) io.err(`${w}\n`);
  }
}
