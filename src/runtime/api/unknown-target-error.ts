/** What a NodeControl throws for a position, bot or engine it does not know: the server answers 404 naming it. */
export type TargetKind = "position" | "bot" | "engine";

const CODES = { position: "POSITION_UNKNOWN", bot: "BOT_UNKNOWN", engine: "ENGINE_UNKNOWN" } as const;

export class UnknownTargetError extends Error {
  readonly code: (typeof CODES)[TargetKind];

  constructor(
    readonly kind: TargetKind,
    readonly id: string,
  ) {
    super(`no ${kind} "${id}" on this node`);
    this.name = "UnknownTargetError";
    this.code = CODES[kind];
  }
}
