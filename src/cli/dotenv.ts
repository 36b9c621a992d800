import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { HydraError } from "../core/errors.js";

/**
 * The git-ignored `.env` of the working directory (secrets: TELEGRAM_TOKEN, SMTP_PASS, …), read once at
 * start: each `NAME=value` line sets NAME when the environment does not (a variable set in the shell
 * wins; an empty one counts as unset). Blank lines and `#` comments are skipped; quotes around a value
 * are removed. A line that is not `NAME=value` is an error naming the file and the line.
 */
export function loadDotEnv(env: Record<string, string | undefined>, dir = process.cwd()): string[] {
  const file = path.join(dir, ".env");
  if (!existsSync(file)) return [];
  const set: string[] = [];
  readFileSync(file, "utf8")
    .split(/\r?\n/)
    .forEach((raw, i) => {
      const line = raw.trim();
      if (line === "" || line.startsWith("#")) return;
      const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
      if (m === null)
        throw new HydraError("CONFIG_INVALID", `.env:${i + 1}: not NAME=value (the value is not shown)`, {
          file,
          line: i + 1,
        });
      const name = m[1]!;
      let value = m[2]!;
      if (/^(["']).*\1$/.test(value)) value = value.slice(1, -1);
      if ((env[name] ?? "") !== "" || value === "") return;
      env[name] = value;
      set.push(name);
    });
  return set;
}
