// RFC 4648 base64 (standard alphabet, padded). Decoding is strict by default; `lenient` mirrors
// Python's base64.b64decode(validate=False), which ESP-IDF's CSV front end uses: characters outside
// the alphabet are discarded before decoding.

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < 64; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

export function toBase64(bytes: Uint8Array): string {
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63] + ALPHABET[n & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + "==";
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63] + "=";
  }
  return out;
}

export interface Base64Options {
  /** Drop characters outside the alphabet (Python b64decode default). Padding must still be right. */
  lenient?: boolean;
}

/** Throws RangeError on malformed input. */
export function fromBase64(text: string, options: Base64Options = {}): Uint8Array {
  let clean = "";
  let pad = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 61 /* = */) { pad++; continue; }
    const v = c < 128 ? LOOKUP[c] : -1;
    if (v < 0) {
      if (options.lenient) continue;
      throw new RangeError(`invalid base64 character at position ${i}`);
    }
    if (pad > 0) throw new RangeError("base64 data after padding");
    clean += text[i];
  }
  if (clean.length % 4 === 1) throw new RangeError("base64 text has an impossible length");
  if (pad > 0 && (clean.length + pad) % 4 !== 0) throw new RangeError("incorrect base64 padding");
  if (pad === 0 && clean.length % 4 !== 0 && !options.lenient) throw new RangeError("incorrect base64 padding");
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < clean.length; i++) {
    acc = (acc << 6) | LOOKUP[clean.charCodeAt(i)];
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, o);
}
