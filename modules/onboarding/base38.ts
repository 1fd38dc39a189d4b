// Base-38 text for the QR onboarding payload (Core spec §5.1.3.1 "Encoding", Table 37).
// Bytes are taken in little-endian chunks: 3 bytes → 5 characters, a trailing 2 bytes → 4, a trailing
// byte → 2; each chunk value is written least-significant character first.
// Decoding follows connectedhomeip's semantics (docs/onboarding.md §Base-38): a chunk whose value does
// not fit its byte count ("S6" = 0xFF + 1) is rejected, unlike matter.js 0.17.9 which truncates it.

import { onboardingError } from "./errors.js";

export const BASE38_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-.";

/** Characters produced for a chunk of 0..3 bytes. */
const CHARS_PER_CHUNK = [0, 2, 4, 5];

const DIGIT_OF: Int8Array = (() => {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < BASE38_ALPHABET.length; i++) table[BASE38_ALPHABET.charCodeAt(i)] = i;
  return table;
})();

/** Length of the base-38 text for `byteLength` bytes. */
export function base38Length(byteLength: number): number {
  return Math.floor(byteLength / 3) * 5 + CHARS_PER_CHUNK[byteLength % 3];
}

export function encodeBase38(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const n = Math.min(3, bytes.length - i);
    let value = 0;
    for (let k = n - 1; k >= 0; k--) value = value * 256 + bytes[i + k];
    for (let c = 0; c < CHARS_PER_CHUNK[n]; c++) {
      out += BASE38_ALPHABET[value % 38];
      value = Math.floor(value / 38);
    }
  }
  return out;
}

function showChar(ch: string): string {
  return JSON.stringify(ch);
}

/** Strict decoder: throws a one-line InputError ("onboarding.base38-…") on a bad length, a character outside the alphabet or chunk overflow. */
export function decodeBase38(text: string): Uint8Array {
  if (typeof text !== "string") throw new TypeError(`base-38 text: expected a string, got ${typeof text}`);
  const rest = text.length % 5;
  if (rest === 1 || rest === 3) {
    throw onboardingError("onboarding.base38-length", `base-38 text of ${text.length} characters: length must be 5k, 5k+2 or 5k+4`);
  }
  const out = new Uint8Array(Math.floor(text.length / 5) * 3 + (rest === 4 ? 2 : rest === 2 ? 1 : 0));
  let o = 0;
  for (let i = 0; i < text.length; ) {
    const chars = Math.min(5, text.length - i);
    const bytes = chars === 5 ? 3 : chars === 4 ? 2 : 1;
    let value = 0;
    for (let k = chars - 1; k >= 0; k--) {
      const code = text.charCodeAt(i + k);
      const digit = code < 128 ? DIGIT_OF[code] : -1;
      if (digit < 0) {
        throw onboardingError("onboarding.base38-char", `base-38 character ${showChar(text[i + k])} at offset ${i + k}: not in the alphabet 0-9 A-Z - .`);
      }
      value = value * 38 + digit;
    }
    if (value >= 2 ** (8 * bytes)) {
      throw onboardingError(
        "onboarding.base38-overflow",
        `base-38 chunk "${text.slice(i, i + chars)}" at offset ${i}: value ${value} does not fit in ${bytes} byte${bytes > 1 ? "s" : ""}`,
      );
    }
    for (let k = 0; k < bytes; k++) {
      out[o++] = value & 0xff;
      value = Math.floor(value / 256);
    }
    i += chars;
  }
  return out;
}
