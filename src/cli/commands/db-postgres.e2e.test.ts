import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { FakeTelegram } from "../../alerts/test-support/fake-telegram.js";
import { FakeTwilio } from "../../alerts/test-support/fake-twilio.js";
import { MIGRATIONS } from "../../persistence/postgres/migrations.js";
import { PgSyncClient } from "../../persistence/postgres/pg-sync-client.js";
import {
  PASSWORD_ROLE,
  PG_SKIP_REASON,
  testCluster,
} from "../../persistence/test-support/pg-test-cluster.js";
import { BUILT, type HydraProcess, spawnHydra } from "../test-support/spawn-hydra.js";

if (!BUILT)
  console.warn("skipping the PostgreSQL end-to-end tests: dist/ is not built (make test builds it)");
if (PG_SKIP_REASON !== undefined) console.warn(`skipping the PostgreSQL end-to-end tests: ${PG_SKIP_REASON}`);

let procs: HydraProcess[] = [];
afterEach(async () => {
  for (const p of procs) await p.stop("SIGKILL");
  procs = [];
});

/** a cycle every market minute at 600× real time: ten cycles a second of wall time */
const RUN = ["run", "--paper", "--speed", "600", "--cycle", "1m"];
/** ten market minutes a cycle, ten cycles a second: trades close within seconds */
const FAST = ["run", "--paper", "--speed", "6000", "--cycle", "10m"];

function hydra(args: string[], env: Record<string, string>): HydraProcess {
  const p = spawnHydra(args, { env: { KILL_SWITCH: "false", ...env } });
  procs.push(p);
  return p;
}

async function done(p: HydraProcess): Promise<{ code: number | null; out: string; stdout: string }> {
  const code = await p.exited();
  return { code, out: p.output(), stdout: p.stdout() };
}

interface AlertRow {
  nodeId?: string;
  id: number;
  key: string;
  event: string;
  facts: Record<string, unknown>;
  deliveries: Array<{ channel: string; state: string }>;
}

interface Listed {
  processes: Array<{
    node: string;
    host: string;
    pid: number;
    name: string;
    alive: boolean;
    halted: boolean;
  }>;
}

async function listed(env: Record<string, string>): Promise<Listed> {
  const s = hydra(["kill-switch", "status", "--json"], env);
  expect(await s.exited()).toBe(0);
  return JSON.parse(s.stdout()) as Listed;
}

/**
 * waits until the node registry shows what `ok` wants (each node polls every 500 ms); read here
 * directly, as `hydra kill-switch status` reads it, without a command started for each look
 */
async function registryUntil(env: Record<string, string>, ok: (l: Listed) => boolean): Promise<Listed> {
  const pg = new PgSyncClient(env.HYDRA_DB_URL!);
  try {
    const look = (): Listed => ({
      processes: pg
        .query<{
          node_id: string;
          host: string;
          pid: number;
          name: string;
          halted: boolean;
          last_poll_at_wall: number;
        }>("SELECT * FROM node_processes")
        .rows.map((r) => ({
          node: r.node_id,
          host: r.host,
          pid: r.pid,
          name: r.name,
          halted: r.halted,
          alive: Date.now() - r.last_poll_at_wall <= 5000,
        })),
    });
    for (let i = 0; i < 50; i++) {
      const l = look();
      if (ok(l)) return l;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`the node registry never got there: ${JSON.stringify(look())}`);
  } finally {
    pg.close();
  }
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tmpDb = (): string => {
  const d = mkdtempSync(path.join(tmpdir(), "hydra-pg-e2e-"));
  dirs.push(d);
  return path.join(d, "hydra.db");
};

function count(file: string, table: string): number {
  const d = new Database(file, { readonly: true });
  try {
    return (d.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    d.close();
  }
}

async function until(ok: () => boolean, timeoutMs = 30_000): Promise<void> {
  for (let waited = 0; !ok(); waited += 200) {
    if (waited > timeoutMs) throw new Error(`not within ${timeoutMs} ms: ${ok.toString()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.skipIf(!BUILT)("a bad HYDRA_DB_URL", () => {
  it("is refused with a clear message naming it (exit 2), and an unreachable database says where without the password", async () => {
    const bad = await done(hydra(["kill-switch", "status"], { HYDRA_DB_URL: "mysql://hydra@db/hydra" }));
    expect(bad.code).toBe(2);
    expect(bad.out).toMatch(/^hydra: HYDRA_DB_URL: expected postgres:\/\/.* \[CONFIG_INVALID\]\n$/);
    const secret = `s${Math.random().toString(36).slice(2)}`;
    const dir = mkdtempSync(path.join(tmpdir(), "hydra-no-pg-"));
    const away = `postgresql://hydra:${secret}@localhost/hydra?host=${encodeURIComponent(dir)}`;
    const run = await done(hydra([...RUN, "--db", path.join(dir, "hydra.db")], { HYDRA_DB_URL: away }));
    expect(run.code).toBe(2);
    expect(run.out).toMatch(
      /hydra: PostgreSQL \(postgresql:\/\/hydra:\*\*\*@localhost\/hydra\?host=.*\): connect ENOENT .* \[STORAGE\]\n$/,
    );
    expect(run.out).not.toContain(secret);
    expect(run.out).not.toMatch(/\n\s+at /);
    rmSync(dir, { recursive: true, force: true });
    // --node is for PostgreSQL: on SQLite it is refused, naming it
    for (const [args, why] of [
      [
        ["stats", "leaderboard", "--node", "a"],
        /stats: --node reads PostgreSQL \(HYDRA_DB_URL, without --db\)/,
      ],
      [["engine", "pause", "x", "--node", "a"], /engine: --node asks a node on PostgreSQL/],
      [
        ["db", "copy", "--from", away, "--to", "elsewhere.db"],
        /from PostgreSQL, --to sqlite:FILE \(a new file\) is required/,
      ],
    ] as const) {
      const r = await done(hydra([...args], {}));
      expect(r.code).toBe(2);
      expect(r.out).toMatch(why);
      expect(r.out).not.toContain(secret);
    }
  });
});

describe.skipIf(!BUILT || PG_SKIP_REASON !== undefined)("hydra on PostgreSQL (HYDRA_DB_URL)", () => {
  it("hydra db status/migrate; two nodes on one database are listed, and one kill-switch on halts both", async () => {
    const env = { HYDRA_DB_URL: testCluster().newDatabase() };
    const before = await done(hydra(["db", "status"], env));
    expect(before.code).toBe(1);
    // every step of the schema as released (each new store adds one)
    expect(before.out).toMatch(
      new RegExp(
        `${MIGRATIONS.length} migration\\(s\\) pending .*\n {2}#1 kill switch and node registry: pending\n {2}#2 HYDRA journal`,
      ),
    );
    const versions = MIGRATIONS.map((m) => m.version);
    const migrated = await done(hydra(["db", "migrate"], env));
    expect(migrated).toMatchObject({
      code: 0,
      out: expect.stringContaining(
        `applied ${versions.map((v) => `#${v}`).join(", ")}; now at version ${versions.at(-1)}`,
      ),
    });
    const after = await done(hydra(["db", "status"], env));
    expect(after.code).toBe(0);
    expect(after.out).toMatch(/up to date\n {2}#1 kill switch and node registry: applied \d{4}-/);
    const files = [tmpDb(), tmpDb()];
    const a = hydra([...FAST, "--db", files[0]!], { ...env, HYDRA_NODE_ID: "node-a" });
    const b = hydra([...FAST, "--db", files[1]!], { ...env, HYDRA_NODE_ID: "node-b" });
    for (const n of [a, b]) await n.waitFor(/cycle \d+: [1-9]\d* order\(s\)/, 60_000);
    // a closed trade before the switch (a few seconds at this speed)
    await until(() => files.some((f) => count(f, "hydra_trades") > 0));
    await registryUntil(env, (l) => l.processes.filter((p) => p.alive && !p.halted).length === 2);
    // hydra kill-switch status lists both, with their node ids
    const both = await listed(env);
    expect(both.processes.map((p) => [p.node, p.pid, p.name]).sort()).toEqual([
      ["node-a", a.proc.pid, "hydra run"],
      ["node-b", b.proc.pid, "hydra run"],
    ]);
    const status = await done(hydra(["status"], env));
    expect(status.code).toBe(0);
    expect(status.out).toMatch(/: 2 node\(s\); kill switch off\n/);
    for (const n of [a, b]) expect(status.out).toMatch(new RegExp(`pid ${n.proc.pid}  hydra run: trading`));
    // hydra engine pause: asked of node-a by its id (as from any host), applied by node-a alone
    const pause = await done(hydra(["engine", "pause", "offline-momentum", "--node", "node-a"], env));
    expect(pause).toMatchObject({
      code: 0,
      out: expect.stringMatching(/^asked: pause offline-momentum on node node-a \(postgresql:/),
    });
    await a.waitFor(/operator: pause offline-momentum \(asked by .* at .*\): paused/, 10_000);
    expect(b.output()).not.toMatch(/operator: pause/);
    const nobody = await done(hydra(["engine", "pause", "offline-momentum", "--node", "node-z"], env));
    expect(nobody.code).toBe(2);
    expect(nobody.out).toMatch(
      /no node "node-z" is running on .* \(running: node-a, node-b\); name one with --node/,
    );
    const on = await done(hydra(["kill-switch", "on", "--reason", "all nodes"], env));
    expect(on.code).toBe(0);
    expect(on.out).toMatch(/kill switch: ACTIVE \(trading halted\)/);
    for (const n of [a, b])
      await n.waitFor(/kill switch on \(store by cli: all nodes\): trading halted/, 5_000);
    await registryUntil(env, (l) => l.processes.filter((p) => p.alive && p.halted).length === 2);
    const halted = await done(hydra(["status", "--json"], env));
    const screen = JSON.parse(halted.out) as {
      killSwitch: { active: boolean };
      nodes: Array<{ node: string; state: string }>;
    };
    expect(screen.killSwitch.active).toBe(true);
    expect(screen.nodes.map((n) => `${n.node} ${n.state}`).sort()).toEqual([
      "node-a halted",
      "node-b halted",
    ]);
    for (const n of [a, b]) expect(await n.stop("SIGINT")).toBe(0);
    // a stopped node leaves the list
    expect((await listed(env)).processes).toEqual([]);
    // hydra stats reads both nodes' journals, copied to PostgreSQL to their last row at the stop
    const trades = await done(hydra(["stats", "trades", "--json", "--limit", "100000"], env));
    expect(trades.code).toBe(0);
    expect((JSON.parse(trades.out) as unknown[]).length).toBe(
      count(files[0]!, "hydra_trades") + count(files[1]!, "hydra_trades"),
    );
    const engines = await done(hydra(["stats", "engines"], env));
    expect(engines.out).toMatch(/^engine\s+trades\s+wins\s+winRatePct\s+avgPnlPercent\s+totalPnl\n/);
    // hydra stats leaderboard: each node's table from PostgreSQL is the one its SQLite file gives
    const board = async (args: string[], e: Record<string, string>): Promise<string> => {
      const p = await done(hydra(["stats", "leaderboard", ...args], e));
      expect(p.code).toBe(0);
      return p.stdout;
    };
    const fromFile = await board(["--db", files[0]!], {});
    expect(fromFile).toMatch(/^#\s+engine\s+trades/);
    expect(await board(["--node", "node-a"], env)).toBe(fromFile);
    const all = await board([], env);
    expect(all).toContain(`node node-a:\n${fromFile}`);
    expect(all).toContain(`node node-b:\n${await board(["--db", files[1]!], {})}`);
    const boardJson = JSON.parse(await board(["--json"], env)) as Array<{ node: string; engine: string }>;
    expect([...new Set(boardJson.map((r) => r.node))]).toEqual(["node-a", "node-b"]);
    const unknown = await done(hydra(["stats", "leaderboard", "--node", "node-z"], env));
    expect(unknown.code).toBe(2);
    expect(unknown.out).toMatch(/--node node-z has no standing in the database \(nodes: node-a, node-b\)/);
    // hydra db copy: a SQLite journal into another PostgreSQL database, and again (nothing new)
    const to = testCluster().newDatabase();
    const copy = ["db", "copy", "--from", `sqlite:${files[0]}`, "--to", to, "--node", "moved", "--json"];
    const first = await done(hydra(copy, {}));
    expect(first.code).toBe(0);
    const copied = (JSON.parse(first.out) as { copied: Record<string, number> }).copied;
    expect(copied.hydra_trades).toBe(count(files[0]!, "hydra_trades"));
    expect(copied.hydra_decisions).toBe(count(files[0]!, "hydra_decisions"));
    const again = await done(hydra(copy, {}));
    expect((JSON.parse(again.out) as { copied: Record<string, number> }).copied).toMatchObject({
      hydra_trades: 0,
      hydra_decisions: 0,
    });
  });

  it("a node that loses the database halts with a clear message, keeps its journal, and trades again once it is back", async () => {
    const cluster = testCluster();
    const url = cluster.newDatabase();
    const dbName = new URL(url).pathname.slice(1);
    const env = { HYDRA_DB_URL: url, HYDRA_NODE_ID: "lonely" };
    const db = tmpDb();
    const node = hydra([...RUN, "--db", db], env);
    await node.waitFor(/cycle \d+: [1-9]\d* order\(s\)/, 60_000);
    // the database goes away: it refuses connections and the node's is cut
    cluster.admin(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS false`);
    cluster.admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", [dbName]);
    const lostWall = Date.now();
    await node.waitFor(
      /kill switch: PostgreSQL \(.*\): .*\(trading halted until the database answers again\)/,
      5_000,
    );
    await node.waitFor(/kill switch on \(its store cannot be read: PostgreSQL .*\): trading halted/, 5_000);
    const cycle = Math.max(...[...node.output().matchAll(/cycle (\d+):/g)].map((m) => Number(m[1])));
    await node.waitFor(new RegExp(`cycle ${cycle + 20}:`), 30_000);
    cluster.admin(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS true`);
    const backWall = Date.now();
    await node.waitFor(
      /kill switch: the database answers again \(trading resumes unless the switch is on\)/,
      10_000,
    );
    // trading again: the registry shows it polling, not halted
    await registryUntil(env, (l) => l.processes.some((p) => p.node === "lonely" && p.alive && !p.halted));
    expect(await node.stop("SIGINT")).toBe(0);
    expect(node.output()).not.toMatch(/Error: |\n\s+at /);
    const journal = new Database(db, { readonly: true });
    try {
      const iso = (ms: number): string => new Date(ms).toISOString();
      const sent = (from: number, to: number): number =>
        (
          journal
            .prepare(
              "SELECT COUNT(*) AS n FROM hydra_decisions WHERE outcome IN ('sent', 'vote:sent') AND recorded_wall > ? AND recorded_wall < ?",
            )
            .get(iso(from), iso(to)) as { n: number }
        ).n;
      // orders before the loss are kept; none went out while it was lost (a second after, as polls are 500 ms)
      expect(sent(0, lostWall)).toBeGreaterThan(0);
      expect(sent(lostWall + 1000, backWall)).toBe(0);
    } finally {
      journal.close();
    }
  });

  it("make run on PostgreSQL (HYDRA_DB_URL=… hydra demo --speed 60): both halves listed and halted by the shared switch; hydra stats and hydra alerts read the database", async () => {
    const env = { HYDRA_DB_URL: testCluster().newDatabase(), HYDRA_NODE_ID: "demo" };
    // alerts go to a local Bot API (sent) and to an SMS API that keeps failing (pending)
    const tg = await FakeTelegram.start();
    const sid = `AC${randomBytes(16).toString("hex")}`;
    const twilio = await FakeTwilio.start(sid, randomBytes(16).toString("hex"));
    twilio.fail(503);
    const channels = {
      TELEGRAM_TOKEN: tg.token,
      TELEGRAM_CHAT_ID: "4242",
      TELEGRAM_API_URL: tg.url,
      TWILIO_SID: sid,
      TWILIO_TOKEN: twilio.authToken,
      TWILIO_FROM: "+15550000001",
      TWILIO_TO: "+15550000002",
      TWILIO_API_URL: twilio.url,
    };
    const file = tmpDb();
    const token = randomBytes(16).toString("hex");
    try {
      const demo = hydra(["demo", "--speed", "60", "--metrics-port", "0", "--api-port", "0", "--db", file], {
        ...env,
        ...channels,
        HYDRA_API_TOKEN: token,
      });
      await demo.waitFor(/\[hydra\] .*cycle 1: /, 60_000);
      // a control action through the node's API, journalled in its file and copied under its id
      const api = (await demo.waitFor(/\[api\] +dashboard on (http:\/\/127\.0\.0\.1:\d+\/) /, 10_000))[1]!;
      const paused = await fetch(`${api}api/v1/bots/us30-orb/pause`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "x-hydra-operator": "ops" },
      });
      expect(paused.status).toBe(200);
      await registryUntil(env, (l) => l.processes.some((p) => p.node === "demo" && p.alive && !p.halted));
      const on = await done(hydra(["kill-switch", "on", "--reason", "maintenance"], env));
      expect(on.code).toBe(0);
      // both halves of the node halt on the shared switch
      await demo.waitFor(/\[hydra\] .*kill switch on \(store by cli: maintenance\): trading halted/, 5_000);
      await demo.waitFor(/\[ftmo\] .*kill switch on \(store by cli: maintenance\): trading halted/, 5_000);
      // hydra alerts on PostgreSQL: the node's alerts with its id, sent on Telegram and pending on SMS
      const onPg = async (): Promise<AlertRow[]> => {
        const p = await done(hydra(["alerts", "--json"], env));
        expect(p.code).toBe(0);
        return JSON.parse(p.stdout) as AlertRow[];
      };
      const state = (a: AlertRow | undefined, channel: string): string | undefined =>
        a?.deliveries.find((d) => d.channel === channel)?.state;
      let listed: AlertRow[] = [];
      for (let i = 0; i < 60; i++) {
        listed = await onPg();
        const k = listed.find((a) => a.event === "kill-switch-on");
        if (state(k, "telegram") === "sent" && state(k, "sms") === "pending") break;
        await new Promise((r) => setTimeout(r, 500));
      }
      const killed = listed.find((a) => a.event === "kill-switch-on");
      expect(killed).toMatchObject({ nodeId: "demo", facts: { reason: "maintenance" } });
      expect(state(killed, "telegram")).toBe("sent");
      expect(state(killed, "sms")).toBe("pending");
      const text = await done(hydra(["alerts"], env));
      expect(text.stdout).toMatch(
        /^demo #\d+ \S+ \(wall\) critical kill-switch-on \[\w+\] reason=maintenance .*→ sms PENDING.*; telegram sent /m,
      );
      expect(await demo.stop("SIGINT")).toBe(0);
      // once stopped, PostgreSQL lists what the node's own outbox lists (to its last delivery)
      const local = await done(hydra(["alerts", "--json", "--db", file], {}));
      const outline = (rows: AlertRow[]) =>
        rows.map((a) => [a.id, a.key, a.deliveries.map((d) => `${d.channel} ${d.state}`)]);
      const after = await onPg();
      expect(after.every((a) => a.nodeId === "demo")).toBe(true);
      expect(outline(after)).toEqual(outline(JSON.parse(local.stdout) as AlertRow[]));
      const pg = new PgSyncClient(env.HYDRA_DB_URL);
      try {
        expect(pg.query("SELECT node_id, who, action FROM control_actions").rows).toEqual([
          { node_id: "demo", who: expect.stringMatching(/ops/), action: expect.stringMatching(/pause/) },
        ]);
      } finally {
        pg.close();
      }
      const engines = await done(hydra(["stats", "engines", "--json"], env));
      expect(engines.code).toBe(0);
      expect(Array.isArray(JSON.parse(engines.out))).toBe(true);
    } finally {
      await tg.close();
      await twilio.close();
    }
  });
});

describe.skipIf(!BUILT || PG_SKIP_REASON !== undefined)("a node moved to another host", () => {
  it("resumes its run from PostgreSQL: hydra db copy --from postgres://… --to sqlite:NEW --node ID, then hydra run on the new file", async () => {
    const env = { HYDRA_DB_URL: testCluster().newDatabase(), HYDRA_NODE_ID: "mover" };
    const here = tmpDb();
    const first = hydra([...FAST, "--db", here], env);
    await first.waitFor(/cycle \d+: [1-9]\d* order\(s\)/, 60_000);
    await until(() => count(here, "hydra_trades") > 0);
    expect(await first.stop("SIGINT")).toBe(0);
    const cycles = Number(/stopped after (\d+) cycle\(s\)/.exec(first.output())?.[1]);
    expect(cycles).toBeGreaterThan(0);
    // "another host": a new file rebuilt from the database alone
    const there = tmpDb();
    const noNode = await done(
      hydra(["db", "copy", "--from", env.HYDRA_DB_URL, "--to", `sqlite:${there}`, "--node", "nobody"], {}),
    );
    expect(noNode.code).toBe(2);
    expect(noNode.out).toMatch(/no node "nobody" in the database \(nodes: mover\); name one with --node/);
    const back = await done(
      hydra(
        ["db", "copy", "--from", env.HYDRA_DB_URL, "--to", `sqlite:${there}`, "--node", "mover", "--json"],
        {},
      ),
    );
    expect(back.code).toBe(0);
    const copied = (JSON.parse(back.stdout) as { copied: Record<string, number> }).copied;
    expect(copied).toMatchObject({
      hydra_state: 1,
      hydra_runs: 1,
      hydra_trades: count(here, "hydra_trades"),
    });
    const again = await done(
      hydra(["db", "copy", "--from", env.HYDRA_DB_URL, "--to", `sqlite:${there}`, "--node", "mover"], {}),
    );
    expect(again.code).toBe(2);
    expect(again.out).toMatch(/exists; the node's copy is written into a new file/);
    // the node started on the new file resumes its run where it stopped, and its copy goes on
    const second = hydra([...FAST, "--db", there], env);
    await second.waitFor(new RegExp(`resumed run 1: ${cycles} cycles`), 30_000);
    await second.waitFor(new RegExp(`cycle ${cycles + 5}: `), 60_000);
    expect(await second.stop("SIGINT")).toBe(0);
    expect(second.output()).toMatch(/state saved in .* \(run 2\)/);
    const trades = await done(hydra(["stats", "trades", "--json", "--limit", "100000"], env));
    expect((JSON.parse(trades.stdout) as unknown[]).length).toBe(count(there, "hydra_trades"));
    const board = (args: string[], e: Record<string, string>) =>
      done(hydra(["stats", "leaderboard", ...args], e));
    expect((await board(["--node", "mover"], env)).stdout).toBe((await board(["--db", there], {})).stdout);
  });
});

describe.skipIf(!BUILT || PG_SKIP_REASON !== undefined)("a password in HYDRA_DB_URL", () => {
  it("logs in with it (a real role with password authentication) and it appears in no output, file or table", async () => {
    const cluster = testCluster();
    // a made-up password, new each run, with characters an address must encode
    const password = `pw/${randomBytes(12).toString("hex")}@x`;
    const role = PASSWORD_ROLE;
    const exists = cluster.admin("SELECT 1 FROM pg_roles WHERE rolname = $1", [role]).length > 0;
    cluster.admin(`${exists ? "ALTER" : "CREATE"} ROLE ${role} LOGIN PASSWORD '${password}'`);
    const trusted = cluster.newDatabase();
    const dbName = new URL(trusted).pathname.slice(1);
    cluster.admin(`ALTER DATABASE ${dbName} OWNER TO ${role}`);
    const withPassword = (pw: string): string =>
      cluster.url(dbName, role).replace(`${role}@`, `${role}:${encodeURIComponent(pw)}@`);
    const env = { HYDRA_DB_URL: withPassword(password), HYDRA_NODE_ID: "secretive" };
    const file = tmpDb();
    const outputs: Array<[string, HydraProcess]> = [];
    const run = async (
      what: string,
      args: string[],
      e: Record<string, string> = env,
    ): Promise<number | null> => {
      const p = hydra(args, e);
      outputs.push([what, p]);
      return p.exited();
    };
    const node = hydra([...FAST, "--db", file], env);
    outputs.push(["hydra run", node]);
    await node.waitFor(/cycle \d+: [1-9]\d* order\(s\)/, 60_000);
    await registryUntil({ HYDRA_DB_URL: cluster.url(dbName) }, (l) =>
      l.processes.some((p) => p.node === "secretive"),
    );
    expect(await run("hydra status", ["status"])).toBe(0);
    expect(await run("hydra kill-switch status", ["kill-switch", "status", "--json"])).toBe(0);
    expect(await run("hydra db status", ["db", "status"])).toBe(0);
    expect(
      await run("hydra engine pause", ["engine", "pause", "offline-momentum", "--node", "secretive"]),
    ).toBe(0);
    expect(await run("hydra engine (no such node)", ["engine", "pause", "x", "--node", "nobody"])).toBe(2);
    expect(await node.stop("SIGINT")).toBe(0);
    expect(await run("hydra stats engines", ["stats", "engines"])).toBe(0);
    expect(await run("hydra stats leaderboard", ["stats", "leaderboard"])).toBe(0);
    expect(await run("hydra alerts", ["alerts"])).toBe(0);
    const to = ["db", "copy", "--from", `sqlite:${file}`, "--to", withPassword(password), "--node", "copied"];
    expect(await run("hydra db copy", to, {})).toBe(0);
    // a wrong password: refused, saying why, naming neither
    const wrong = `pw/${randomBytes(12).toString("hex")}@y`;
    expect(
      await run("hydra status (wrong password)", ["status"], { HYDRA_DB_URL: withPassword(wrong) }),
    ).toBe(2);
    const refused = outputs.at(-1)![1].output();
    expect(refused).toMatch(
      /hydra: PostgreSQL \(postgresql:\/\/hydra_pw:\*\*\*@localhost\/.*password authentication failed/,
    );
    expect(refused).not.toContain(wrong);
    expect(refused).not.toContain(encodeURIComponent(wrong));
    // it logged in: the node's rows are there
    const pg = new PgSyncClient(cluster.url(dbName));
    const tables: string[] = [];
    try {
      expect(
        pg.query("SELECT COUNT(*)::int AS n FROM hydra_trades WHERE node_id = 'secretive'").rows[0]!.n,
      ).toBeGreaterThan(0);
      // every row of every table, as text
      for (const r of pg.query<{ t: string }>(
        "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public'",
      ).rows)
        tables.push(`${r.t}: ${JSON.stringify(pg.query(`SELECT * FROM ${r.t}`).rows)}`);
    } finally {
      pg.close();
    }
    const needles = [password, encodeURIComponent(password)];
    const places: Array<[string, string]> = [
      ...outputs.map(([what, p]): [string, string] => [`output of ${what}`, p.output()]),
      ...filesUnder(path.dirname(file)).map((f): [string, string] => [
        `file ${path.basename(f)}`,
        readFileSync(f).toString("latin1"),
      ]),
      ...tables.map((t): [string, string] => [`table ${t.split(":")[0]}`, t]),
    ];
    const found = places.flatMap(([where, text]) => needles.filter((n) => text.includes(n)).map(() => where));
    console.log(
      `a password in HYDRA_DB_URL: searched in ${places.length} places (${outputs.length} outputs)`,
    );
    expect(places.some(([w]) => w.startsWith("file ") && w.endsWith(".db"))).toBe(true);
    expect(found).toEqual([]);
  });
});

function filesUnder(root: string): string[] {
  return readdirSync(root).flatMap((f) => {
    const p = path.join(root, f);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}
