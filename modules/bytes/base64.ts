// RFC 4648 base64 (standard alphabet, padded). Decoding is strict by default; `lenient` mirrors
// Python's base64.b64decode(validate=False), which ESP-IDF's CSV front end uses: characters outside
// the alphabet are discarded before decoding.

import { bytesError } from "./errors.js";

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
  /**
   * Python's base64.b64decode(validate=False), which ESP-IDF's CSV front end uses (CPython
   * binascii.a2b_base64, non-strict): characters outside the alphabet are skipped, a '=' that
   * completes a quad ends the input (anything after it is ignored), and leftover bits are an error.
   */
  lenient?: boolean;
}

/** Throws InputError ("bytes.base64-…") on malformed input. */
export function fromBase64(text: string, options: Base64Options = {}): Uint8Array {
  const out = new Uint8Array(Math.floor((text.length * 3) / 4) + 3);
  let o = 0;
  let quad = 0; // characters of the current group seen (0..3)
  let left = 0; // bits carried to the next output byte
  let pads = 0;
  let padding = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 61 /* = */) {
      padding = true;
      if (quad >= 2 && quad + ++pads >= 4) {
        if (!options.lenient && i + 1 < text.length) throw bytesError("bytes.base64-padding", "base64 data after padding");
        return out.slice(0, o);
      }
      continue;
    }
    const v = c < 128 ? LOOKUP[c] : -1;
    if (v < 0) {
      if (options.lenient) continue;
      throw bytesError("bytes.base64-char", `invalid base64 character at position ${i}`);
    }
    if (padding && !options.lenient) throw bytesError("bytes.base64-padding", "base64 data after padding");
    pads = 0;
    switch (quad) {
      case 0: left = v; quad = 1; break;
      case 1: out[o++] = (left << 2) | (v >> 4); left = v & 0x0f; quad = 2; break;
      case 2: out[o++] = ((left << 4) | (v >> 2)) & 0xff; left = v & 0x03; quad = 3; break;
      default: out[o++] = ((left << 6) | v) & 0xff; quad = 0;
    }
  }
  if (quad === 1) throw bytesError("bytes.base64-length", "base64 text has an impossible length (one character more than a multiple of 4)");
  if (quad !== 0) throw bytesError("bytes.base64-padding", "incorrect base64 padding");
  if (padding && !options.lenient) throw bytesError("bytes.base64-padding", "incorrect base64 padding");
  return out.slice(0, o);
}
