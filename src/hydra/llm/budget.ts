import type { Usage } from "../engine.js";
import type { LlmBudgets } from "./llm-config.js";

const DAY_MS = 86_400_000;

/** The UTC day (days since the epoch) a time falls in. */
const utcDay = (timeMs: number): number => Math.floor(timeMs / DAY_MS);

export interface DailySpend {
  day: number;
  tokens: number;
  usd: number;
}

export type BudgetCheck = { ok: true } | { ok: false; detail: string };

/**
 * Token and money counters per engine per UTC day. `check` before a call (a spent budget means no call),
 * `add` after it with what the provider billed (failed calls included: they cost too).
 */
export class DailyBudget {
  private readonly spend = new Map<string, DailySpend>();

  /** what an engine has spent on the day of `timeMs` */
  spent(engineId: string, timeMs: number): DailySpend {
    const day = utcDay(timeMs);
    const s = this.spend.get(engineId);
    return s !== undefined && s.day === day ? { ...s } : { day, tokens: 0, usd: 0 };
  }

  check(engineId: string, budgets: LlmBudgets, timeMs: number): BudgetCheck {
    const s = this.spent(engineId, timeMs);
    if (s.tokens >= budgets.maxTokensPerDay) {
      return {
        ok: false,
        detail: `daily token budget spent: ${s.tokens} of ${budgets.maxTokensPerDay} tokens (UTC day ${s.day})`,
      };
    }
    if (s.usd >= budgets.maxUsdPerDay) {
      return {
        ok: false,
        detail: `daily money budget spent: $${s.usd.toFixed(4)} of $${budgets.maxUsdPerDay} (UTC day ${s.day})`,
      };
    }
    return { ok: true };
  }

  add(engineId: string, usage: Usage, timeMs: number): void {
    const s = this.spent(engineId, timeMs);
    this.spend.set(engineId, {
      day: s.day,
      tokens: s.tokens + usage.inputTokens + usage.outputTokens,
      usd: s.usd + usage.costUsd,
    });
  }
}
