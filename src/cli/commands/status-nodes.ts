import { LiveClock } from "../../core/clock.js";
import type { Env } from "../../risk/kill-switch/kill-switch-env.js";
import { openSharedStores } from "../../runtime/node/shared-stores.js";
import type { CliIo } from "../io.js";

/** a node whose last poll is older than this is not polling (stopped by SIGKILL, crashed or stuck) */
const STALE_POLL_MS = 5000;

/**
 * `hydra status` with HYDRA_DB_URL (and no --url): every node on the shared PostgreSQL database, from
 * any host: its id, host, pid, command, whether it trades or is halted, and its last poll; and the kill
 * switch. Returns the exit code: 1 when a node has stopped polling.
 */
export function nodesOnDatabase(env: Env, io: CliIo, json: boolean | undefined): number {
  const now = new LiveClock().now();
  // the SQLite path is not used: HYDRA_DB_URL is set, so the stores are PostgreSQL's
  const shared = openSharedStores("", env, now);
  try {
    const ks = shared.killSwitch.read();
    const nodes = shared.registry.list().map((p) => ({
      node: p.node ?? String(p.pid),
      host: p.host ?? null,
      pid: p.pid,
      name: p.name,
      state: now - p.lastPollAt > STALE_POLL_MS ? "NOT POLLING" : p.halted ? "halted" : "trading",
      lastPollAgoMs: Math.max(0, now - p.lastPollAt),
    }));
    if (json) io.out(`${JSON.stringify({ db: shared.where, killSwitch: ks, nodes })}\n`);
    else
      io.out(
        `${shared.where}: ${nodes.length} node(s); kill switch ${ks.active ? `ON (${ks.reason} by ${ks.updatedBy})` : "off"}\n${nodes
          .map(
            (n) =>
              `  ${n.node}  ${n.host}  pid ${n.pid}  ${n.name}: ${n.state}, last poll ${(n.lastPollAgoMs / 1000).toFixed(1)} s ago\n`,
          )
          .join("")}`,
      );
    return nodes.some((n) => n.state === "NOT POLLING") ? 1 : 0;
  } finally {
    shared.close();
  }
}
