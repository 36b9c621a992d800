import type { Section } from "./chart-spec.js";
import { escapeHtml, money, table } from "./html.js";

/** A challenge's verdict (a backtest's `challenge`, or a journal replayed through the rules). */
export interface ChallengeVerdict {
  program: string;
  phase: string;
  status: "active" | "passed" | "failed";
  rule: string | null;
  day: string | null;
  tradingDays: number;
  target: number;
}

const WORDS = { passed: "PASSED", failed: "FAILED", active: "NOT DECIDED YET" } as const;

export function challengeSection(v: ChallengeVerdict | null): Section {
  if (v === null)
    return {
      title: "Challenge verdict",
      html: "<p>No prop-firm rules ran (a backtest with <code>--challenge ftmo-2step</code> has a verdict).</p>",
      charts: [],
    };
  return {
    title: "Challenge verdict",
    html: `<p class="verdict ${v.status}" id="verdict">${WORDS[v.status]}${v.rule === null ? "" : ` (${escapeHtml(v.rule)})`}</p>${table(
      ["", ""],
      [
        ["program", escapeHtml(`${v.program} (${v.phase})`)],
        ["decided on", v.day === null ? "—" : escapeHtml(v.day)],
        ["trading days", String(v.tradingDays)],
        ["profit target (equity)", money(v.target)],
      ],
      false,
    )}`,
    charts: [],
  };
}
