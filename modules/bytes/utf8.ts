// UTF-8 without TextEncoder/TextDecoder (not global on every XS host). Decoding is strict:
// malformed sequences throw, so callers can report "not valid UTF-8" instead of mangling data.

import { bytesError } from "./errors.js";

export function utf8Encode(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd; // lone surrogate
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

/** Throws InputError "bytes.utf8" on malformed UTF-8 (overlong forms, surrogates, truncation). */
export function utf8Decode(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    let c: number;
    let n: number;
    if (b < 0x80) { c = b; n = 0; }
    else if (b >= 0xc2 && b < 0xe0) { c = b & 0x1f; n = 1; }
    else if (b >= 0xe0 && b < 0xf0) { c = b & 0x0f; n = 2; }
    else if (b >= 0xf0 && b < 0xf5) { c = b & 0x07; n = 3; }
    else throw bytesError("bytes.utf8", `invalid UTF-8 lead byte 0x${b.toString(16)} at ${i}`);
    if (i + n >= bytes.length && n > 0) {
      throw bytesError("bytes.utf8", `truncated UTF-8 sequence at ${i}`);
    }
    for (let k = 1; k <= n; k++) {
      const x = bytes[i + k];
      if ((x & 0xc0) !== 0x80) throw bytesError("bytes.utf8", `invalid UTF-8 continuation at ${i + k}`);
      c = (c << 6) | (x & 0x3f);
    }
    if ((n === 2 && (c < 0x800 || (c >= 0xd800 && c <= 0xdfff))) || (n === 3 && (c < 0x10000 || c > 0x10ffff))) {
      throw bytesError("bytes.utf8", `invalid UTF-8 code point at ${i}`);
    }
    out += c < 0x10000 ? String.fromCharCode(c) : String.fromCharCode(0xd800 + ((c - 0x10000) >> 10), 0xdc00 + ((c - 0x10000) & 0x3ff));
    i += n + 1;
  }
  return out;
}

export function isUtf8(bytes: Uint8Array): boolean {
  try {
    utf8Decode(bytes);
    return true;
  } catch {
    return false;
  }
}
