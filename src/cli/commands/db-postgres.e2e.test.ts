import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
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
const tgs: FakeTelegram[] = [];
afterEach(async () => {
  for (const p of procs) await p.stop("SIGKILL");
  procs = [];
  for (const t of tgs.splice(0)) await t.close();
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

/** the tables a SQLite file holds */
function tables(file: string): string[] {
  const d = new Database(file, { readonly: true });
  try {
    return (
      d.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>
    ).map((r) => r.name);
  } finally {
    d.close();
  }
}

function count(file: string, table: string): number {
  const d = new Database(file, { readonly: true });
  try {
    return (d.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    d.close();
  }
}

/** a node's rows of `table` in PostgreSQL */
function pgCount(url: string, table: string, nodeId: string): number {
  const pg = new PgSyncClient(url);
  try {
    return pg.query<{ n: number }>(`SELECT COUNT(*)::int AS n FROM ${table} WHERE node_id = $1`, [nodeId])
      .rows[0]!.n;
  } finally {
    pg.close();
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
    // a closed trade before the switch (a few seconds at this speed), written to PostgreSQL at once
    await until(
      () =>
        pgCount(env.HYDRA_DB_URL, "hydra_trades", "node-a") +
          pgCount(env.HYDRA_DB_URL, "hydra_trades", "node-b") >
        0,
    );
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
    // the nodes wrote their journals to PostgreSQL, each row under its node id; their files hold none
    const tradesOf = (n: string): number => pgCount(env.HYDRA_DB_URL, "hydra_trades", n);
    expect(pgCount(env.HYDRA_DB_URL, "hydra_decisions", "node-a")).toBeGreaterThan(0);
    expect(pgCount(env.HYDRA_DB_URL, "hydra_decisions", "node-b")).toBeGreaterThan(0);
    for (const f of files) expect(tables(f)).not.toContain("hydra_trades");
    // hydra stats reads both nodes' journals
    const trades = await done(hydra(["stats", "trades", "--json", "--limit", "100000"], env));
    expect(trades.code).toBe(0);
    expect((JSON.parse(trades.out) as unknown[]).length).toBe(tradesOf("node-a") + tradesOf("node-b"));
    const engines = await done(hydra(["stats", "engines"], env));
    expect(engines.out).toMatch(/^engine\s+trades\s+wins\s+winRatePct\s+avgPnlPercent\s+totalPnl\n/);
    // hydra stats leaderboard: each node's table from PostgreSQL is the one a SQLite file of the same
    // records gives (hydra db copy --from postgres://… --to sqlite:NEW --node ID writes that file)
    const board = async (args: string[], e: Record<string, string>): Promise<string> => {
      const p = await done(hydra(["stats", "leaderboard", ...args], e));
      expect(p.code).toBe(0);
      return p.stdout;
    };
    const restored = [tmpDb(), tmpDb()];
    for (const [i, n] of ["node-a", "node-b"].entries()) {
      const back = await done(
        hydra(["db", "copy", "--from", env.HYDRA_DB_URL, "--to", `sqlite:${restored[i]}`, "--node", n], {}),
      );
      expect(back.code).toBe(0);
      expect(count(restored[i]!, "hydra_trades")).toBe(tradesOf(n));
    }
    const fromFile = await board(["--db", restored[0]!], {});
    expect(fromFile).toMatch(/^#\s+engine\s+trades/);
    expect(await board(["--node", "node-a"], env)).toBe(fromFile);
    const all = await board([], env);
    expect(all).toContain(`node node-a:\n${fromFile}`);
    expect(all).toContain(`node node-b:\n${await board(["--db", restored[1]!], {})}`);
    const boardJson = JSON.parse(await board(["--json"], env)) as Array<{ node: string; engine: string }>;
    expect([...new Set(boardJson.map((r) => r.node))]).toEqual(["node-a", "node-b"]);
    const unknown = await done(hydra(["stats", "leaderboard", "--node", "node-z"], env));
    expect(unknown.code).toBe(2);
    expect(unknown.out).toMatch(/--node node-z has no standing in the database \(nodes: node-a, node-b\)/);
    // hydra db copy: a SQLite journal into another PostgreSQL database, and again (nothing new)
    const to = testCluster().newDatabase();
    const copy = ["db", "copy", "--from", `sqlite:${restored[0]}`, "--to", to, "--node", "moved", "--json"];
    const first = await done(hydra(copy, {}));
    expect(first.code).toBe(0);
    const copied = (JSON.parse(first.out) as { copied: Record<string, number> }).copied;
    expect(copied.hydra_trades).toBe(tradesOf("node-a"));
    expect(copied.hydra_decisions).toBe(pgCount(env.HYDRA_DB_URL, "hydra_decisions", "node-a"));
    const again = await done(hydra(copy, {}));
    expect((JSON.parse(again.out) as { copied: Record<string, number> }).copied).toMatchObject({
      hydra_trades: 0,
      hydra_decisions: 0,
    });
  });

  it("a node that loses the database halts with a clear message, keeps what it writes in its spool, and trades again once it is back; killed meanwhile, its next start applies the spool", async () => {
    const cluster = testCluster();
    const url = cluster.newDatabase();
    const dbName = new URL(url).pathname.slice(1);
    // its alerts go to a local Bot API: the one raised while the database is away too
    const tg = await FakeTelegram.start();
    tgs.push(tg);
    const env = {
      HYDRA_DB_URL: url,
      HYDRA_NODE_ID: "lonely",
      TELEGRAM_TOKEN: tg.token,
      TELEGRAM_CHAT_ID: "4242",
      TELEGRAM_API_URL: tg.url,
    };
    const db = tmpDb();
    const spool = `${db}.pg-spool`;
    // the database goes away: it refuses connections and the node's are cut
    const away = (): void => cluster.refuse(dbName);
    const node = hydra([...RUN, "--db", db], env);
    await node.waitFor(/cycle \d+: [1-9]\d* order\(s\)/, 60_000);
    const sentBefore = tg.sent.length;
    away();
    const lostWall = Date.now();
    await node.waitFor(
      /kill switch: PostgreSQL \(.*\): .*\(trading halted until the database answers again\)/,
      5_000,
    );
    await node.waitFor(/kill switch on \(its store cannot be read: PostgreSQL .*\): trading halted/, 5_000);
    // the alert saying so cannot go to PostgreSQL: it is kept in the node's own file and sent from there
    const told = await tg.waitFor(
      () =>
        tg.sent.slice(sentBefore).find((m) => /kill.switch/i.test(m.text) && /cannot be read/.test(m.text)),
      15_000,
      "alert of the lost database",
    );
    // the cycles go on, halted, and what they journal is kept in the spool beside the node's file
    await node.waitFor(
      /PostgreSQL: a write was not taken \(.*\); kept in .*\.pg-spool until the database answers/,
      10_000,
    );
    const cycle = Math.max(...[...node.output().matchAll(/cycle (\d+):/g)].map((m) => Number(m[1])));
    await node.waitFor(new RegExp(`cycle ${cycle + 20}:`), 30_000);
    cluster.accept(dbName);
    const backWall = Date.now();
    await node.waitFor(
      /kill switch: the database answers again \(trading resumes unless the switch is on\)/,
      10_000,
    );
    await node.waitFor(/PostgreSQL: \d+ kept write\(s\) applied.*\(spool empty\)/, 10_000);
    // trading again: the registry shows it polling, not halted
    await registryUntil(env, (l) => l.processes.some((p) => p.node === "lonely" && p.alive && !p.halted));
    // lost again, and killed while it is: the spool is on disk
    away();
    await node.waitFor(
      /kept in .*\.pg-spool until the database answers \(\d+ waiting\)[\s\S]*kept in .*\.pg-spool/,
      10_000,
    );
    const cycleAtKill = Math.max(...[...node.output().matchAll(/cycle (\d+):/g)].map((m) => Number(m[1])));
    await node.stop("SIGKILL");
    expect(readFileSync(spool, "utf8").split("\n").length).toBeGreaterThan(2);
    cluster.accept(dbName);
    const again = hydra([...RUN, "--db", db], env);
    // the next start applies the spool before anything else, then resumes from what it holds
    await again.waitFor(/PostgreSQL: \d+ kept write\(s\) applied.*\(spool empty\)/, 30_000);
    await again.waitFor(/resumed run 1: \d+ cycles/, 30_000);
    expect(existsSync(spool)).toBe(false);
    await again.waitFor(new RegExp(`cycle ${cycleAtKill + 5}:`), 60_000);
    expect(await again.stop("SIGINT")).toBe(0);
    for (const p of [node, again]) expect(p.output()).not.toMatch(/Error: |\n\s+at /);
    // the node's file holds the alerts raised while the database was away, each sent
    const local = await done(hydra(["alerts", "--json", "--db", db], {}));
    const kept = JSON.parse(local.stdout) as AlertRow[];
    expect(kept.length).toBeGreaterThan(0);
    expect(told.text).toMatch(/PostgreSQL/);
    expect(
      kept.some((a) => a.event === "kill-switch-on" && /cannot be read/.test(String(a.facts.reason))),
    ).toBe(true);
    expect(kept.every((a) => a.deliveries.every((d) => d.state === "sent"))).toBe(true);
    const pg = new PgSyncClient(url);
    try {
      const iso = (ms: number): string => new Date(ms).toISOString();
      const decisions = (from: number, to: number, sent: boolean): number =>
        pg.query<{ n: number }>(
          `SELECT COUNT(*)::int AS n FROM hydra_decisions WHERE node_id = 'lonely' AND recorded_wall > $1 AND recorded_wall < $2${sent ? " AND outcome IN ('sent', 'vote:sent')" : ""}`,
          [iso(from), iso(to)],
        ).rows[0]!.n;
      // orders before the loss are kept; none went out while it was lost (a second after, as polls are 500 ms)
      expect(decisions(0, lostWall, true)).toBeGreaterThan(0);
      expect(decisions(lostWall + 1000, backWall, true)).toBe(0);
      // what the halted cycles journalled during the outage reached the database from the spool
      expect(decisions(lostWall + 1000, backWall, false)).toBeGreaterThan(0);
      // nothing twice: no decision of a run's cycle and engine recorded again
      const twice = pg.query(
        `SELECT run_id, cycle, engine, COUNT(*) FROM hydra_decisions WHERE node_id = 'lonely'
         GROUP BY run_id, cycle, engine, prompt_hash, decision, cause, detail, outcome HAVING COUNT(*) > 1`,
      ).rows;
      expect(twice).toEqual([]);
    } finally {
      pg.close();
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
      // the outbox is PostgreSQL's: the node's own file keeps only alerts raised while it was away (none)
      const local = await done(hydra(["alerts", "--json", "--db", file], {}));
      expect(JSON.parse(local.stdout)).toEqual([]);
      const after = await onPg();
      expect(after.every((a) => a.nodeId === "demo")).toBe(true);
      expect(after.map((a) => a.event)).toEqual(expect.arrayContaining(["node-started", "kill-switch-on"]));
      // both halves wrote their journals there, under the node's id; the file holds none of them
      const rows = (t: string): number => pgCount(env.HYDRA_DB_URL, t, "demo");
      // HYDRA: every engine asked each cycle, the state saved; FTMO: its run, day, rules and checkpoint
      expect(rows("hydra_asks")).toBeGreaterThan(0);
      expect([rows("hydra_state"), rows("node_runs"), rows("rule_state"), rows("ftmo_checkpoints")]).toEqual([
        1, 1, 1, 1,
      ]);
      expect(rows("daily_stats")).toBeGreaterThan(0);
      for (const t of ["hydra_asks", "hydra_state", "daily_stats", "rule_state"])
        expect(tables(file)).not.toContain(t);
      expect(existsSync(`${file}.ftmo-checkpoint.json`)).toBe(false);
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
  it("resumes its run from PostgreSQL on another host (same HYDRA_NODE_ID, a new --db); leaves it with hydra db copy --from postgres://… --to sqlite:NEW --node ID", async () => {
    const env = { HYDRA_DB_URL: testCluster().newDatabase(), HYDRA_NODE_ID: "mover" };
    const here = tmpDb();
    const first = hydra([...FAST, "--db", here], env);
    await first.waitFor(/cycle \d+: [1-9]\d* order\(s\)/, 60_000);
    await until(() => pgCount(env.HYDRA_DB_URL, "hydra_trades", "mover") > 0);
    expect(await first.stop("SIGINT")).toBe(0);
    const cycles = Number(/stopped after (\d+) cycle\(s\)/.exec(first.output())?.[1]);
    expect(cycles).toBeGreaterThan(0);
    expect(first.output()).toMatch(/state saved in postgresql:\/\/.* \(run 1\)/);
    // "another host": nothing of the node's on it but the database's address and the node's id
    const there = tmpDb();
    const second = hydra([...FAST, "--db", there], env);
    await second.waitFor(new RegExp(`resumed run 1: ${cycles} cycles`), 30_000);
    await second.waitFor(new RegExp(`cycle ${cycles + 5}: `), 60_000);
    expect(await second.stop("SIGINT")).toBe(0);
    const cycles2 = Number(/\((\d+) in all\)/.exec(second.output())?.[1]);
    expect(cycles2).toBeGreaterThan(cycles);
    // leaving PostgreSQL: the node's records into a new SQLite file, and the run goes on there
    const file = tmpDb();
    const noNode = await done(
      hydra(["db", "copy", "--from", env.HYDRA_DB_URL, "--to", `sqlite:${file}`, "--node", "nobody"], {}),
    );
    expect(noNode.code).toBe(2);
    expect(noNode.out).toMatch(/no node "nobody" in the database \(nodes: mover\); name one with --node/);
    const back = await done(
      hydra(
        ["db", "copy", "--from", env.HYDRA_DB_URL, "--to", `sqlite:${file}`, "--node", "mover", "--json"],
        {},
      ),
    );
    expect(back.code).toBe(0);
    const copied = (JSON.parse(back.stdout) as { copied: Record<string, number> }).copied;
    expect(copied).toMatchObject({
      hydra_state: 1,
      hydra_runs: 2,
      hydra_trades: pgCount(env.HYDRA_DB_URL, "hydra_trades", "mover"),
    });
    const again = await done(
      hydra(["db", "copy", "--from", env.HYDRA_DB_URL, "--to", `sqlite:${file}`, "--node", "mover"], {}),
    );
    expect(again.code).toBe(2);
    expect(again.out).toMatch(/exists; the node's copy is written into a new file/);
    const board = (args: string[], e: Record<string, string>) =>
      done(hydra(["stats", "leaderboard", ...args], e));
    expect((await board(["--node", "mover"], env)).stdout).toBe((await board(["--db", file], {})).stdout);
    const third = hydra([...FAST, "--db", file], {});
    await third.waitFor(new RegExp(`resumed run 2: ${cycles2} cycles`), 30_000);
    await third.waitFor(new RegExp(`cycle ${cycles2 + 3}: `), 60_000);
    expect(await third.stop("SIGINT")).toBe(0);
    expect(third.output()).toMatch(/state saved in .*hydra\.db \(run 3\)/);
  });
});

describe.skipIf(!BUILT || PG_SKIP_REASON !== undefined)("an FTMO node moved onto PostgreSQL and back", () => {
  it("hydra db copy carries its journal, run numbers and checkpoint: on PostgreSQL it resumes its challenge, and again on a new SQLite file", async () => {
    const url = testCluster().newDatabase();
    const FTMO = ["ftmo", "--speed", "120", "--start", "2024-03-12T12:00:00Z"];
    const resumed =
      /resumed run R(\d+) from its checkpoint of .* \(wall\), market .*: balance ([\d.]+), (\d+) position\(s\), challenge (\w+)/;
    // on SQLite, as before: it trades, then stops (its checkpoint and journal in and beside its file)
    const file = tmpDb();
    const first = hydra([...FTMO, "--db", file], {});
    await first.waitFor(/\(market\) fill (buy|sell)/, 90_000);
    expect(await first.stop("SIGINT")).toBe(0);
    const orders = count(file, "orders");
    expect(orders).toBeGreaterThan(0);
    // onto PostgreSQL
    const copy = await done(
      hydra(["db", "copy", "--from", `sqlite:${file}`, "--to", url, "--node", "prop-1", "--json"], {}),
    );
    expect(copy.code).toBe(0);
    expect((JSON.parse(copy.stdout) as { copied: Record<string, number> }).copied).toMatchObject({
      orders,
      node_runs: 1,
      rule_state: 1,
      ftmo_checkpoints: 1,
    });
    // another host: only the database and the node's id
    const env = { HYDRA_DB_URL: url, HYDRA_NODE_ID: "prop-1" };
    const second = hydra([...FTMO, "--db", tmpDb()], env);
    const [, run, balance] = (await second.waitFor(resumed, 30_000)).slice(0, 3);
    expect(run).toBe("1");
    // a new order of its own (run 2), once its first position is closed or another bot trades
    await second.waitFor(/fill (buy|sell) .*, R2\.P\d+\)/, 120_000);
    expect(await second.stop("SIGINT")).toBe(0);
    // its orders of run 2 are PostgreSQL's, numbered on from the copied run
    const pg = new PgSyncClient(url);
    try {
      const ids = pg
        .query<{ id: string }>("SELECT id FROM orders WHERE node_id = 'prop-1'")
        .rows.map((r) => r.id);
      expect(ids.filter((id) => id.startsWith("R1.")).length).toBe(orders);
      expect(ids.some((id) => id.startsWith("R2."))).toBe(true);
    } finally {
      pg.close();
    }
    // and back onto a new SQLite file: it resumes run 2's checkpoint
    const back = tmpDb();
    const restore = await done(
      hydra(["db", "copy", "--from", url, "--to", `sqlite:${back}`, "--node", "prop-1", "--json"], {}),
    );
    expect(restore.code).toBe(0);
    expect((JSON.parse(restore.stdout) as { copied: Record<string, number> }).copied).toMatchObject({
      node_runs: 2,
      ftmo_checkpoints: 1,
    });
    const third = hydra([...FTMO, "--db", back], {});
    const again = await third.waitFor(resumed, 30_000);
    expect(again[1]).toBe("2");
    expect(Number(again[2])).not.toBeNaN();
    expect(Number(balance)).toBeGreaterThan(0);
    expect(await third.stop("SIGINT")).toBe(0);
    expect(third.stdout()).toMatch(/"runId":3,/);
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
