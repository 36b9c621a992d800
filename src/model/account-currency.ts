/** The currencies an account may be kept in. */
export const ACCOUNT_CURRENCIES = ["USD", "EUR", "GBP", "CZK"] as const;
export type AccountCurrency = (typeof ACCOUNT_CURRENCIES)[number];

export function isAccountCurrency(text: string): text is AccountCurrency {
  return (ACCOUNT_CURRENCIES as readonly string[]).includes(text);
}
