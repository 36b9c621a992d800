/** The currencies an account may be kept in. */
export const ACCOUNT_CURRENCIES = ["USD", "EUR", "GBP", "CZK"] as const;
export type AccountCurrency = (typeof ACCOUNT_CURRENCIES)[number];
