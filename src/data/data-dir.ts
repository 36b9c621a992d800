import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root: the nearest folder above this file that holds package.json (works from src/ and dist/). */
function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, "package.json"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

/** The shared market data folder: $HYDRA_DATA_DIR, else ../shared/data beside the repository. */
export function dataDir(): string {
  const fromEnv = process.env.HYDRA_DATA_DIR;
  if (fromEnv !== undefined && fromEnv !== "") return path.resolve(fromEnv);
  return path.resolve(repoRoot(), "../shared/data");
}

/** The path of a file under the data folder, or undefined when it is absent (tests skip on undefined). */
export function dataFile(rel: string): string | undefined {
  const p = path.resolve(dataDir(), rel);
  return existsSync(p) ? p : undefined;
}
