import type { EngineSpend } from "../hydra/mother/hydra-journal.js";
import type { RowReader } from "./sqlite-tournament-log.js";

/** The UTC day of `wallMs` as ISO text bounds: [start, end). */
export function utcDayBounds(wallMs: number): [string, string] {
  const start = Math.floor(wallMs / 86_400_000) * 86_400_000;
  return [new Date(start).toISOString(), new Date(start + 86_400_000).toISOString()];
}

/**
 * Each engine's LLM spend on the UTC day of `wallMs` (wall time) in a SQLite journal: every ask once
 * (hydra_asks), and for runs recorded before it, each answer once from its decision records (all of them
 * carry the answer's usage).
 */
export function sqliteSpentToday(db: RowReader, wallMs: number): EngineSpend[] {
  return db
    .prepare(
      `SELECT engine, SUM(tokens) AS tokens, SUM(usd) AS usd FROM (
         SELECT engine, input_tokens + output_tokens AS tokens, cost_usd AS usd, recorded_wall FROM hydra_asks
         UNION ALL
         SELECT engine, MAX(input_tokens + output_tokens), MAX(cost_usd), MIN(recorded_wall) FROM hydra_decisions
         WHERE run_id NOT IN (SELECT DISTINCT run_id FROM hydra_asks) GROUP BY run_id, cycle, engine)
       WHERE recorded_wall >= ? AND recorded_wall < ? AND usd > 0 GROUP BY engine ORDER BY engine`,
    )
    .all(...utcDayBounds(wallMs)) as EngineSpend[];
}
