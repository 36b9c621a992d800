import { z } from "zod";

const Ms = z.int().nonnegative();
const Money = z.number();

export const AccountSchema = z.object({
  currency: z.string(),
  balance: Money,
  equity: Money,
  openPnl: Money,
  marginUsed: Money,
  freeMargin: Money,
  /** realised since the start of the trading day (the prop firm's day, not UTC's) */
  realizedPnlToday: Money,
});
export type Account = z.infer<typeof AccountSchema>;

const PositionSchema = z.object({
  id: z.string(),
  symbol: z.string(),
  side: z.enum(["long", "short"]),
  lots: z.number().positive(),
  openPrice: z.number(),
  currentPrice: z.number(),
  openPnl: Money,
  stopLoss: z.number().nullable(),
  takeProfit: z.number().nullable(),
  openedAtMs: Ms,
  /** the bot or engine that opened it */
  owner: z.string(),
});
export type Position = z.infer<typeof PositionSchema>;
export const PositionsSchema = z.array(PositionSchema);

const OrderSchema = z.object({
  id: z.string(),
  symbol: z.string(),
  side: z.enum(["buy", "sell"]),
  type: z.enum(["market", "limit", "stop"]),
  lots: z.number().positive(),
  price: z.number().nullable(),
  status: z.string(),
  createdAtMs: Ms,
  owner: z.string(),
});
export type Order = z.infer<typeof OrderSchema>;
export const OrdersSchema = z.array(OrderSchema);

export const TradeSchema = z.object({
  id: z.string(),
  symbol: z.string(),
  side: z.enum(["long", "short"]),
  lots: z.number().positive(),
  openPrice: z.number(),
  closePrice: z.number(),
  openedAtMs: Ms,
  closedAtMs: Ms,
  pnl: Money,
  commission: Money,
  owner: z.string(),
});
export type Trade = z.infer<typeof TradeSchema>;

const DaySchema = z.object({
  /** the trading day, YYYY-MM-DD in the program's time zone */
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  startBalance: Money,
  endEquity: Money,
  pnl: Money,
  trades: z.int().nonnegative(),
});
export type Day = z.infer<typeof DaySchema>;
export const DaysSchema = z.array(DaySchema);

const EquityPointSchema = z.object({
  tMs: Ms,
  balance: Money,
  equity: Money,
  /** each engine's desk equity at that moment (a tournament node) */
  byEngine: z.record(z.string(), Money).optional(),
});
export type EquityPoint = z.infer<typeof EquityPointSchema>;
export const EquitySchema = z.array(EquityPointSchema);
