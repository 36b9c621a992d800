import type { Severity } from "./severity.js";

/**
 * Every alert a node raises: its severity and what it means. README's alert table is this list; the
 * routing config names these events.
 */
export const ALERT_EVENTS = {
  "node-started": { severity: "info", what: "a node started (mode, bots or engines, resumed or fresh)" },
  "restart-after-crash": {
    severity: "warning",
    what: "a node started after its previous run on this database ended without stopping (crash, kill -9, power)",
  },
  "kill-switch-on": {
    severity: "critical",
    what: "the kill switch was tripped: trading halted (reason, by whom)",
  },
  "kill-switch-off": { severity: "warning", what: "the kill switch was released: trading may resume" },
  "guardian-halt": {
    severity: "critical",
    what: "a trading scope went HALTED (the guardian's or the prop-firm rules' breach, a desk halted)",
  },
  "daily-loss-50": {
    severity: "warning",
    what: "half of the day's loss room is used (equity, floor, room left)",
  },
  "daily-loss-80": {
    severity: "critical",
    what: "80 % of the day's loss room is used (equity, floor, room left)",
  },
  "challenge-passed": {
    severity: "info",
    what: "the prop-firm challenge's target is reached (market time, target)",
  },
  "challenge-failed": {
    severity: "critical",
    what: "the prop-firm challenge failed (rule, market time, equity, floor)",
  },
  "bridge-down": { severity: "critical", what: "the MT5 bridge does not answer (trade socket)" },
  "bridge-up": { severity: "info", what: "the MT5 bridge answers again" },
  "heartbeat-lost": {
    severity: "critical",
    what: "the bridge's event stream (ticks, heartbeats) went silent",
  },
  "no-ticks": {
    severity: "warning",
    what: "no tick for a symbol for N seconds (wall) while its session is open",
  },
  "order-unknown": {
    severity: "critical",
    what: "an order whose outcome at the broker is unknown (sent, no reply, not in the broker's lists yet)",
  },
  "reconcile-mismatch": {
    severity: "warning",
    what: "reconciliation found the node and the broker apart (positions or orders booked from the broker)",
  },
  "bot-disabled": { severity: "warning", what: "a bot was switched off after repeated failures" },
  "breaker-open": {
    severity: "warning",
    what: "an LLM engine's circuit breaker opened (its calls fail; it sits out until it closes)",
  },
  "budget-spent": { severity: "warning", what: "an LLM engine's budget is spent: it makes no more calls" },
  "daily-summary": {
    severity: "info",
    what: "the day's close: balance, equity, P&L, trades (Prague midnight for FTMO, UTC midnight for HYDRA; market time)",
  },
  test: { severity: "info", what: "`hydra alerts test`: a test message to every configured channel" },
} as const satisfies Record<string, { severity: Severity; what: string }>;

export type AlertEventName = keyof typeof ALERT_EVENTS;

export const ALERT_EVENT_NAMES = Object.keys(ALERT_EVENTS) as AlertEventName[];

export function severityOf(event: AlertEventName): Severity {
  return ALERT_EVENTS[event].severity;
}
