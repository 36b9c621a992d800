import { appendFileSync } from "node:fs";
import { createRequire } from "node:module";
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from "node:worker_threads";
import type { QueryResult } from "pg";
import { HydraError } from "../../core/errors.js";
import { redactDbUrl } from "./db-url.js";
import type { PgSpool, SpooledWrite } from "./pg-spool.js";

/** What a statement returned: its rows (BIGINT and NUMERIC read as numbers) and how many rows it touched. */
export interface PgResult<Row> {
  rows: Row[];
  rowCount: number;
}

type Reply =
  | { ok: true; rows: QueryResult["rows"]; rowCount: number }
  | { ok: false; message: string; code: string | undefined };

/**
 * The worker: one pg.Client. The first connection is waited for (a wrong address fails at once); a lost
 * one is dropped and reconnected in the background, while statements fail at once ("reconnecting"), so
 * that a database that went away never holds the caller for a connection timeout at every statement.
 * A connection-level failure (not an error the server reported) drops the connection. Plain JavaScript
 * evaluated in the worker, so the same code runs from src/ (vitest) and dist/.
 */
const WORKER = `
const { workerData } = require("node:worker_threads");
const pg = require(workerData.pgPath);
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));
const { port, flag, url, timeoutMs } = workerData;
const RETRY_MS = 1000;
let client;
let connecting = false;
let connectedOnce = false;
let lastFailure = "";
let cooling = false;
function open() {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs, keepAlive: true });
  const lost = () => { if (client === c) client = undefined; };
  c.on("error", lost);
  c.on("end", lost);
  return c.connect().then(() => { client = c; connectedOnce = true; }, (e) => {
    lastFailure = e instanceof Error ? e.message : String(e);
    cooling = true;
    setTimeout(() => { cooling = false; }, RETRY_MS);
    c.end().catch(() => {});
    throw e;
  });
}
function reconnect() {
  if (connecting || cooling) return;
  connecting = true;
  open().catch(() => {}).finally(() => { connecting = false; });
}
function drop() {
  const c = client;
  client = undefined;
  if (c !== undefined) c.end().catch(() => {});
}
port.on("message", async (m) => {
  let reply;
  try {
    if (m.end) { drop(); reply = { ok: true, rows: [], rowCount: 0 }; }
    else {
      if (client === undefined && !connectedOnce) await open();
      if (client === undefined) {
        reconnect();
        const e = new Error("the connection was lost; reconnecting" + (lastFailure === "" ? "" : " (last attempt: " + lastFailure + ")"));
        e.code = "HYDRA_RECONNECTING";
        throw e;
      }
      const r = await client.query(m.sql, m.params);
      reply = { ok: true, rows: r.rows ?? [], rowCount: r.rowCount ?? 0 };
    }
  } catch (e) {
    if (!(e instanceof pg.DatabaseError) && connectedOnce && e.code !== "HYDRA_RECONNECTING") { lastFailure = e instanceof Error ? e.message : String(e); drop(); }
    reply = { ok: false, message: e instanceof Error ? e.message : String(e), code: e && typeof e.code === "string" ? e.code : undefined };
  }
  port.postMessage(reply);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});
`;

const pgPath = createRequire(import.meta.url).resolve("pg");

/**
 * A synchronous PostgreSQL connection: each statement runs on a pg.Client in a worker thread while this
 * thread waits for its answer (Atomics.wait), the way better-sqlite3 waits for the disk. The stores keep
 * their synchronous interfaces, so every backend passes the same contract suites; the price is that a
 * statement blocks the event loop for its round trip (well under a millisecond on a local socket, the
 * network's round trip on another host), bounded by `timeoutMs` after which it fails as STORAGE.
 */
export class PgSyncClient {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly flag = new Int32Array(new SharedArrayBuffer(4));
  private closed = false;
  private inTransaction = false;
  private spool: PgSpool | undefined;
  private say: (line: string) => void = () => {};

  /** Opens the connection (checked at once: a wrong address fails here, naming it without its password). */
  constructor(
    readonly url: string,
    private readonly timeoutMs = 5000,
  ) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(WORKER, {
      eval: true,
      workerData: { port: port2, flag: this.flag, url, timeoutMs, pgPath },
      transferList: [port2],
    });
    this.worker.unref();
    try {
      this.query("SELECT 1");
    } catch (e) {
      this.close();
      throw e;
    }
  }

  /**
   * Runs one statement ($1, $2… placeholders) and returns its rows; a failure is a STORAGE error. With
   * writes waiting in the spool, they are applied first (a read sees every write made before it); while
   * they cannot be, the read fails as STORAGE.
   */
  query<Row = Record<string, unknown>>(sql: string, params: unknown[] = []): PgResult<Row> {
    if (!this.inTransaction && !this.drain())
      throw new HydraError(
        "STORAGE",
        `PostgreSQL (${redactDbUrl(this.url)}): ${this.waiting} write(s) still wait for the database`,
        { db: redactDbUrl(this.url) },
      );
    return this.run<Row>(sql, params);
  }

  private run<Row>(sql: string, params: unknown[] = []): PgResult<Row> {
    if (this.closed)
      throw new HydraError("STORAGE", `PostgreSQL (${redactDbUrl(this.url)}): the connection is closed`);
    const reply = this.call({ sql, params });
    if (!reply.ok)
      throw new HydraError("STORAGE", `PostgreSQL (${redactDbUrl(this.url)}): ${reply.message}`, {
        db: redactDbUrl(this.url),
        sqlState: reply.code,
      });
    return { rows: reply.rows as Row[], rowCount: reply.rowCount };
  }

  /**
   * Keeps the writes the database cannot take (connection lost, server going down) in `spool`, in order,
   * and applies them once it answers again, before anything else; `say` tells the node (kept, applied,
   * refused). Without a spool such a write fails as STORAGE.
   */
  useSpool(spool: PgSpool, say: (line: string) => void): void {
    this.spool = spool;
    this.say = say;
  }

  /** writes waiting in the spool for the database */
  get waiting(): number {
    return this.spool?.size ?? 0;
  }

  /**
   * A statement whose rows are not needed (INSERT, UPDATE, DELETE): the stores write through this, so
   * that a write the database cannot take now is kept in the spool (when there is one) and applied later,
   * in order. Writes are idempotent by design (keys chosen by the store), so one applied just before its
   * connection broke, then again from the spool, is refused as a duplicate and skipped.
   */
  write(sql: string, params: unknown[] = []): void {
    this.submit([[sql, params]]);
  }

  /** Statements applied together or not at all (one transaction), like `write`. */
  writeAll(statements: ReadonlyArray<readonly [string, unknown[]]>): void {
    this.submit(statements);
  }

  /** Applies what the spool holds, oldest first; true when it is empty (or there is none). */
  drain(): boolean {
    const spool = this.spool;
    if (spool === undefined || spool.size === 0) return true;
    let applied = 0;
    let skipped = 0;
    try {
      for (let w = spool.peek(); w !== undefined; w = spool.peek()) {
        try {
          this.apply(w);
          applied++;
        } catch (e) {
          if (connectionFailure(e)) return false;
          if (sqlStateOf(e) === "23505")
            skipped++; // in before its connection broke: applied once already
          else {
            this.refused(w, e);
            skipped++;
          }
        }
        spool.shift();
      }
      return true;
    } finally {
      if (applied + skipped > 0) {
        spool.settle();
        this.say(
          `PostgreSQL: ${applied} kept write(s) applied${skipped > 0 ? `, ${skipped} already in` : ""}${spool.size > 0 ? `, ${spool.size} still waiting` : " (spool empty)"}`,
        );
      }
    }
  }

  private submit(w: SpooledWrite): void {
    if (this.closed)
      throw new HydraError("STORAGE", `PostgreSQL (${redactDbUrl(this.url)}): the connection is closed`);
    const spool = this.spool;
    if (spool !== undefined && !this.drain()) {
      spool.push(w);
      return;
    }
    try {
      this.apply(w);
    } catch (e) {
      if (spool === undefined || this.inTransaction || !connectionFailure(e)) throw e;
      spool.push(w);
      this.say(
        `PostgreSQL: a write was not taken (${(e as Error).message}); kept in ${spool.file} until the database answers (${spool.size} waiting)`,
      );
    }
  }

  private apply(w: SpooledWrite): void {
    if (w.length === 1) this.run(w[0]![0], w[0]![1]);
    else
      this.transaction(() => {
        for (const [sql, params] of w) this.run(sql, params);
      });
  }

  /** a write the database refuses for good (not a lost connection): set aside beside the spool, said */
  private refused(w: SpooledWrite, e: unknown): void {
    const file = `${this.spool!.file}.refused`;
    try {
      appendFileSync(file, `${JSON.stringify({ error: (e as Error).message, write: w })}\n`, { mode: 0o600 });
    } catch {
      // the line below still says it
    }
    this.say(`PostgreSQL refused a kept write (${(e as Error).message}); set aside in ${file}`);
  }

  /** Runs `f` inside BEGIN … COMMIT (ROLLBACK when it throws). */
  transaction<T>(f: () => T): T {
    this.run("BEGIN");
    this.inTransaction = true;
    try {
      const r = f();
      this.run("COMMIT");
      return r;
    } catch (e) {
      try {
        this.run("ROLLBACK");
      } catch {
        // the connection is gone: the server rolled back already
      }
      throw e;
    } finally {
      this.inTransaction = false;
    }
  }

  /** Ends the connection and the worker; idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.call({ end: true });
    } catch {
      // closing a broken connection: nothing left to release but the worker
    }
    this.port.close();
    void this.worker.terminate();
  }

  private call(message: object): Reply {
    Atomics.store(this.flag, 0, 0);
    this.port.postMessage(message);
    // the worker's own timeouts answer first; this one only catches a worker that died or hung
    const waited = Atomics.wait(this.flag, 0, 0, this.timeoutMs * 2 + 1000);
    const got = receiveMessageOnPort(this.port);
    if (waited === "timed-out" || got === undefined) {
      this.closed = true;
      void this.worker.terminate();
      throw new HydraError(
        "STORAGE",
        `PostgreSQL (${redactDbUrl(this.url)}): no answer in ${this.timeoutMs * 2 + 1000} ms`,
        { db: redactDbUrl(this.url) },
      );
    }
    return got.message as Reply;
  }
}

function sqlStateOf(e: unknown): string | undefined {
  const d = (e as { details?: { sqlState?: unknown } }).details;
  return typeof d?.sqlState === "string" ? d.sqlState : undefined;
}

/**
 * A failure of the connection rather than of the statement: lost or refused, timed out, the server
 * shutting down (SQLSTATE classes 08, 57P, 53): what a later attempt may get through.
 */
export function connectionFailure(e: unknown): boolean {
  const code = sqlStateOf(e);
  if (code === undefined || !/^[0-9A-Z]{5}$/.test(code)) return true;
  // 08P01, a protocol violation, is a statement the server cannot parse: no retry gets it through
  return (code.startsWith("08") && code !== "08P01") || code.startsWith("57P") || code.startsWith("53");
}
