/**
 * A live price source for the HYDRA engines' paper portfolios (`hydra run --feed`): one poll returns the
 * newest quote of each asset the source has. Every implementation passes one contract test suite.
 */
export interface PriceQuote {
  /** HYDRA's name, e.g. BTC-USD */
  symbol: string;
  /** what a buy fills at (the source's best ask, or last + half the configured spread) */
  ask: number;
  /** what a sell fills at */
  bid: number;
  /** the last trade price (the mid when the source has none) */
  last: number;
  /** the source's own timestamp of the quote (its clock, UTC epoch ms; may be skewed against ours) */
  sourceTime: number;
}

export interface PriceFeed {
  /** "coinbase", "coingecko", "synthetic" */
  readonly name: string;
  /**
   * The newest quotes of the symbols (those the source has; an unknown symbol is left out, never guessed).
   * Fails with a HydraError: FEED_RATE_LIMITED (details.retryAfterMs when the source said), FEED_UNAVAILABLE
   * (connection, timeout, 5xx), FEED_BAD_DATA (a body that is not the documented shape, truncated JSON).
   */
  poll(symbols: readonly string[]): Promise<PriceQuote[]>;
  /** releases sockets and timers */
  close?(): void;
}
