import { existsSync, readFileSync } from "node:fs";
import { writeFileAtomic } from "../../persistence/atomic-file.js";
import type { CheckpointStore } from "./checkpoint-store.js";
import { checkpointText, type FtmoCheckpoint, parseCheckpoint } from "./ftmo-checkpoint.js";

/** The checkpoint in a JSON file (`<db>.ftmo-checkpoint.json`), replaced atomically: temp file, fsync, rename. */
export class FileCheckpointStore implements CheckpointStore {
  constructor(readonly where: string) {}

  read(): FtmoCheckpoint | undefined {
    if (!existsSync(this.where)) return undefined;
    return parseCheckpoint(readFileSync(this.where, "utf8"), {
      where: this.where,
      details: { file: this.where },
      remedy:
        "restore it from a backup (hydra db backup copies it), or move it away to start the challenge afresh",
    });
  }

  write(c: FtmoCheckpoint): void {
    writeFileAtomic(this.where, `${checkpointText(c, 2)}\n`);
  }
}
