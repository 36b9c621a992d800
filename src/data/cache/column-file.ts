import { closeSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from "node:fs";
import os from "node:os";
import { crc32 } from "node:zlib";

/**
 * The columnar cache file: named Float64 columns of equal length behind a small JSON header, read back
 * as views into one buffer (no parse, no copy). Layout, little-endian:
 *   "HYDRACOL" | u32 version | u32 header bytes | header JSON | zero padding to 8 | columns, 8 bytes a value
 * The header holds the caller's metadata, the column names, the row count and a CRC-32 of the column
 * bytes: a truncated, padded or altered file is refused, never trusted.
 */
const MAGIC = Buffer.from("HYDRACOL", "latin1");
const VERSION = 1;
const PREFIX = MAGIC.length + 8;

/** Column files are native Float64 bytes; a big-endian host writes and reads none. */
export const COLUMN_FILES_SUPPORTED = os.endianness() === "LE";

export interface ColumnFileContent<M> {
  meta: M;
  length: number;
  columns: Record<string, Float64Array>;
}

interface Header<M> {
  meta: M;
  length: number;
  names: string[];
  crc32: number;
}

const pad8 = (n: number): number => (n + 7) & ~7;

/** Writes the file atomically (a temporary file renamed over the target). */
export function writeColumnFile<M>(file: string, content: ColumnFileContent<M>): void {
  const names = Object.keys(content.columns);
  const bytes = names.map((n) => {
    const c = content.columns[n]!;
    if (c.length !== content.length)
      throw new Error(`column ${n} has ${c.length} values, not ${content.length}`);
    return Buffer.from(c.buffer, c.byteOffset, c.byteLength);
  });
  let crc = 0;
  for (const b of bytes) crc = crc32(b, crc);
  const header: Header<M> = { meta: content.meta, length: content.length, names, crc32: crc };
  const json = Buffer.from(JSON.stringify(header), "utf8");
  const head = Buffer.alloc(pad8(PREFIX + json.length));
  MAGIC.copy(head, 0);
  head.writeUInt32LE(VERSION, MAGIC.length);
  head.writeUInt32LE(json.length, MAGIC.length + 4);
  json.copy(head, PREFIX);
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, "w");
  try {
    writeSync(fd, head);
    for (const b of bytes) writeSync(fd, b);
  } catch (e) {
    closeSync(fd);
    unlinkSync(tmp);
    throw e;
  }
  closeSync(fd);
  renameSync(tmp, file);
}

/** Why a column file was refused. */
export type ColumnFileFault = "absent" | "corrupt";

/**
 * Reads a column file; "absent" when there is none, "corrupt" when its magic, version, header, size or
 * checksum is wrong. The columns are views into the file's buffer.
 */
export function readColumnFile<M>(file: string): ColumnFileContent<M> | ColumnFileFault {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch {
    return "absent";
  }
  if (buf.length < PREFIX || !buf.subarray(0, MAGIC.length).equals(MAGIC)) return "corrupt";
  if (buf.readUInt32LE(MAGIC.length) !== VERSION) return "corrupt";
  const jsonLength = buf.readUInt32LE(MAGIC.length + 4);
  if (PREFIX + jsonLength > buf.length) return "corrupt";
  let header: Header<M>;
  try {
    header = JSON.parse(buf.toString("utf8", PREFIX, PREFIX + jsonLength)) as Header<M>;
  } catch {
    return "corrupt";
  }
  const { length, names } = header;
  if (!Number.isSafeInteger(length) || length < 0 || !Array.isArray(names)) return "corrupt";
  const start = pad8(PREFIX + jsonLength);
  if (buf.length !== start + names.length * length * 8) return "corrupt";
  const payload = buf.subarray(start);
  if (crc32(payload) !== header.crc32) return "corrupt";
  // Float64Array views need an 8-aligned offset into the underlying buffer
  const aligned = (buf.byteOffset + start) % 8 === 0 ? payload : new Uint8Array(payload);
  const columns: Record<string, Float64Array> = {};
  names.forEach((n, i) => {
    columns[n] = new Float64Array(aligned.buffer, aligned.byteOffset + i * length * 8, length);
  });
  return { meta: header.meta, length, columns };
}
