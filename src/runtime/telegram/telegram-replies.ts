import type { NodeView } from "../api/node-view.js";

export const HELP = [
  "HYDRA commands:",
  "/status — node, mode, kill switch, trading states, bridge",
  "/balance — balance, equity, open P&L, margin",
  "/positions — open positions",
  "/daily — today's P&L and the last days",
  "/challenge — the prop-firm challenge: loss room, profit, days, verdict",
  "/leaderboard — the tournament's standings",
  "/pause BOT, /resume BOT — a bot's or engine's entries (exits go on)",
  "/close ID, /closeall — close a position, or all",
  "/kill [reason], /unkill — the kill switch",
  "State-changing commands ask for confirmation.",
].join("\n");

export const READ_COMMANDS = new Set([
  "/status",
  "/balance",
  "/positions",
  "/daily",
  "/challenge",
  "/leaderboard",
]);

const money = (x: number): string =>
  x.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** The answer to a read command, in plain text, from what the node shows its API. */
export async function answerRead(command: string, view: NodeView): Promise<string> {
  switch (command) {
    case "/status": {
      const s = await view.status();
      const notActive = s.tradingStates.filter((t) => t.state !== "ACTIVE");
      return [
        `${s.node} (${s.mode}), up ${Math.round(s.uptimeMs / 60_000)} min`,
        `kill switch: ${s.killSwitch.on ? `ON (${s.killSwitch.reason ?? "no reason"}, by ${s.killSwitch.who ?? "?"})` : "off"}`,
        `trading: ${notActive.length === 0 ? "all ACTIVE" : notActive.map((t) => `${t.scope} ${t.state}`).join(", ")}`,
        `bridge: ${s.bridge === null ? "none" : s.bridge.connected ? "connected" : "DOWN"}`,
        `feeds: ${s.feeds.map((f) => `${f.feed} ${f.connected ? "ok" : "DOWN"}`).join(", ")}`,
      ].join("\n");
    }
    case "/balance": {
      const a = await view.account();
      return [
        `balance ${money(a.balance)} ${a.currency}`,
        `equity ${money(a.equity)} (open P&L ${money(a.openPnl)})`,
        `margin used ${money(a.marginUsed)}, free ${money(a.freeMargin)}`,
        `realised today ${money(a.realizedPnlToday)}`,
      ].join("\n");
    }
    case "/positions": {
      const ps = await view.positions();
      if (ps.length === 0) return "no open position";
      return ps
        .map(
          (p) =>
            `${p.id} ${p.owner}: ${p.side} ${p.lots} ${p.symbol} @ ${p.openPrice} → ${p.currentPrice}, P&L ${money(p.openPnl)}`,
        )
        .join("\n");
    }
    case "/daily": {
      const [a, days] = await Promise.all([view.account(), view.days()]);
      return [
        `realised today ${money(a.realizedPnlToday)}, open P&L ${money(a.openPnl)}`,
        ...days
          .slice(-5)
          .map((d) => `${d.day}: P&L ${money(d.pnl)} (${d.trades} trades), equity ${money(d.endEquity)}`),
      ].join("\n");
    }
    case "/challenge": {
      const c = await view.challenge();
      if (c === null) return "this node trades no prop-firm challenge";
      return [
        `${c.program} ${c.phase}: ${c.verdict}`,
        `daily loss room left ${money(c.dailyLossLeft)}, max loss room left ${money(c.maxLossLeft)}`,
        `profit ${money(c.profit)}${c.profitTarget === null ? "" : ` of ${money(c.profitTarget)}`}`,
        `trading days ${c.tradingDays}/${c.minTradingDays}`,
      ].join("\n");
    }
    case "/leaderboard": {
      const l = await view.leaderboard();
      if (l.length === 0) return "no standings on this node";
      return l
        .map(
          (e) => `#${e.rank} ${e.name}: score ${e.score.toFixed(2)}, P&L ${money(e.pnl)}, ${e.trades} trades`,
        )
        .join("\n");
    }
    default:
      return `${command}: not a read command`;
  }
}
