import type { BridgeErrorCode, ReplyData } from "../../execution/mt5/protocol/messages.js";

/** A reply as the bridge sends it (docs/bridge-protocol.md). */
export type BrokerReply =
  | { ok: true; requestId?: string; data: unknown }
  | {
      ok: false;
      requestId?: string;
      error: { code: BridgeErrorCode; message: string; retcode?: number };
    };

export type DealData = ReplyData<"HISTORY">["deals"][number];
export type PositionData = ReplyData<"POSITIONS">["positions"][number];

export function okReply(requestId: string | undefined, data: unknown): BrokerReply {
  return requestId === undefined ? { ok: true, data } : { ok: true, requestId, data };
}

export function errorReply(
  requestId: string | undefined,
  code: BridgeErrorCode,
  message: string,
  retcode?: number,
): BrokerReply {
  const error = retcode === undefined ? { code, message } : { code, message, retcode };
  return requestId === undefined ? { ok: false, error } : { ok: false, requestId, error };
}

/** What the broker keeps of a position beyond the venue's view: MT5's ticket, comment and magic. */
export interface TicketMeta {
  ticket: number;
  positionId: string;
  comment: string;
  magic: number;
}

/**
 * Request ids already executed (TRADE, CLOSE and ORDER), with the request they answered (its command and a
 * fingerprint of its fields) and the first reply: the same request again is answered from here and executes
 * nothing; another request under the id is a DUPLICATE. Oldest ids are forgotten past `cap`.
 */
export class DedupeCache {
  private readonly replies = new Map<string, { cmd: string; fingerprint: string; reply: BrokerReply }>();

  constructor(private readonly cap = 10_000) {}

  get(requestId: string): { cmd: string; fingerprint: string; reply: BrokerReply } | undefined {
    return this.replies.get(requestId);
  }

  set(requestId: string, cmd: string, fingerprint: string, reply: BrokerReply): void {
    this.replies.set(requestId, { cmd, fingerprint, reply });
    if (this.replies.size > this.cap) {
      const oldest = this.replies.keys().next().value;
      if (oldest !== undefined) this.replies.delete(oldest);
    }
  }

  /** Forgets every id (a bridge process that restarted). */
  clear(): void {
    this.replies.clear();
  }

  get size(): number {
    return this.replies.size;
  }
}

/** The fields of a request without its id, in a stable order: what makes two deliveries the same request. */
export function fingerprintOf(request: Record<string, unknown>): string {
  const { requestId: _, ...fields } = request;
  return JSON.stringify(
    Object.keys(fields)
      .sort()
      .map((k) => [k, fields[k]]),
  );
}
