/** Z85 (ZeroMQ RFC 32): 4 bytes as 5 printable characters; how CurveZMQ keys are written as text. */
const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";
const VALUE = new Map([...ALPHABET].map((c, i) => [c, i]));

/** The bytes a Z85 string stands for, or undefined when it is not Z85 (length not a multiple of 5, a stray character, a group past 2^32). */
export function decodeZ85(text: string): Buffer | undefined {
  if (text.length % 5 !== 0) return undefined;
  const out = Buffer.alloc((text.length / 5) * 4);
  for (let i = 0; i < text.length; i += 5) {
    let value = 0;
    for (let j = 0; j < 5; j++) {
      const digit = VALUE.get(text[i + j]!);
      if (digit === undefined) return undefined;
      value = value * 85 + digit;
    }
    if (value > 0xffffffff) return undefined;
    out.writeUInt32BE(value, (i / 5) * 4);
  }
  return out;
}

/** Z85 text of a buffer whose length is a multiple of 4. */
export function encodeZ85(bytes: Uint8Array): string {
  if (bytes.length % 4 !== 0) throw new RangeError("Z85 encodes whole 4-byte groups");
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  let out = "";
  for (let i = 0; i < view.length; i += 4) {
    let value = view.readUInt32BE(i);
    const group: string[] = [];
    for (let j = 0; j < 5; j++) {
      group.unshift(ALPHABET[value % 85]!);
      value = Math.floor(value / 85);
    }
    out += group.join("");
  }
  return out;
}
