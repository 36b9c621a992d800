import { HydraError } from "../core/errors.js";
import { toIsoUtc } from "../core/time.js";
import type { SavedHydraRun } from "../hydra/orchestrator/hydra-state.js";
import type { HydraStateStoreHandle } from "./hydra-journal-store.js";
import { guarded, openSqlite, type SqliteDatabase } from "./sqlite-database.js";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS hydra_runs (
  run_id INTEGER PRIMARY KEY AUTOINCREMENT, started_wall TEXT NOT NULL, saved_wall TEXT
);
CREATE TABLE IF NOT EXISTS hydra_state (
  id INTEGER PRIMARY KEY CHECK (id = 1), run_id INTEGER NOT NULL, saved_wall TEXT NOT NULL,
  last_market_time TEXT NOT NULL, cycles INTEGER NOT NULL, state TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS hydra_lessons (
  engine TEXT NOT NULL, version TEXT NOT NULL, text TEXT NOT NULL, sample INTEGER NOT NULL, position INTEGER NOT NULL,
  run_id INTEGER NOT NULL, saved_wall TEXT NOT NULL, PRIMARY KEY (engine, version)
);
`;

/**
 * The HYDRA tournament's state in the --db database: hydra_runs (one row per run), hydra_state (the latest
 * state as JSON: desks, standings' inputs, evolution, cycles, LLM spend, the market's seed and origin) and
 * hydra_lessons (each engine's current lessons, readable with SQL).
 */
export class SqliteHydraState implements HydraStateStoreHandle {
  private constructor(
    readonly db: SqliteDatabase,
    private readonly file: string,
  ) {
    this.guard(() => db.exec(SCHEMA));
  }

  static open(file: string): SqliteHydraState {
    return new SqliteHydraState(openSqlite(file), file);
  }

  load(): SavedHydraRun | null {
    const row = this.guard(() => this.db.prepare("SELECT state FROM hydra_state WHERE id = 1").get()) as
      | { state: string }
      | undefined;
    if (row === undefined) return null;
    let saved: SavedHydraRun;
    try {
      saved = JSON.parse(row.state) as SavedHydraRun;
    } catch (e) {
      throw new HydraError(
        "STORAGE",
        `hydra_state in ${this.file} is not valid JSON`,
        { file: this.file },
        e,
      );
    }
    if (saved.state?.version !== 1)
      throw new HydraError(
        "STORAGE",
        `hydra_state in ${this.file} has version ${String(saved.state?.version)}; this HYDRA reads version 1 — use another --db`,
        { file: this.file },
      );
    return saved;
  }

  beginRun(startedWallMs: number): number {
    const r = this.guard(() =>
      this.db.prepare("INSERT INTO hydra_runs (started_wall) VALUES (?)").run(toIsoUtc(startedWallMs)),
    );
    return Number(r.lastInsertRowid);
  }

  save(run: SavedHydraRun): void {
    const wall = toIsoUtc(run.savedWallMs);
    const tx = () => {
      this.db
        .prepare(
          `INSERT OR REPLACE INTO hydra_state (id, run_id, saved_wall, last_market_time, cycles, state) VALUES (1,?,?,?,?,?)`,
        )
        .run(run.runId, wall, toIsoUtc(run.state.lastMarketMs), run.state.cycles, JSON.stringify(run));
      this.db.prepare("UPDATE hydra_runs SET saved_wall = ? WHERE run_id = ?").run(wall, run.runId);
      this.db.prepare("DELETE FROM hydra_lessons").run();
      const ins = this.db.prepare(
        "INSERT OR REPLACE INTO hydra_lessons (engine, version, text, sample, position, run_id, saved_wall) VALUES (?,?,?,?,?,?,?)",
      );
      for (const [i, l] of run.state.lessons.entries())
        ins.run(l.engineId, l.version, l.text, l.sample, i, run.runId, wall);
    };
    this.guard(() => this.db.transaction(tx)());
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private guard<T>(f: () => T): T {
    return guarded("hydra state", this.file, f);
  }
}
