/** The account's margin level fell below the margin call level (`entered`) or came back to it. */
export interface MarginCallEvent {
  time: number;
  kind: "entered" | "left";
  equity: number;
  margin: number;
  /** equity ÷ margin × 100 (Infinity with no margin in use) */
  marginLevelPct: number;
  marginCallPct: number;
}
