import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import path from "node:path";

export interface DatabaseHolder {
  pid: number;
  /** the process's command line, as ps shows it */
  command: string;
}

/**
 * The processes that have a SQLite database open (the file, its -wal or its -shm), read from /proc
 * (Linux; elsewhere none are found). A process whose descriptors cannot be read (another user's) is
 * left out. The calling process is left out unless asked.
 */
export function databaseHolders(
  file: string,
  o: { includeSelf?: boolean; proc?: string } = {},
): DatabaseHolder[] {
  const proc = o.proc ?? "/proc";
  const resolved = path.resolve(file);
  const targets = new Set([resolved, `${resolved}-wal`, `${resolved}-shm`]);
  let pids: number[];
  try {
    pids = readdirSync(proc)
      .filter((d) => /^\d+$/.test(d))
      .map(Number);
  } catch {
    return [];
  }
  const out: DatabaseHolder[] = [];
  for (const pid of pids) {
    if (pid === process.pid && o.includeSelf !== true) continue;
    let fds: string[];
    try {
      fds = readdirSync(path.join(proc, String(pid), "fd"));
    } catch {
      continue;
    }
    const holds = fds.some((fd) => {
      try {
        return targets.has(readlinkSync(path.join(proc, String(pid), "fd", fd)));
      } catch {
        return false;
      }
    });
    if (!holds) continue;
    let command = "?";
    try {
      command = readFileSync(path.join(proc, String(pid), "cmdline"), "utf8")
        .split("\0")
        .filter(Boolean)
        .join(" ");
    } catch {
      // gone meanwhile: still named by its pid
    }
    out.push({ pid, command });
  }
  return out;
}

/** "pid 123 (node bin/hydra.js ftmo …), pid 456 (…)", or what to say when none is found. */
export function describeHolders(holders: readonly DatabaseHolder[]): string {
  if (holders.length === 0) return "no other process of this user has it open";
  return holders
    .map((h) => `pid ${h.pid} (${h.command.length > 120 ? `${h.command.slice(0, 117)}...` : h.command})`)
    .join(", ");
}
