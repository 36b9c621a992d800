import { HydraError } from "../core/errors.js";
import { ACCOUNT_CURRENCIES, type AccountCurrency } from "../model/account-currency.js";
import { choiceOption } from "./options.js";

/** `--account-currency`: one of USD, EUR, GBP, CZK (USD when not given). */
export function accountCurrencyOption(flag: string, text: string | undefined): AccountCurrency {
  return choiceOption(flag, text?.toUpperCase(), ACCOUNT_CURRENCIES) ?? "USD";
}

/**
 * `--fx-rate CUR=rate` (repeatable): a static rate, account currency per unit of CUR, for a currency no
 * pair of the run converts (`--fx-rate EUR=1.085` for GER40 in a USD account without EURUSD).
 */
export function fxRateOptions(flag: string, list: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const text of list) {
    const m = /^([A-Za-z]{3})=(.+)$/.exec(text.trim());
    const rate = m === null ? Number.NaN : Number(m[2]);
    if (m === null || !Number.isFinite(rate) || rate <= 0) {
      throw new HydraError(
        "CLI_USAGE",
        `${flag} must be CUR=rate with a positive rate in the account currency per unit of CUR, such as EUR=1.085, got "${text}"`,
        { field: flag },
      );
    }
    out[m[1]!.toUpperCase()] = rate;
  }
  return out;
}
