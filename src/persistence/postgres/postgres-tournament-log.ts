import { toIsoUtc } from "../../core/time.js";
import type { EngineSpend } from "../../hydra/mother/hydra-journal.js";
import type { DeskMark } from "../../hydra/tournament/daily-series.js";
import type { EngineAsk } from "../../hydra/tournament/engine-ask.js";
import { askOf, type MarkRow, markOf } from "../hydra-journal-rows.js";
import { utcDayBounds } from "../llm-spend.js";
import type { PgSyncClient } from "./pg-sync-client.js";

/**
 * One node's asks, marks and LLM spend in PostgreSQL (hydra_asks, hydra_marks, hydra_decisions of
 * migration 2): the SQL of sqlite-tournament-log.ts and llm-spend.ts with the node's rows only, text
 * compared and sorted byte by byte (COLLATE "C") as SQLite does, whatever the database's locale.
 */

/**
 * Every ask up to `untilMarketMs` (market time), oldest first; a run recorded before hydra_asks gives
 * its asks from its decision records (see readAsks of sqlite-tournament-log.ts).
 */
export function pgReadAsks(client: PgSyncClient, nodeId: string, untilMarketMs: number): EngineAsk[] {
  const until = Number.isFinite(untilMarketMs) ? toIsoUtc(untilMarketMs) : "9999";
  const rows = client.query<Record<string, string | number | null>>(
    `SELECT cycle, market_time COLLATE "C" AS market_time, engine, cause COLLATE "C" AS cause, decisions,
            input_tokens, output_tokens, cost_usd, latency_ms, run_id, id
     FROM hydra_asks WHERE node_id = $1 AND market_time COLLATE "C" <= $2
     UNION ALL
     SELECT cycle, MIN(market_time COLLATE "C"), engine, MAX(cause COLLATE "C"),
            SUM(CASE WHEN decision IS NOT NULL THEN 1 ELSE 0 END), MAX(input_tokens), MAX(output_tokens),
            MAX(cost_usd), MAX(latency_ms), run_id, MIN(id)
     FROM hydra_decisions
     WHERE node_id = $1 AND engine <> 'consensus' AND market_time COLLATE "C" <= $2
       AND run_id NOT IN (SELECT DISTINCT run_id FROM hydra_asks WHERE node_id = $1)
     GROUP BY run_id, cycle, engine
     ORDER BY 2, 10, 11`,
    [nodeId, until],
  ).rows;
  return rows.map(askOf);
}

/** Each desk's start and day marks, by desk, start first, then by day. */
export function pgReadMarks(client: PgSyncClient, nodeId: string): DeskMark[] {
  return client
    .query<MarkRow>(
      `SELECT desk, point, day, market_time, equity, prices FROM hydra_marks WHERE node_id = $1
       ORDER BY desk COLLATE "C", point COLLATE "C" DESC, day COLLATE "C"`,
      [nodeId],
    )
    .rows.map(markOf);
}

/** Each engine's LLM spend on the UTC day of `wallMs` (wall time): see sqliteSpentToday. */
export function pgSpentToday(client: PgSyncClient, nodeId: string, wallMs: number): EngineSpend[] {
  const [from, to] = utcDayBounds(wallMs);
  return client.query<EngineSpend>(
    `SELECT engine, SUM(tokens) AS tokens, SUM(usd) AS usd FROM (
       SELECT engine, input_tokens + output_tokens AS tokens, cost_usd AS usd, recorded_wall FROM hydra_asks
       WHERE node_id = $1
       UNION ALL
       SELECT engine, MAX(input_tokens + output_tokens), MAX(cost_usd), MIN(recorded_wall COLLATE "C")
       FROM hydra_decisions
       WHERE node_id = $1 AND run_id NOT IN (SELECT DISTINCT run_id FROM hydra_asks WHERE node_id = $1)
       GROUP BY run_id, cycle, engine) spend
     WHERE recorded_wall COLLATE "C" >= $2 AND recorded_wall COLLATE "C" < $3 AND usd > 0
     GROUP BY engine ORDER BY engine COLLATE "C"`,
    [nodeId, from, to],
  ).rows;
}
