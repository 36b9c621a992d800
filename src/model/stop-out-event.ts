/** The broker's stop-out closed a position: the account as it stood when the venue decided. */
export interface StopOutEvent {
  time: number;
  positionId: string;
  symbol: string;
  volume: number;
  /** the price it was closed at */
  price: number;
  /** the position's floating P&L and swap when chosen (the most losing of the open positions) */
  loss: number;
  equity: number;
  margin: number;
  /** equity ÷ margin × 100, below the stop-out level */
  marginLevelPct: number;
  stopOutPct: number;
}
