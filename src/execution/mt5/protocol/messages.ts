import { z } from "zod";

/**
 * The bridge protocol (docs/bridge-protocol.md) as zod schemas: JSON over ZeroMQ, requests keyed by
 * `cmd`. Every request may carry a `requestId`; replies echo it.
 */
const requestId = z.string().regex(/^[A-Za-z0-9_-]{1,24}$/, "requestId: 1–24 letters, digits, _ or -");
const symbol = z.string().min(1).max(32);
const base = { requestId: requestId.optional() };

const PingRequest = z.object({ cmd: z.literal("PING"), ...base }).strict();
const AccountRequest = z.object({ cmd: z.literal("ACCOUNT"), ...base }).strict();
const PriceRequest = z.object({ cmd: z.literal("PRICE"), symbol, ...base }).strict();
const TradeRequest = z
  .object({
    cmd: z.literal("TRADE"),
    symbol,
    direction: z.enum(["BUY", "SELL"]),
    volume: z.number().positive().finite(),
    sl: z.number().positive().finite().optional(),
    tp: z.number().positive().finite().optional(),
    comment: z.string().max(64).optional(),
    magic: z.number().int().nonnegative().optional(),
    ...base,
  })
  .strict();
const CloseRequest = z
  .object({
    cmd: z.literal("CLOSE"),
    ticket: z.number().int().positive(),
    volume: z.number().positive().finite().optional(),
    ...base,
  })
  .strict();
/** moves a position's stop loss and take profit (absolute levels; 0 removes one): safe to resend */
const ModifyRequest = z
  .object({
    cmd: z.literal("MODIFY"),
    ticket: z.number().int().positive(),
    sl: z.number().nonnegative().finite(),
    tp: z.number().nonnegative().finite(),
    ...base,
  })
  .strict();
/**
 * places a pending order (a limit or a stop) at the broker: NOT safe to resend, deduplicated by request id as
 * TRADE is. `expiry` is market time (epoch ms, as every time here); without it the order is good till cancelled
 */
const OrderRequest = z
  .object({
    cmd: z.literal("ORDER"),
    symbol,
    direction: z.enum(["BUY", "SELL"]),
    kind: z.enum(["LIMIT", "STOP"]),
    volume: z.number().positive().finite(),
    price: z.number().positive().finite(),
    sl: z.number().positive().finite().optional(),
    tp: z.number().positive().finite().optional(),
    expiry: z.number().int().positive().optional(),
    comment: z.string().max(64).optional(),
    magic: z.number().int().nonnegative().optional(),
    ...base,
  })
  .strict();
/** removes a working pending order: safe to resend (an order already gone is NOT_FOUND) */
const CancelRequest = z
  .object({ cmd: z.literal("CANCEL"), order: z.number().int().positive(), ...base })
  .strict();
/** the working pending orders (with their comments, so that reconciliation finds one by its request id) */
const OrdersRequest = z.object({ cmd: z.literal("ORDERS"), symbol: symbol.optional(), ...base }).strict();
const PositionsRequest = z
  .object({ cmd: z.literal("POSITIONS"), symbol: symbol.optional(), ...base })
  .strict();
const CandlesRequest = z
  .object({
    cmd: z.literal("CANDLES"),
    symbol,
    timeframe: z.enum(["M1", "M5", "M15", "M30", "H1", "H4", "D1"]),
    count: z.number().int().min(1).max(10_000),
    ...base,
  })
  .strict();
const SymbolRequest = z.object({ cmd: z.literal("SYMBOL"), symbol, ...base }).strict();
/** deals since a time (epoch ms), for reconciliation */
const HistoryRequest = z
  .object({ cmd: z.literal("HISTORY"), since: z.number().int().nonnegative(), ...base })
  .strict();
const HeartbeatRequest = z.object({ cmd: z.literal("HEARTBEAT"), ...base }).strict();

export const BridgeRequest = z.discriminatedUnion("cmd", [
  PingRequest,
  AccountRequest,
  PriceRequest,
  TradeRequest,
  CloseRequest,
  ModifyRequest,
  OrderRequest,
  CancelRequest,
  OrdersRequest,
  PositionsRequest,
  CandlesRequest,
  SymbolRequest,
  HistoryRequest,
  HeartbeatRequest,
]);
export type BridgeRequest = z.infer<typeof BridgeRequest>;
export type BridgeCommand = BridgeRequest["cmd"];
export const COMMANDS: readonly BridgeCommand[] = [
  "PING",
  "ACCOUNT",
  "PRICE",
  "TRADE",
  "CLOSE",
  "MODIFY",
  "ORDER",
  "CANCEL",
  "ORDERS",
  "POSITIONS",
  "CANDLES",
  "SYMBOL",
  "HISTORY",
  "HEARTBEAT",
];

/**
 * Commands that can be resent after a timeout without risk: they change nothing, or (MODIFY) set absolute
 * levels, so a second delivery leaves the position as the first did, or (CANCEL) remove an order, so a
 * second delivery finds it gone and answers NOT_FOUND (the caller then looks up how it ended).
 */
export const IDEMPOTENT: ReadonlySet<BridgeCommand> = new Set([
  "MODIFY",
  "CANCEL",
  "ORDERS",
  "PING",
  "ACCOUNT",
  "PRICE",
  "POSITIONS",
  "CANDLES",
  "SYMBOL",
  "HISTORY",
  "HEARTBEAT",
]);

// ---- reply payloads -------------------------------------------------------------------------------

const direction = z.enum(["BUY", "SELL"]);
const PositionData = z.object({
  ticket: z.number().int(),
  symbol,
  direction,
  volume: z.number(),
  openPrice: z.number(),
  sl: z.number().nullable(),
  tp: z.number().nullable(),
  openTime: z.number().int(),
  profit: z.number(),
  /** swap accumulated so far (MT5's POSITION_SWAP, negative is a charge); optional: older bridges omit it */
  swap: z.number().optional(),
  comment: z.string(),
  magic: z.number().int(),
});
/** a working pending order; sl/tp null when not set, expiry null when good till cancelled */
const PendingOrderData = z.object({
  order: z.number().int(),
  symbol,
  direction,
  kind: z.enum(["LIMIT", "STOP"]),
  volume: z.number(),
  price: z.number(),
  sl: z.number().nullable(),
  tp: z.number().nullable(),
  expiry: z.number().int().nullable(),
  /** when it was placed (epoch ms) */
  time: z.number().int(),
  comment: z.string(),
  magic: z.number().int(),
});
export const DealData = z.object({
  ticket: z.number().int(),
  order: z.number().int(),
  positionId: z.number().int(),
  symbol,
  direction,
  entry: z.enum(["IN", "OUT"]),
  volume: z.number(),
  price: z.number(),
  profit: z.number(),
  commission: z.number(),
  swap: z.number(),
  time: z.number().int(),
  comment: z.string(),
  magic: z.number().int(),
});
export type DealData = z.infer<typeof DealData>;

export const REPLY_DATA = {
  PING: z.object({ reply: z.literal("PONG"), serverTime: z.number().int() }),
  ACCOUNT: z.object({
    balance: z.number(),
    equity: z.number(),
    margin: z.number(),
    freeMargin: z.number(),
    currency: z.string(),
    leverage: z.number(),
    tradeAllowed: z.boolean(),
  }),
  PRICE: z.object({ symbol, bid: z.number(), ask: z.number(), time: z.number().int() }),
  TRADE: z.object({
    ticket: z.number().int(),
    order: z.number().int(),
    price: z.number(),
    volume: z.number(),
    retcode: z.number().int(),
    comment: z.string(),
    magic: z.number().int(),
  }),
  CLOSE: z.object({
    ticket: z.number().int(),
    price: z.number(),
    volume: z.number(),
    retcode: z.number().int(),
  }),
  MODIFY: z.object({ ticket: z.number().int(), sl: z.number(), tp: z.number(), retcode: z.number().int() }),
  ORDER: z.object({
    /** the pending order's ticket (a DEAL's `order` when it triggers) */
    order: z.number().int(),
    /** the price as placed (rounded to the symbol's digits) */
    price: z.number(),
    volume: z.number(),
    retcode: z.number().int(),
    comment: z.string(),
    magic: z.number().int(),
  }),
  CANCEL: z.object({ order: z.number().int(), retcode: z.number().int() }),
  ORDERS: z.object({ orders: z.array(PendingOrderData) }),
  POSITIONS: z.object({ positions: z.array(PositionData) }),
  CANDLES: z.object({
    symbol,
    timeframe: z.string(),
    candles: z.array(
      z.object({
        time: z.number().int(),
        open: z.number(),
        high: z.number(),
        low: z.number(),
        close: z.number(),
        volume: z.number(),
      }),
    ),
  }),
  SYMBOL: z.object({
    symbol,
    digits: z.number().int(),
    tickSize: z.number(),
    tickValue: z.number(),
    contractSize: z.number(),
    volumeMin: z.number(),
    volumeStep: z.number(),
    volumeMax: z.number(),
    tradeAllowed: z.boolean(),
  }),
  HISTORY: z.object({ deals: z.array(DealData) }),
  HEARTBEAT: z.object({
    serverTime: z.number().int(),
    connected: z.boolean(),
    tradeAllowed: z.boolean(),
    /** the trade server's UTC offset the bridge converts MT5 times with (ms; UTC+2 is 7,200,000) */
    serverOffsetMs: z.number().int().optional(),
    /** true once fresh ticks confirmed the offset (it follows DST switches); false: the configured start value */
    serverOffsetMeasured: z.boolean().optional(),
  }),
} as const satisfies Record<BridgeCommand, z.ZodType>;

export type ReplyData<C extends BridgeCommand> = z.infer<(typeof REPLY_DATA)[C]>;

const ERROR_CODES = ["UNKNOWN_COMMAND", "BAD_REQUEST", "MT5_ERROR", "NOT_FOUND", "DUPLICATE"] as const;
export type BridgeErrorCode = (typeof ERROR_CODES)[number];

export const ErrorReply = z.object({
  ok: z.literal(false),
  requestId: requestId.optional(),
  error: z.object({ code: z.enum(ERROR_CODES), message: z.string(), retcode: z.number().int().optional() }),
});
const OkReply = z.object({ ok: z.literal(true), requestId: requestId.optional(), data: z.unknown() });
export const BridgeReply = z.union([OkReply, ErrorReply]);
export type BridgeReply = z.infer<typeof BridgeReply>;

// ---- the tick stream ------------------------------------------------------------------------------

/** PUB frames: [topic, JSON]. The topic is the symbol, or HEARTBEAT. */
export const HEARTBEAT_TOPIC = "HEARTBEAT";
export const TickMessage = z.object({
  symbol,
  bid: z.number().positive(),
  ask: z.number().positive(),
  time: z.number().int(),
});
export type TickMessage = z.infer<typeof TickMessage>;
/**
 * The publisher's start: an id a bridge draws when it starts, on every heartbeat and account event. A new one
 * is a restarted bridge, whatever its sequence numbers say (a restart whose new numbering happens to go on
 * where the subscriber's last event stopped shows no gap). Optional: a bridge without it is judged by
 * sequence numbers and reconnections alone.
 */
const boot = z.string().min(1).max(64).optional();
export const HeartbeatMessage = z.object({
  time: z.number().int(),
  seq: z.number().int().nonnegative(),
  boot,
});

/**
 * The account event stream (same PUB socket, own topics): every deal as MT5 reports it (DEAL), and the
 * account state at least once a second and on every change (ACCOUNT). One sequence number runs over both
 * topics: a subscriber that sees a gap fetches what it missed with HISTORY and ACCOUNT.
 */
export const DEAL_TOPIC = "DEAL";
export const ACCOUNT_TOPIC = "ACCOUNT";
export const DealEvent = z.object({ seq: z.number().int().nonnegative(), boot, deal: DealData });
export type DealEvent = z.infer<typeof DealEvent>;
export const AccountEvent = z.object({
  seq: z.number().int().nonnegative(),
  boot,
  /** the broker's server time of the state (market time, epoch ms) */
  time: z.number().int(),
  balance: z.number(),
  equity: z.number(),
  margin: z.number(),
  freeMargin: z.number(),
  /** equity / margin in %; null without margin in use */
  marginLevel: z.number().nullable(),
});
export type AccountEvent = z.infer<typeof AccountEvent>;
