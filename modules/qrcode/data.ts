// The data bit stream of a single-segment QR symbol (ISO/IEC 18004:2015 §7.4): mode indicator,
// character count, the characters, terminator, zero bits to a codeword boundary, then the pad
// codewords 0xEC 0x11 alternately (§7.4.10).

import { qrcodeError } from "./errors.js";
import { utf8Encode } from "../bytes/utf8.js";
import { ALPHANUMERIC_VALUE, ALPHANUMERIC_CHARSET, MODE_INDICATOR, charCountBits, payloadBits, type QrMode } from "./tables.js";

/** Text prepared for one mode: `units` are digits / alphanumeric values / bytes. */
export interface QrSegment {
  mode: QrMode;
  units: Uint8Array;
}

function isDigits(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

function isAlphanumeric(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || ALPHANUMERIC_VALUE[c] < 0) return false;
  }
  return true;
}

/**
 * The most compact single mode for `text`: numeric if it is all digits (and not empty), else
 * alphanumeric if every character is in the 45-character set (Matter "MT:" payloads are), else byte
 * mode over its UTF-8 bytes. pyqrcode picks the same way.
 */
export function detectMode(text: string): QrMode {
  if (text.length > 0 && isDigits(text)) return "numeric";
  if (isAlphanumeric(text)) return "alphanumeric";
  return "byte";
}

function firstOutside(text: string, inside: (c: number) => boolean): number {
  for (let i = 0; i < text.length; i++) if (!inside(text.charCodeAt(i))) return i;
  return -1;
}

/** Converts text (or raw bytes, byte mode only) to the units of `mode`; throws if a character does not belong. */
export function makeSegment(input: string | Uint8Array, mode: QrMode): QrSegment {
  if (input instanceof Uint8Array) {
    if (mode !== "byte") throw qrcodeError("qrcode.mode-charset", `qrcode mode "${mode}": raw bytes can only be encoded in byte mode`);
    return { mode, units: input };
  }
  if (mode === "byte") return { mode, units: utf8Encode(input) };
  const units = new Uint8Array(input.length);
  if (mode === "numeric") {
    const bad = firstOutside(input, (c) => c >= 0x30 && c <= 0x39);
    if (bad >= 0) throw qrcodeError("qrcode.mode-charset", `qrcode text: character ${JSON.stringify(input[bad])} at index ${bad} is not a digit (numeric mode)`);
    for (let i = 0; i < input.length; i++) units[i] = input.charCodeAt(i) - 0x30;
  } else {
    const bad = firstOutside(input, (c) => c < 128 && ALPHANUMERIC_VALUE[c] >= 0);
    if (bad >= 0) {
      throw qrcodeError(
        "qrcode.mode-charset",
        `qrcode text: character ${JSON.stringify(input[bad])} at index ${bad} is not in the alphanumeric set ${JSON.stringify(ALPHANUMERIC_CHARSET)}`,
      );
    }
    for (let i = 0; i < input.length; i++) units[i] = ALPHANUMERIC_VALUE[input.charCodeAt(i)];
  }
  return { mode, units };
}

/** Bits of the segment with its header (mode indicator + character count) for a version. */
export function segmentBits(segment: QrSegment, version: number): number {
  return 4 + charCountBits(segment.mode, version) + payloadBits(segment.mode, segment.units.length);
}

/** Writes MSB-first bit fields into a fixed codeword buffer. */
class BitWriter {
  private bit = 0;
  constructor(readonly bytes: Uint8Array) {}
  get length(): number {
    return this.bit;
  }
  write(value: number, width: number): void {
    for (let i = width - 1; i >= 0; i--) {
      if ((value >>> i) & 1) this.bytes[this.bit >>> 3] |= 0x80 >>> (this.bit & 7);
      this.bit++;
    }
  }
}

/** Pad codewords, §7.4.10. */
const PAD_CODEWORDS = [0xec, 0x11];

/**
 * The `capacity` data codewords for a segment in a given version. The caller has checked that
 * `segmentBits(segment, version) <= capacity * 8`.
 */
export function dataCodewordsFor(segment: QrSegment, version: number, capacity: number): Uint8Array {
  const out = new Uint8Array(capacity);
  const w = new BitWriter(out);
  const { mode, units } = segment;
  w.write(MODE_INDICATOR[mode], 4);
  w.write(units.length, charCountBits(mode, version));
  if (mode === "numeric") {
    // Groups of three digits in 10 bits; a final 1 or 2 digits in 4 or 7 bits (§7.4.3).
    let i = 0;
    for (; i + 3 <= units.length; i += 3) w.write(units[i] * 100 + units[i + 1] * 10 + units[i + 2], 10);
    if (units.length - i === 2) w.write(units[i] * 10 + units[i + 1], 7);
    else if (units.length - i === 1) w.write(units[i], 4);
  } else if (mode === "alphanumeric") {
    // Pairs as 45·a + b in 11 bits; a final single character in 6 bits (§7.4.4).
    let i = 0;
    for (; i + 2 <= units.length; i += 2) w.write(units[i] * 45 + units[i + 1], 11);
    if (i < units.length) w.write(units[i], 6);
  } else {
    for (let i = 0; i < units.length; i++) w.write(units[i], 8);
  }
  const capacityBits = capacity * 8;
  // Terminator: up to four zero bits, then zero bits to the codeword boundary; the buffer is
  // already zero, so only the position moves.
  let used = Math.min(w.length + 4, capacityBits);
  used = Math.ceil(used / 8) * 8;
  for (let i = used / 8, k = 0; i < capacity; i++, k++) out[i] = PAD_CODEWORDS[k & 1];
  return out;
}
