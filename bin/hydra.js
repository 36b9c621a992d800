#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `make setup`).
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const entry = join(root, "dist", "src", "cli", "main.js");
if (!existsSync(entry)) {
  process.stderr.write("hydra: not built yet; run `make setup` (or `npm run build`) first\n");
  process.exit(2);
}
const { runCli } = await import(entry);
process.exitCode = await runCli(process.argv.slice(2));
