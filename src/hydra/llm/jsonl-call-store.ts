import { appendFileSync, existsSync, mkdirSync, readFileSync, truncateSync } from "node:fs";
import path from "node:path";
import { DataError } from "../../core/errors.js";
import { callKey, type LlmCallRecord, LlmCallRecordSchema, type LlmCallStore } from "./call-recorder.js";
import { type RunHeader, RunHeaderSchema } from "./run-header.js";

/**
 * One JSON line per call, appended, and a run header line (kind "run") at the start of each run. Opening reads the file back (each line validated); a last line cut
 * short by a crash (no newline, not a valid record) is cut off the file, so the next append starts clean.
 */
export class JsonlLlmCallStore implements LlmCallStore {
  private readonly latest = new Map<string, LlmCallRecord>();
  private readonly runs: RunHeader[] = [];
  /** what opening found worth telling the operator (a torn last line removed) */
  readonly notes: string[] = [];

  constructor(private readonly file: string) {
    if (!existsSync(file)) return;
    const text = readFileSync(file, "utf8");
    const lines = text.split("\n");
    const complete = text.endsWith("\n") || text === "";
    for (const [i, line] of lines.entries()) {
      if (line.trim() === "") continue;
      const last = i === lines.length - 1;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        if (last && !complete) {
          this.dropTornTail(text, line, i + 1);
          break;
        }
        throw new DataError("DATA_BAD_ROW", file, "not JSON", { line: i + 1 });
      }
      if ((json as { kind?: unknown } | null)?.kind === "run") {
        const h = RunHeaderSchema.safeParse(json);
        if (h.success) {
          this.runs.push(h.data);
          if (last && !complete) appendFileSync(file, "\n");
          continue;
        }
      }
      const r = LlmCallRecordSchema.safeParse(json);
      if (!r.success) {
        if (last && !complete) {
          this.dropTornTail(text, line, i + 1);
          break;
        }
        const issue = r.error.issues[0]!;
        throw new DataError("DATA_BAD_ROW", file, issue.message, {
          line: i + 1,
          field: issue.path.join("."),
        });
      }
      this.latest.set(callKey(r.data.engineId, r.data.promptHash, r.data.paramsHash), r.data);
      // a valid last record written without its newline: end the line before the next append
      if (last && !complete) appendFileSync(file, "\n");
    }
  }

  private dropTornTail(text: string, tail: string, line: number): void {
    truncateSync(this.file, Buffer.byteLength(text, "utf8") - Buffer.byteLength(tail, "utf8"));
    this.notes.push(
      `${this.file}:${line}: torn last line (a write cut short, ${Buffer.byteLength(tail, "utf8")} bytes) removed; the ${line - 1} line(s) before it are kept`,
    );
  }

  record(call: LlmCallRecord): void {
    mkdirSync(path.dirname(this.file), { recursive: true });
    appendFileSync(this.file, `${JSON.stringify(call)}\n`);
    this.latest.set(callKey(call.engineId, call.promptHash, call.paramsHash), structuredClone(call));
  }

  recordRun(header: RunHeader): void {
    mkdirSync(path.dirname(this.file), { recursive: true });
    appendFileSync(this.file, `${JSON.stringify(header)}\n`);
    this.runs.push(structuredClone(header));
  }

  /** the last run recorded in the file (undefined: none, e.g. a recording made before run headers) */
  lastRun(): RunHeader | undefined {
    const h = this.runs.at(-1);
    return h === undefined ? undefined : structuredClone(h);
  }

  find(engineId: string, promptHash: string, paramsHash: string): LlmCallRecord | undefined {
    const r = this.latest.get(callKey(engineId, promptHash, paramsHash));
    return r === undefined ? undefined : structuredClone(r);
  }
}
