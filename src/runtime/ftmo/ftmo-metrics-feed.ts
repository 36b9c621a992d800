import type { Ledger } from "../../portfolio/ledger.js";
import type { AccountMarks } from "../../risk/account-marks.js";
import type { RiskEngine } from "../../risk/risk-engine.js";
import type { FtmoMetrics } from "../../telemetry/ftmo-metrics.js";

/** Copies the runner's state into the metrics once a second (and the tick rates per symbol). */
export class FtmoMetricsFeed {
  private readonly tickCounts = new Map<string, number>();
  private readonly botPnl = new Map<string, number>();

  constructor(
    private readonly metrics: FtmoMetrics,
    private readonly ledger: Ledger,
    private readonly risk: RiskEngine,
    private readonly program: string,
    /** the account the risk layer judges (live: the broker's figures); the ledger by default */
    private readonly account: AccountMarks = ledger,
  ) {}

  tick(symbol: string): void {
    this.tickCounts.set(symbol, (this.tickCounts.get(symbol) ?? 0) + 1);
  }

  tradeClosed(bot: string, netPnl: number): void {
    this.metrics.tradeClosed(bot, netPnl);
    const total = (this.botPnl.get(bot) ?? 0) + netPnl;
    this.botPnl.set(bot, total);
    this.metrics.setBotPnl(bot, total);
  }

  /** Call once per `intervalMs` of wall time. */
  flush(
    intervalMs: number,
    feedAlive: boolean,
    bridgeUp: boolean,
    ordersInFlight: number,
    killSwitch: boolean,
  ): void {
    const m = this.metrics;
    for (const [symbol, n] of this.tickCounts) m.setTickRate(symbol, n / (intervalMs / 1000));
    this.tickCounts.clear();
    m.setConnection("event_bus", feedAlive);
    m.setConnection("mt5", bridgeUp);
    this.now();
    m.setOrdersInFlight(ordersInFlight);
    m.setKillSwitch(killSwitch);
  }

  /** The account, the challenge and the trading states as they are now (also run before each scrape). */
  now(): void {
    const m = this.metrics;
    const equity = this.account.equity;
    m.setAccount({
      balance: this.account.balance,
      equity,
      booksEquity: this.ledger.equity,
      openPositions: this.ledger.openCount,
    });
    const today = this.ledger.today;
    m.setDailyDrawdownPercent(
      today === undefined || today.startBalance <= 0
        ? 0
        : Math.max(0, ((today.startBalance - equity) / today.startBalance) * 100),
    );
    const e = this.risk.propFirm?.evaluator;
    if (e !== undefined) {
      const f = e.floors;
      const start = e.days.at(-1)?.startBalance ?? e.initial;
      const share = (top: number, floor: number): number =>
        top > floor ? (equity - floor) / (top - floor) : 0;
      m.setLossRoom("daily", f.daily, share(start, f.daily));
      m.setLossRoom("max_loss", f.maxLoss, share(e.initial, f.maxLoss));
    }
    const verdict = this.risk.propFirm?.verdict.status;
    if (verdict !== undefined) m.setChallengeStatus(this.program, verdict);
    for (const scope of ["global", "account"]) m.setTradingState(scope, this.risk.states.effective(scope));
  }
}
