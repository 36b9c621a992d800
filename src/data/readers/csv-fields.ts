/** The field separator of a delimited text line: ',' unless the line has none and has ';' or a tab. */
export function detectDelimiter(line: string): number {
  if (line.includes(",")) return 44;
  if (line.includes(";")) return 59;
  if (line.includes("\t")) return 9;
  return 44;
}

/** Header names of a line: split on the separator, trimmed, surrounding double quotes removed. */
export function splitHeader(line: string, sep: number): string[] {
  return line.split(String.fromCharCode(sep)).map((f) => {
    const t = f.trim();
    return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).trim() : t;
  });
}

/**
 * Finds the fields of one line in place: `starts[i]`/`ends[i]` delimit field i in the text (spaces and
 * a surrounding pair of double quotes trimmed). Quoted separators are not supported (market data has
 * none). `count` is the number of fields found, also when it exceeds the capacity.
 */
export class FieldSplitter {
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  count = 0;

  constructor(capacity: number) {
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
  }

  split(text: string, start: number, end: number, sep: number): number {
    const cap = this.starts.length;
    const sepStr = String.fromCharCode(sep);
    let n = 0;
    let from = start;
    for (;;) {
      // native indexOf beats a char loop by 2–3× here; a hit past the line's end means "last field"
      let to = text.indexOf(sepStr, from);
      if (to < 0 || to > end) to = end;
      if (n < cap) {
        let s = from;
        let e = to;
        if (text.charCodeAt(s) <= 34 || text.charCodeAt(e - 1) <= 34) {
          while (s < e && text.charCodeAt(s) === 32) s++;
          while (e > s && text.charCodeAt(e - 1) === 32) e--;
          if (e - s >= 2 && text.charCodeAt(s) === 34 && text.charCodeAt(e - 1) === 34) {
            s++;
            e--;
          }
        }
        this.starts[n] = s;
        this.ends[n] = e;
      }
      n++;
      if (to >= end) break;
      from = to + 1;
    }
    this.count = n;
    return n;
  }
}
