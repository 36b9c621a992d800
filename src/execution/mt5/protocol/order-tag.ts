/** MT5 keeps at most 31 characters of an order comment. */
export const MT5_COMMENT_MAX = 31;

/**
 * The comment of a TRADE: the bot's tag, then `|` and the request id, cut so that the id always fits
 * whole (the tag is shortened, never the id). Reconciliation finds the order by this id.
 */
export function stampComment(tag: string, requestId: string): string {
  const room = MT5_COMMENT_MAX - requestId.length - 1;
  if (room < 0)
    throw new RangeError(`request id ${requestId} is longer than ${MT5_COMMENT_MAX - 1} characters`);
  return `${tag.slice(0, room)}|${requestId}`;
}

/** The request id in a stamped comment, or undefined. */
export function requestIdOfComment(comment: string): string | undefined {
  const i = comment.lastIndexOf("|");
  if (i < 0) return undefined;
  const id = comment.slice(i + 1);
  return /^[A-Za-z0-9_-]{1,24}$/.test(id) ? id : undefined;
}

/** The magic number of a request id: a 31-bit FNV-1a hash (MT5 magic numbers are ulong; 31 bits stay safe everywhere). */
export function magicOf(requestId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < requestId.length; i++) {
    h ^= requestId.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h & 0x7fffffff;
}
