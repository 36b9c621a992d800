import type { Command } from "commander";
import { HydraError } from "../../core/errors.js";
import type { CliIo } from "../io.js";
import { nodesOnDatabase } from "./status-nodes.js";

interface StatusFlags {
  url: string[];
  json?: boolean;
}

interface NodeScreen {
  url: string;
  ok: boolean;
  error: string | null;
  status: Record<string, unknown> | null;
  health: Record<string, unknown> | null;
  account: Record<string, unknown> | null;
  challenge: Record<string, unknown> | null;
  positions: Array<Record<string, unknown>>;
}

async function getJson(url: string, timeoutMs: number): Promise<unknown> {
  const r = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!r.ok) throw new Error(`${r.status} from ${url}`);
  return r.json();
}

/** One node's screen: status, health, account, challenge, positions; an unreachable node says why. */
async function screen(base: string): Promise<NodeScreen> {
  const api = `${base.replace(/\/+$/, "")}/api/v1`;
  try {
    const [status, health, account, challenge, positions] = await Promise.all(
      ["status", "health", "account", "challenge", "positions"].map((p) => getJson(`${api}/${p}`, 3000)),
    );
    return {
      url: base,
      ok: Boolean((health as { ok?: boolean }).ok),
      error: null,
      status: status as Record<string, unknown>,
      health: health as Record<string, unknown>,
      account: account as Record<string, unknown>,
      challenge: (challenge ?? null) as Record<string, unknown> | null,
      positions: positions as Array<Record<string, unknown>>,
    };
  } catch (e) {
    const why = e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e);
    return {
      url: base,
      ok: false,
      error: why,
      status: null,
      health: null,
      account: null,
      challenge: null,
      positions: [],
    };
  }
}

const money = (x: unknown): string => (typeof x === "number" ? x.toFixed(2) : "-");

function render(s: NodeScreen): string {
  if (s.error !== null) return `${s.url}: UNREACHABLE (${s.error})\n`;
  const st = s.status as {
    node: string;
    mode: string;
    uptimeMs: number;
    killSwitch: { on: boolean; reason: string | null };
    tradingStates: Array<{ scope: string; state: string }>;
  };
  const a = s.account as { balance: number; equity: number; realizedPnlToday: number };
  const lines = [
    `${s.url}: ${st.node} (${st.mode}), ${s.ok ? "healthy" : "NOT healthy"}, up ${Math.round(st.uptimeMs / 1000)} s`,
    `  equity ${money(a.equity)}, balance ${money(a.balance)}, today's realised P&L ${money(a.realizedPnlToday)}`,
  ];
  const c = s.challenge as {
    program: string;
    phase: string;
    dailyLossLeft: number;
    maxLossLeft: number;
    verdict: string;
  } | null;
  if (c !== null)
    lines.push(
      `  ${c.program} ${c.phase}: ${c.verdict}; loss room today ${money(c.dailyLossLeft)}, to the max-loss floor ${money(c.maxLossLeft)}`,
    );
  lines.push(`  kill switch ${st.killSwitch.on ? `ON (${st.killSwitch.reason ?? ""})` : "off"}`);
  const halted = st.tradingStates.filter((t) => t.state !== "ACTIVE");
  if (halted.length > 0)
    lines.push(`  trading states: ${halted.map((t) => `${t.scope} ${t.state}`).join(", ")}`);
  lines.push(`  ${s.positions.length} open position(s)`);
  for (const p of s.positions)
    lines.push(
      `    ${p.id} ${p.owner} ${p.side} ${p.lots} ${p.symbol} @ ${p.openPrice}, open P&L ${money(p.openPnl)}`,
    );
  return `${lines.join("\n")}\n`;
}

/**
 * `hydra status`: one screen of each running node (its HTTP API): mode, health, equity, today's P&L and
 * loss room, positions, kill switch. Exit 1 when a node is unreachable or not healthy.
 */
export function registerStatus(program: Command, io: CliIo, outcome: { exitCode: number }): void {
  program
    .command("status")
    .description(
      "one screen of each running node (its --api-port): mode, health, equity, today's P&L and loss room, positions, kill switch; with HYDRA_DB_URL and no --url, every node on the PostgreSQL database",
    )
    .option("--url <url...>", "the nodes' API addresses (hydra ftmo --api-port N → http://127.0.0.1:N)", [
      "http://127.0.0.1:8080",
    ])
    .option("--json", "print the screens as JSON")
    .action(async (flags: StatusFlags, cmd: Command) => {
      // every node on a shared PostgreSQL database, unless --url names the nodes to ask
      if ((process.env.HYDRA_DB_URL ?? "") !== "" && cmd.getOptionValueSource("url") === "default") {
        outcome.exitCode = nodesOnDatabase(process.env, io, flags.json);
        return;
      }
      for (const u of flags.url)
        if (!/^https?:\/\/[^\s/]+/.test(u))
          throw new HydraError("CLI_USAGE", `--url: "${u}" is not an http(s) address`, { field: "--url" });
      const screens = await Promise.all(flags.url.map(screen));
      if (flags.json) io.out(`${JSON.stringify(screens)}\n`);
      else for (const s of screens) io.out(render(s));
      outcome.exitCode = screens.some((s) => !s.ok) ? 1 : 0;
    });
}
