import type { NodeControl } from "./node-control.js";
import type { NodeView } from "./node-view.js";
import type { Page, PageQuery } from "./paging.js";
import { UnknownTargetError } from "./unknown-target-error.js";

export interface ApiNode {
  view: NodeView;
  control: NodeControl;
}

const ALL: PageQuery = { page: 1, pageSize: 500 };
const page = <T>(all: readonly T[], q: PageQuery): Page<T> => ({
  items: all.slice((q.page - 1) * q.pageSize, q.page * q.pageSize),
  page: q.page,
  pageSize: q.pageSize,
  total: all.length,
});

/**
 * Two nodes of one process (`hydra demo`: the FTMO account and the HYDRA tournament) as one API: the
 * account, challenge, days and equity are the prop-firm node's; the leaderboard and decisions the
 * tournament's; positions, orders, trades, bots and engines both; a bot is paused on the first node, an
 * engine on the second; the kill switch is the shared one (both follow the same database).
 */
export function compositeNode(name: string, prop: ApiNode, tournament: ApiNode): ApiNode {
  const a = prop.view;
  const b = tournament.view;
  const view: NodeView = {
    health: async () => {
      const [x, y] = await Promise.all([a.health(), b.health()]);
      return { ok: x.ok && y.ok, lastLoop: x.lastLoop, feeds: [...x.feeds, ...y.feeds] };
    },
    status: async () => {
      const [x, y] = await Promise.all([a.status(), b.status()]);
      return {
        ...x,
        node: name,
        tradingStates: [
          ...x.tradingStates.map((s) => ({ ...s, scope: `${x.node}:${s.scope}` })),
          ...y.tradingStates.map((s) => ({ ...s, scope: `${y.node}:${s.scope}` })),
        ],
        feeds: [...x.feeds, ...y.feeds],
      };
    },
    account: () => a.account(),
    positions: async () => [...(await a.positions()), ...(await b.positions())],
    orders: async () => [...(await a.orders()), ...(await b.orders())],
    trades: async (q) => page([...(await a.trades(ALL)).items, ...(await b.trades(ALL)).items], q),
    days: () => a.days(),
    challenge: () => a.challenge(),
    bots: async () => [...(await a.bots()), ...(await b.bots())],
    leaderboard: () => b.leaderboard(),
    decisions: (q) => b.decisions(q),
    // the account's curve, with each engine's equity beside it (the tournament's latest points, newest last)
    equity: async () => {
      const [account, engines] = await Promise.all([a.equity(), b.equity()]);
      const withEngines = engines.filter((p) => p.byEngine !== undefined);
      return account.map((p, i) => {
        const q = withEngines[withEngines.length - account.length + i];
        return q?.byEngine === undefined ? p : { ...p, byEngine: q.byEngine };
      });
    },
  };
  const c = prop.control;
  const d = tournament.control;
  const control: NodeControl = {
    killSwitch: (on, reason, who) => c.killSwitch(on, reason, who),
    pause: (kind, n, who) => (kind === "bot" ? c.pause(kind, n, who) : d.pause(kind, n, who)),
    resume: (kind, n, who) => (kind === "bot" ? c.resume(kind, n, who) : d.resume(kind, n, who)),
    closePosition: async (id, who) => {
      try {
        await c.closePosition(id, who);
      } catch (e) {
        if (!(e instanceof UnknownTargetError)) throw e;
        await d.closePosition(id, who);
      }
    },
    closeAll: async (who) => {
      await c.closeAll(who);
      await d.closeAll(who);
    },
    reloadConfig: async (who) => {
      await c.reloadConfig(who);
      await d.reloadConfig(who);
    },
  };
  return { view, control };
}
