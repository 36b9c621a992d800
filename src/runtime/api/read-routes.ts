import type { z } from "zod";
import type { NodeView } from "./node-view.js";
import { type PageQuery, pageSchema } from "./paging.js";
import { BotsSchema, ChallengeSchema, DecisionSchema, LeaderboardSchema } from "./program-schemas.js";
import { HealthSchema, StatusSchema } from "./status-schemas.js";
import {
  AccountSchema,
  DaysSchema,
  EquitySchema,
  OrdersSchema,
  PositionsSchema,
  TradeSchema,
} from "./trading-schemas.js";

/** A GET route: its path under /api/v1, what it answers (for the OpenAPI document) and how it asks the view. */
export interface ReadRoute {
  path: string;
  name: string;
  summary: string;
  response: z.ZodType;
  /** takes ?page=&pageSize= */
  paged: boolean;
  read(view: NodeView, page: PageQuery): unknown;
}

const route = (
  path: string,
  name: string,
  summary: string,
  response: z.ZodType,
  read: (view: NodeView, page: PageQuery) => unknown,
  paged = false,
): ReadRoute => ({ path, name, summary, response, read, paged });

export const READ_ROUTES: readonly ReadRoute[] = [
  route("/health", "Health", "Last loop and last tick per feed, wall and market time", HealthSchema, (v) =>
    v.health(),
  ),
  route("/status", "Status", "Mode, uptime, trading states, kill switch, feeds, bridge", StatusSchema, (v) =>
    v.status(),
  ),
  route("/account", "Account", "Balance, equity, margin", AccountSchema, (v) => v.account()),
  route("/positions", "Positions", "Open positions", PositionsSchema, (v) => v.positions()),
  route("/orders", "Orders", "Working orders", OrdersSchema, (v) => v.orders()),
  route(
    "/trades",
    "TradesPage",
    "Closed trades, newest first, paged",
    pageSchema(TradeSchema),
    (v, q) => v.trades(q),
    true,
  ),
  route("/days", "Days", "Daily P&L", DaysSchema, (v) => v.days()),
  route("/challenge", "Challenge", "The prop-firm challenge (null without a program)", ChallengeSchema, (v) =>
    v.challenge(),
  ),
  route("/bots", "Bots", "Bots and engines with their state", BotsSchema, (v) => v.bots()),
  route("/leaderboard", "Leaderboard", "Bots and engines ranked", LeaderboardSchema, (v) => v.leaderboard()),
  route(
    "/decisions",
    "DecisionsPage",
    "The engines' decisions, newest first, paged",
    pageSchema(DecisionSchema),
    (v, q) => v.decisions(q),
    true,
  ),
  route("/equity", "Equity", "Balance and equity over time, for charts", EquitySchema, (v) => v.equity()),
];
