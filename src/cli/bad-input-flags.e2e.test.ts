import { describe, it } from "vitest";
import { type BadCase, expectRefused } from "./test-support/bad-input.js";
import { BUILT } from "./test-support/spawn-hydra.js";

if (!BUILT) console.warn("skipping the bad-input end-to-end tests: dist/ is not built (make test builds it)");

const size = (...more: string[]): string[] => {
  const base: Record<string, string> = {
    "--symbol": "XAUUSD",
    "--balance": "10000",
    "--risk-pct": "1",
    "--entry": "2000",
    "--sl": "1990",
  };
  for (let i = 0; i < more.length; i += 2) base[more[i]!] = more[i + 1]!;
  return ["size", ...Object.entries(base).flat()];
};

/** Bad command-line flags: each refused with exit code 2, naming the flag (and the limit). */
const CASES: BadCase[] = [
  // hydra size: legal but absurd values are refused with the limit named
  {
    name: "size --risk-pct 500",
    args: size("--risk-pct", "500"),
    names: /--risk-pct must be a number > 0 and <= 10/,
  },
  { name: "size --risk-pct 10.5", args: size("--risk-pct", "10.5"), names: /--risk-pct .*<= 10/ },
  { name: "size --risk-pct 0", args: size("--risk-pct", "0"), names: /--risk-pct must be a number > 0/ },
  { name: "size --risk-pct -1", args: size("--risk-pct", "-1"), names: /--risk-pct/ },
  { name: "size --risk-pct abc", args: size("--risk-pct", "abc"), names: /--risk-pct/ },
  { name: "size --sl equal to --entry", args: size("--sl", "2000"), names: /--sl must differ from --entry/ },
  { name: "size --entry 0", args: size("--entry", "0"), names: /--entry must be a number > 0/ },
  { name: "size --entry -5", args: size("--entry", "-5", "--sl", "-6"), names: /--entry/ },
  { name: "size --sl 0", args: size("--sl", "0"), names: /--sl must be a number > 0/ },
  { name: "size --balance 0", args: size("--balance", "0"), names: /--balance must be a number > 0/ },
  { name: "size --balance NaN", args: size("--balance", "NaN"), names: /--balance/ },
  { name: "size --balance Infinity", args: size("--balance", "Infinity"), names: /--balance/ },
  {
    name: "size --commission-per-lot -1",
    args: size("--commission-per-lot", "-1"),
    names: /--commission-per-lot/,
  },
  { name: "size --symbol XAUUSDX", args: size("--symbol", "XAUUSDX"), names: /XAUUSDX/ },
  {
    name: "size --account-currency XYZ",
    args: size("--account-currency", "XYZ"),
    names: /--account-currency/,
  },
  { name: "size --fx-rate junk", args: size("--fx-rate", "junk"), names: /--fx-rate/ },
  {
    name: "size without --sl",
    args: ["size", "--symbol", "XAUUSD", "--balance", "1", "--risk-pct", "1", "--entry", "2"],
    names: /--sl/,
  },
  { name: "size --bogus", args: size("--bogus", "1"), names: /unknown option '--bogus'/ },
];

describe.skipIf(!BUILT)("bad input: command-line flags", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    await expectRefused(c);
  });
});
