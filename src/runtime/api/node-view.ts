import type { Page, PageQuery } from "./paging.js";
import type { Bot, Challenge, Decision, LeaderboardEntry } from "./program-schemas.js";
import type { Health, Status } from "./status-schemas.js";
import type { Account, Day, EquityPoint, Order, Position, Trade } from "./trading-schemas.js";

type Answer<T> = T | Promise<T>;

/** What the node shows the API: plain data only; the server knows nothing of kernels or ledgers. */
export interface NodeView {
  health(): Answer<Health>;
  status(): Answer<Status>;
  account(): Answer<Account>;
  positions(): Answer<Position[]>;
  orders(): Answer<Order[]>;
  trades(q: PageQuery): Answer<Page<Trade>>;
  days(): Answer<Day[]>;
  /** null when the node has no prop-firm program */
  challenge(): Answer<Challenge>;
  bots(): Answer<Bot[]>;
  leaderboard(): Answer<LeaderboardEntry[]>;
  decisions(q: PageQuery): Answer<Page<Decision>>;
  equity(): Answer<EquityPoint[]>;
}
