import { toIsoUtc } from "../../core/time.js";
import type { Ledger } from "../../portfolio/ledger.js";
import type { TradingJournal } from "../../portfolio/trading-journal.js";
import type { RiskEngine } from "../../risk/risk-engine.js";
import type { CheckpointStore } from "./checkpoint-store.js";
import type { FtmoCheckpoint } from "./ftmo-checkpoint.js";

/**
 * The runner's state, written by its store (atomically) every 60 s, at every trading-state change (a
 * breach is stored before anything else happens) and at shutdown, and mirrored in the journal
 * (positions, the day, the rule state), so that a restart after a crash continues where it stood.
 */
export function writeCheckpoint(
  store: CheckpointStore,
  c: { mode: string; runId: number; wallMs: number; marketMs: number },
  ledger: Ledger,
  risk: RiskEngine,
  journal: TradingJournal,
  inFlight: string[],
): FtmoCheckpoint {
  const checkpoint: FtmoCheckpoint = {
    version: 2,
    mode: c.mode,
    runId: c.runId,
    wallTime: toIsoUtc(c.wallMs),
    marketTime: toIsoUtc(c.marketMs),
    balance: ledger.balance,
    equity: Number(ledger.equity.toFixed(2)),
    positions: ledger.positions.map((p) => ({ ...p })),
    challenge: risk.propFirm?.evaluator.snapshot() ?? null,
    states: risk.states.history.slice(-20),
    inFlight,
  };
  store.write(checkpoint);
  journal.savePositions(ledger.positions);
  journal.saveDays(ledger.days); // every day, not only today
  journal.saveRuleState(checkpoint.challenge, c.marketMs);
  return checkpoint;
}
