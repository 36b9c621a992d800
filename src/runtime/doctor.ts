import type { Clock } from "../core/clock.js";
import { isHydraError } from "../core/errors.js";
import { BridgeClient } from "../execution/mt5/client/bridge-client.js";
import type { CurveClientKeys } from "../execution/mt5/client/curve-keys.js";
import { TickSubscriber } from "../execution/mt5/client/tick-subscriber.js";
import type { ReplyData } from "../execution/mt5/protocol/messages.js";

type CheckStatus = "ok" | "warn" | "fail";

export interface DoctorCheck {
  name: string;
  status: CheckStatus;
  detail: string;
  /** what to do about it (empty when ok) */
  fix: string;
}

export interface DoctorOptions {
  bridge: string;
  ticks: string;
  symbols: readonly string[];
  clock: Clock;
  /** how long to listen to the tick stream */
  listenMs?: number;
  timeoutMs?: number;
  /** CurveZMQ keys for both sockets; a plaintext link when absent */
  curve?: CurveClientKeys;
}

const FIX_TUNNEL =
  "is the trade server running on the Windows machine, and the SSH tunnel up (ssh -N -L 15555:127.0.0.1:5555 -L 15556:127.0.0.1:5556 …)? Check the ports in --bridge/--ticks.";

/**
 * The bridge's health, the way the original troubleshooting table checked it: PING latency, the account,
 * each symbol, the tick flow and heartbeat, and the offset between the server's clock and ours.
 */
export async function runDoctor(opts: DoctorOptions): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  const client = new BridgeClient({
    endpoint: opts.bridge,
    timeoutMs: opts.timeoutMs ?? 2000,
    retries: 1,
    curve: opts.curve,
  });
  try {
    const rtts: number[] = [];
    let serverTime = Number.NaN;
    let localAtReply = Number.NaN;
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const pong = await client.call("PING", {});
      rtts.push(performance.now() - t0);
      serverTime = pong.serverTime;
      localAtReply = opts.clock.now();
    }
    rtts.sort((a, b) => a - b);
    const median = rtts[2]!;
    checks.push({
      name: "ping",
      status: median < 50 ? "ok" : median < 250 ? "warn" : "fail",
      detail: `median round trip ${median.toFixed(2)} ms over 5 pings (max ${rtts[4]!.toFixed(2)} ms)`,
      fix: median < 50 ? "" : "a slow link: run the bridge near the terminal, check the tunnel, the VPS load",
    });
    const offset = serverTime - localAtReply;
    checks.push({
      name: "clock offset",
      status: Math.abs(offset) < 2000 ? "ok" : Math.abs(offset) < 60_000 ? "warn" : "fail",
      detail: `server time − local time = ${(offset / 1000).toFixed(3)} s`,
      fix:
        Math.abs(offset) < 2000
          ? ""
          : "sync both clocks (NTP), and check HYDRA_BRIDGE_SERVER_OFFSET_HOURS on the bridge (MT5 server time is often UTC+2/+3)",
    });
    checks.push(brokerClock(await client.call("HEARTBEAT", {})));
    const account = await client.call("ACCOUNT", {});
    checks.push({
      name: "account",
      status: account.tradeAllowed ? "ok" : "fail",
      detail: `balance ${account.balance.toFixed(2)} ${account.currency}, equity ${account.equity.toFixed(2)}, leverage 1:${account.leverage}, trading ${account.tradeAllowed ? "allowed" : "NOT allowed"}`,
      fix: account.tradeAllowed
        ? ""
        : "enable Algo Trading in the MT5 terminal (the toolbar button) and check the account is not read-only (investor password)",
    });
    for (const symbol of opts.symbols) {
      try {
        const s = await client.call("SYMBOL", { symbol });
        checks.push({
          name: `symbol ${symbol}`,
          status: s.tradeAllowed ? "ok" : "warn",
          detail: `digits ${s.digits}, tick ${s.tickSize}, contract ${s.contractSize}, volume ${s.volumeMin}/${s.volumeStep}/${s.volumeMax}`,
          fix: s.tradeAllowed
            ? ""
            : "the symbol is not tradable now (market closed or disabled for the account)",
        });
      } catch (e) {
        checks.push({
          name: `symbol ${symbol}`,
          status: "fail",
          detail: message(e),
          fix: "add the symbol to Market Watch, or use the broker's name for it (e.g. US30.cash)",
        });
      }
    }
  } catch (e) {
    checks.push({
      name: "trade server",
      status: "fail",
      detail: message(e),
      fix: opts.curve === undefined ? FIX_TUNNEL : `${FIX_CURVE} Otherwise: ${FIX_TUNNEL}`,
    });
  } finally {
    client.close();
  }
  checks.push(await tickFlow(opts));
  checks.push(
    encryption(
      opts,
      checks.some((c) => c.name === "ping"),
    ),
  );
  return checks;
}

/** The trade server's zone as the bridge measures it: MT5 times are server times, converted with it. */
function brokerClock(h: ReplyData<"HEARTBEAT">): DoctorCheck {
  const name = "broker clock";
  if (h.serverOffsetMs === undefined)
    return {
      name,
      status: "warn",
      detail: "the bridge does not report the trade server's UTC offset (an older bridge)",
      fix: "update the bridge (bridge/mt5): it measures the offset from tick times and follows DST switches",
    };
  const zone = utcOffset(h.serverOffsetMs);
  if (h.serverOffsetMeasured === false)
    return {
      name,
      status: "warn",
      detail: `trade server at ${zone}: the configured start value, not measured yet (no fresh ticks)`,
      fix: "the offset is measured from fresh ticks: wait for an open market; until then HYDRA_BRIDGE_SERVER_OFFSET_HOURS on the bridge is used",
    };
  return {
    name,
    status: "ok",
    detail: `trade server at ${zone}, measured from tick times (follows DST switches); market time is the broker's, in UTC`,
    fix: "",
  };
}

function utcOffset(ms: number): string {
  const sign = ms < 0 ? "−" : "+";
  const minutes = Math.round(Math.abs(ms) / 60_000);
  return `UTC${sign}${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, "0")}`;
}

async function tickFlow(opts: DoctorOptions): Promise<DoctorCheck> {
  const counts = new Map<string, number>();
  const sub = new TickSubscriber({
    endpoint: opts.ticks,
    curve: opts.curve,
    symbols: opts.symbols,
    clock: opts.clock,
    staleAfterMs: 60_000,
    onTick: (t) => counts.set(t.symbol, (counts.get(t.symbol) ?? 0) + 1),
  });
  sub.start();
  await new Promise((r) => setTimeout(r, opts.listenMs ?? 3000));
  const feed = { ...sub.feed };
  sub.stop();
  const heartbeat = feed.alive;
  const quiet = opts.symbols.filter((s) => (counts.get(s) ?? 0) === 0);
  const detail = `${feed.ticks} ticks in ${((opts.listenMs ?? 3000) / 1000).toFixed(1)} s (${opts.symbols.map((s) => `${s} ${counts.get(s) ?? 0}`).join(", ")}), heartbeat ${heartbeat ? "seen" : "NOT seen"}, ${feed.badFrames} bad frames`;
  if (!heartbeat)
    return {
      name: "tick stream",
      status: "fail",
      detail,
      fix: `no heartbeat: the price streamer is down or unreachable; ${FIX_TUNNEL}`,
    };
  if (quiet.length > 0)
    return {
      name: "tick stream",
      status: "warn",
      detail,
      fix: `no ticks for ${quiet.join(", ")}: market closed, or the symbols are missing from HYDRA_BRIDGE_SYMBOLS on the bridge`,
    };
  return { name: "tick stream", status: "ok", detail, fix: "" };
}

const FIX_CURVE =
  "with CurveZMQ a refused key looks like silence: check HYDRA_BRIDGE_SERVER_KEY is the bridge's public key and this client's public key is in the bridge's HYDRA_BRIDGE_CURVE_CLIENTS.";

/** Whether the link is encrypted: by CurveZMQ here, or (plaintext) only by whatever carries it. */
function encryption(opts: DoctorOptions, answered: boolean): DoctorCheck {
  if (opts.curve !== undefined)
    return {
      name: "encryption",
      status: answered ? "ok" : "fail",
      detail: `CurveZMQ${answered ? "" : " configured, but no handshake completed"} (bridge key ${opts.curve.serverKey}, client key ${opts.curve.publicKey})`,
      fix: answered ? "" : FIX_CURVE,
    };
  const remote = [opts.bridge, opts.ticks].filter(
    (e) => !/^(tcp:\/\/(127\.0\.0\.1|localhost|\[::1\]):|ipc:|inproc:)/.test(e),
  );
  return {
    name: "encryption",
    status: remote.length === 0 ? "ok" : "warn",
    detail:
      remote.length === 0
        ? "not encrypted by HYDRA: plaintext ZeroMQ to loopback (an SSH tunnel encrypts the hop to the bridge)"
        : `NOT encrypted: plaintext ZeroMQ to ${remote.join(", ")}`,
    fix:
      remote.length === 0
        ? ""
        : "use an SSH tunnel, or CurveZMQ: hydra bridge keygen, then HYDRA_BRIDGE_SERVER_KEY and HYDRA_CLIENT_SECRET_KEY_FILE (README, MetaTrader 5 bridge)",
  };
}

function message(e: unknown): string {
  return isHydraError(e) ? e.message : e instanceof Error ? e.message : String(e);
}
