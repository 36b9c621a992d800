import { readFileSync } from "node:fs";
import { toIsoUtc } from "../../core/time.js";
import type { Position } from "../../model/position.js";
import { writeFileAtomic } from "../../persistence/atomic-file.js";
import type { Ledger } from "../../portfolio/ledger.js";
import type { TradingJournal } from "../../portfolio/trading-journal.js";
import type { RiskEngine } from "../../risk/risk-engine.js";

export interface FtmoCheckpoint {
  time: string;
  mode: string;
  balance: number;
  equity: number;
  positions: Position[];
  challenge: unknown;
  states: unknown;
  /** orders whose outcome was still unknown */
  inFlight: string[];
}

/**
 * The runner's state, written atomically (temp file, fsync, rename) every 60 s and at shutdown, and
 * mirrored in the journal (positions, the day, the rule state), so a restart after a crash knows where
 * it stood; the venue's own positions are then reconciled against it.
 */
export function writeCheckpoint(
  file: string,
  mode: string,
  time: number,
  ledger: Ledger,
  risk: RiskEngine,
  journal: TradingJournal,
  inFlight: string[],
): FtmoCheckpoint {
  const checkpoint: FtmoCheckpoint = {
    time: toIsoUtc(time),
    mode,
    balance: ledger.balance,
    equity: Number(ledger.equity.toFixed(2)),
    positions: [...ledger.positions],
    challenge:
      risk.propFirm === undefined
        ? null
        : {
            verdict: risk.propFirm.verdict,
            days: risk.propFirm.evaluator.days,
            tradingDays: risk.propFirm.evaluator.tradingDays,
          },
    states: risk.states.history.slice(-20),
    inFlight,
  };
  writeFileAtomic(
    file,
    `${JSON.stringify(checkpoint, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2)}\n`,
  );
  journal.savePositions(ledger.positions);
  if (ledger.today !== undefined) journal.saveDay(ledger.today);
  journal.saveRuleState(checkpoint.challenge, time);
  return checkpoint;
}

/** The last checkpoint, or undefined when there is none (a first start). */
export function readCheckpoint(file: string): FtmoCheckpoint | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as FtmoCheckpoint;
  } catch {
    return undefined;
  }
}
