import { JsonlTradeLog } from "../../../persistence/jsonl-trade-log.js";

const BOTS = [
  { bot: "gold-london-reversal", symbol: "XAUUSD", price: 2000 },
  { bot: "eurusd-breakout", symbol: "EURUSD", price: 1.1 },
  { bot: "hf-scalper:XAUUSD", symbol: "XAUUSD", price: 2000 },
];

/**
 * Writes a trade journal as `hydra ftmo` does (JsonlTradeLog): 60 closed trades over about 40 days from
 * 2024-01-02 by three bots on two symbols, wins and losses in a fixed pattern, one day with a big loss.
 */
export function writeJournalFixture(file: string): void {
  const log = new JsonlTradeLog(file);
  const t0 = Date.UTC(2024, 0, 2, 8);
  for (let i = 0; i < 60; i++) {
    const b = BOTS[i % BOTS.length]!;
    const openTime = t0 + Math.floor(i / 2) * 86_400_000 * 0.7 + (i % 2) * 3 * 3_600_000;
    const win = i % 5 !== 1 && i % 7 !== 3;
    const netPnl = i === 31 ? -3200 : win ? 420 + (i % 4) * 35 : -300 - (i % 3) * 40;
    const side = i % 2 === 0 ? "buy" : "sell";
    const drift = b.price * 0.001 * (1 + (i % 9)) * (win === (side === "buy") ? 1 : -1);
    const openPrice = b.price * (1 + 0.002 * Math.sin(i / 4));
    log.append(b.bot, {
      positionId: `P-${i + 1}`,
      source: b.bot,
      symbol: b.symbol,
      side,
      volume: 1,
      openTime,
      openPrice,
      closeTime: openTime + 45 * 60_000,
      closePrice: openPrice + drift,
      grossPnl: netPnl + 7,
      commission: 7,
      netPnl,
      exitReason: win ? "tp" : "sl",
    });
  }
  log.close();
}
