import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

interface TestVector {
  name: string;
  request: Record<string, unknown>;
  reply: { ok: boolean; requestId?: string; data?: unknown; error?: { code: string; retcode?: number } };
}

export interface TestVectorFile {
  fixture: Record<string, unknown>;
  vectors: TestVector[];
}

/** The shared vectors in bridge/protocol/test-vectors.json (the Python bridge tests the same file). */
export function loadTestVectors(): TestVectorFile {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = path.join(dir, "bridge", "protocol", "test-vectors.json");
    try {
      return JSON.parse(readFileSync(file, "utf8")) as TestVectorFile;
    } catch (e) {
      const parent = path.dirname(dir);
      if (parent === dir) throw e;
      dir = parent;
    }
  }
}
