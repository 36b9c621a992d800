import type { Ledger } from "../../portfolio/ledger.js";
import type { AccountMarks } from "../account-marks.js";
import type { TradingStates } from "../trading-state.js";
import { ChallengeEvaluator, type ChallengeState, type ChallengeVerdict } from "./challenge-evaluator.js";
import type { PropFirmProgram } from "./program.js";

/**
 * Runs a prop-firm program's evaluator on the live books: fed the balance, the equity and the positions
 * opened on every look; a failure halts the scope and trips the kill action. In live mode the balance and
 * equity are the broker's (AccountMarks): a verdict is reached only on the broker's own figures, never on
 * a local mark between two of its account updates.
 */
export class PropFirmMonitor {
  private evaluatorNow: ChallengeEvaluator;
  private lastOpened = 0;
  private reported = false;

  constructor(
    program: PropFirmProgram,
    private readonly ledger: Ledger,
    private readonly states: TradingStates,
    private readonly scope: string,
    private readonly onFail: (reason: string) => void,
    private readonly account: AccountMarks = ledger,
  ) {
    this.evaluatorNow = new ChallengeEvaluator(program, ledger.initialBalance);
  }

  get evaluator(): ChallengeEvaluator {
    return this.evaluatorNow;
  }

  /**
   * Continues a checkpointed challenge (after a restart): its initial balance, days, floors and verdict,
   * not the balance the account has now. A challenge that had failed halts the scope again.
   */
  restore(state: ChallengeState, time: number): void {
    this.evaluatorNow = ChallengeEvaluator.restore(this.evaluatorNow.program, state);
    if (state.verdict.status === "failed") {
      this.reported = true;
      const p = this.evaluatorNow.program;
      const reason = `${p.name} ${p.phase} failed before the restart: ${state.verdict.rule}`;
      this.states.set(this.scope, "HALTED", reason, time, p.name);
      // the kill action may not have finished before the crash: it runs again (close mode flattens)
      this.onFail(reason);
    }
  }

  get verdict(): ChallengeVerdict {
    return this.evaluator.verdict;
  }

  get active(): boolean {
    return this.evaluator.verdict.status === "active";
  }

  observe(time: number): void {
    if (!this.active) return;
    const balance = this.account.balance;
    const equity = this.account.equity;
    // a floor or the target crossed on a local mark waits for the broker's figures (within a second)
    if (this.account.confirmed === false && this.wouldDecide(balance, equity)) return;
    const opened = this.ledger.openedTotal - this.lastOpened;
    this.lastOpened = this.ledger.openedTotal;
    // a restarted feed may start a little before the last look of the checkpoint
    const last = this.evaluatorNow.snapshotTime;
    const v = this.evaluatorNow.push({
      t: last === null ? time : Math.max(time, last),
      balance,
      equity,
      opened,
    });
    if (v.status === "failed" && !this.reported) {
      this.reported = true;
      const p = this.evaluator.program;
      const reason = `${p.name} ${p.phase} failed: ${v.rule} (equity ${v.equity?.toFixed(2)} below ${v.floor?.toFixed(2)})`;
      this.states.set(this.scope, "HALTED", reason, time, p.name);
      this.onFail(reason);
    }
  }

  private wouldDecide(balance: number, equity: number): boolean {
    const e = this.evaluatorNow;
    return equity < e.currentFloor || (equity >= e.target && balance >= e.target);
  }

  /** The floor a new trade's worst case must respect: today's daily floor or the max-loss floor. */
  floor(): { floor: number; name: string } {
    const f = this.evaluator.floors;
    return f.daily >= f.maxLoss
      ? { floor: f.daily, name: "daily-loss" }
      : { floor: f.maxLoss, name: "max-loss" };
  }
}
