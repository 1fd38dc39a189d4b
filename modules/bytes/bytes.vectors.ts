// Fixed vectors for modules/bytes: hex, base64 (strict and lenient), UTF-8, byte and bigint helpers.
// Base64 expectations: RFC 4648 §10 test vectors; lenient-mode cases agree with Python 3.11
// base64.b64decode(s) (validate=False), which ESP-IDF's CSV front end uses.
// UTF-8 expectations: RFC 3629 (§3 encoding, §10 overlong and surrogate rejection).

import { checkEqual, checkThrows, checkThrowsBug, checkThrowsId, checkTrue, type VectorCase } from "../testkit/check.js";
import { fromBase64, toBase64 } from "./base64.js";
import { bigIntToBytes, bytesEqual, bytesToBigInt, concatBytes } from "./bytes.js";
import { fromHex, isHex, toHex } from "./hex.js";
import { isUtf8, utf8Decode, utf8Encode } from "./utf8.js";

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const u8 = (...b: number[]) => Uint8Array.from(b);

// RFC 4648 §10: BASE64("") = "", "f" = "Zg==", … "foobar" = "Zm9vYmFy".
const RFC4648: [string, string][] = [
  ["", ""],
  ["f", "Zg=="],
  ["fo", "Zm8="],
  ["foo", "Zm9v"],
  ["foob", "Zm9vYg=="],
  ["fooba", "Zm9vYmE="],
  ["foobar", "Zm9vYmFy"],
];

// [text, expected UTF-8 hex]
const UTF8: [string, string, string][] = [
  ["empty", "", ""],
  ["ASCII", "Matter", "4d6174746572"],
  ["2-byte (U+00FC)", "Tsch\u00fcs", "54736368c3bc73"],
  ["3-byte (U+20AC)", "\u20ac", "e282ac"],
  ["largest 3-byte (U+FFFF)", "\uffff", "efbfbf"],
  ["4-byte (U+1F600)", "\u{1f600}", "f09f9880"],
  ["largest code point (U+10FFFF)", "\u{10ffff}", "f48fbfbf"],
  ["NUL", "\u0000", "00"],
  ["largest 1-byte and smallest 2-byte", "\u007f\u0080", "7fc280"],
  ["largest 2-byte and smallest 3-byte", "\u07ff\u0800", "dfbfe0a080"],
];

// [what, malformed UTF-8 hex, message fragment]
const BAD_UTF8: [string, string, string][] = [
  ["lone continuation byte", "80", "lead byte 0x80"],
  ["overlong 2-byte NUL (C0 80)", "c080", "lead byte 0xc0"],
  ["overlong 2-byte (C1 BF)", "c1bf", "lead byte 0xc1"],
  ["overlong 3-byte (E0 80 80)", "e08080", "code point"],
  ["overlong 4-byte (F0 80 80 80)", "f0808080", "code point"],
  ["encoded surrogate U+D800 (ED A0 80)", "eda080", "code point"],
  ["encoded surrogate U+DFFF (ED BF BF)", "edbfbf", "code point"],
  ["beyond U+10FFFF (F4 90 80 80)", "f4908080", "code point"],
  ["lead byte F5", "f5808080", "lead byte 0xf5"],
  ["lead byte FF", "ff", "lead byte 0xff"],
  ["truncated 2-byte at end", "41c3", "truncated"],
  ["truncated 4-byte at end", "f09f98", "truncated"],
  ["ASCII where a continuation belongs", "e282412020", "continuation at 2"],
];

export const vectors: VectorCase[] = [
  // ---- hex
  { name: "hex: toHex is lower case, two digits per byte", run: () => checkEqual(toHex(u8(0, 1, 0x7f, 0x80, 0xab, 0xff)), "00017f80abff") },
  { name: "hex: toHex of no bytes is empty", run: () => checkEqual(toHex(new Uint8Array(0)), "") },
  { name: "hex: fromHex accepts both cases", run: () => checkEqual(fromHex("00aBcDeF7f"), u8(0, 0xab, 0xcd, 0xef, 0x7f)) },
  {
    name: "hex: every byte value round-trips",
    run: () => {
      const all = Uint8Array.from({ length: 256 }, (_, i) => i);
      checkEqual(fromHex(toHex(all)), all);
      checkEqual(toHex(all).slice(0, 8) + toHex(all).slice(-4), "00010203feff");
    },
  },
  { name: "hex: odd length is rejected", run: () => checkThrowsId(() => fromHex("abc"), "bytes.hex-length", "odd length 3") },
  { name: "hex: non-hex character is rejected with its position", run: () => checkThrowsId(() => fromHex("0g"), "bytes.hex-digit", "position 1") },
  { name: "hex: separators are not accepted", run: () => checkThrows(() => fromHex("ab-c"), "position 2") },
  { name: "hex: a 0x prefix is not accepted", run: () => checkThrows(() => fromHex("0x12"), "position 1") },
  {
    name: "hex: isHex",
    run: () => {
      checkTrue(isHex(""), "isHex('')");
      checkTrue(isHex("00Ff"), "isHex('00Ff')");
      checkTrue(!isHex("0"), "!isHex('0')");
      checkTrue(!isHex("zz"), "!isHex('zz')");
    },
  },

  // ---- base64, strict
  ...RFC4648.map(([text, b64]) => ({
    name: `base64: RFC 4648 §10 "${text}" <-> "${b64}"`,
    run: () => {
      checkEqual(toBase64(ascii(text)), b64, "toBase64");
      checkEqual(fromBase64(b64), ascii(text), "fromBase64");
    },
  })),
  {
    name: "base64: every byte value round-trips, + and / used",
    run: () => {
      const all = Uint8Array.from({ length: 256 }, (_, i) => i);
      const text = toBase64(all);
      checkEqual(text.length, 344, "length");
      checkEqual(text.slice(-8), "/P3+/w==", "tail");
      checkEqual(fromBase64(text), all);
    },
  },
  { name: "base64: non-zero pad bits are tolerated (ZmF= decodes like ZmE=)", run: () => checkEqual(fromBase64("ZmF="), ascii("fa")) },
  { name: "base64 strict: whitespace is rejected", run: () => checkThrows(() => fromBase64("Zm9v\n"), "position 4") },
  { name: "base64 strict: a character outside the alphabet is rejected", run: () => checkThrowsId(() => fromBase64("Zm9v!"), "bytes.base64-char", "position 4") },
  { name: "base64 strict: URL-safe alphabet is rejected", run: () => checkThrows(() => fromBase64("-_8="), "position 0") },
  { name: "base64 strict: missing padding is rejected", run: () => checkThrowsId(() => fromBase64("Zm9vYg"), "bytes.base64-padding", "padding") },
  { name: "base64 strict: short padding is rejected", run: () => checkThrows(() => fromBase64("Zg="), "padding") },
  { name: "base64 strict: data after padding is rejected", run: () => checkThrowsId(() => fromBase64("Zg==Zg=="), "bytes.base64-padding", "after padding") },
  { name: "base64 strict: 4n+1 characters is impossible", run: () => checkThrowsId(() => fromBase64("Zm9vY"), "bytes.base64-length", "impossible length") },
  { name: "base64 strict: non-ASCII character is rejected", run: () => checkThrows(() => fromBase64("Zm9v\u00e9"), "position 4") },

  // ---- base64, lenient (cases where Python b64decode(validate=False) and this module agree)
  { name: "base64 lenient: whitespace and newlines are dropped", run: () => checkEqual(fromBase64("Z m9v\nYm\tFy\r\n", { lenient: true }), ascii("foobar")) },
  { name: "base64 lenient: foreign characters are dropped", run: () => checkEqual(fromBase64("Zm9v!", { lenient: true }), ascii("foo")) },
  { name: "base64 lenient: padded input decodes as strict", run: () => checkEqual(fromBase64("Zm9vYg==", { lenient: true }), ascii("foob")) },
  { name: "base64 lenient: short padding is still an error", run: () => checkThrows(() => fromBase64("Zg=", { lenient: true }), "padding") },
  { name: "base64 lenient: 4n+1 data characters is still an error", run: () => checkThrowsId(() => fromBase64("Zm9vY", { lenient: true }), "bytes.base64-length", "impossible length") },
  { name: "base64 lenient: only padding after dropped characters (Z===)", run: () => checkThrows(() => fromBase64("Z===", { lenient: true }), "impossible length") },

  // ---- UTF-8
  ...UTF8.map(([what, text, hex]) => ({
    name: `utf8: ${what}`,
    run: () => {
      checkEqual(toHex(utf8Encode(text)), hex, "utf8Encode");
      checkEqual(utf8Decode(fromHex(hex)), text, "utf8Decode");
    },
  })),
  { name: "utf8: lone high surrogate encodes as U+FFFD", run: () => checkEqual(toHex(utf8Encode("a\ud800b")), "61efbfbd62") },
  { name: "utf8: lone low surrogate encodes as U+FFFD", run: () => checkEqual(toHex(utf8Encode("\udc00")), "efbfbd") },
  { name: "utf8: high surrogate at the end encodes as U+FFFD", run: () => checkEqual(toHex(utf8Encode("\ud83d")), "efbfbd") },
  ...BAD_UTF8.map(([what, hex, fragment]) => ({
    name: `utf8: rejects ${what}`,
    run: () => {
      checkThrowsId(() => utf8Decode(fromHex(hex)), "bytes.utf8", fragment, "utf8Decode");
      checkTrue(!isUtf8(fromHex(hex)), "isUtf8 is false");
    },
  })),
  { name: "utf8: isUtf8 accepts valid text", run: () => checkTrue(isUtf8(fromHex("e282acf09f9880")), "isUtf8") },

  // ---- byte helpers
  { name: "bytes: concatBytes", run: () => checkEqual(concatBytes(u8(1), new Uint8Array(0), u8(2, 3)), u8(1, 2, 3)) },
  { name: "bytes: concatBytes of nothing", run: () => checkEqual(concatBytes(), new Uint8Array(0)) },
  {
    name: "bytes: concatBytes copies from subarray views",
    run: () => checkEqual(concatBytes(u8(9, 1, 2, 9).subarray(1, 3), u8(3)), u8(1, 2, 3)),
  },
  {
    name: "bytes: bytesEqual",
    run: () => {
      checkTrue(bytesEqual(u8(1, 2), u8(1, 2)), "equal");
      checkTrue(!bytesEqual(u8(1, 2), u8(1, 3)), "different byte");
      checkTrue(!bytesEqual(u8(1, 2), u8(1, 2, 0)), "different length");
      checkTrue(bytesEqual(new Uint8Array(0), new Uint8Array(0)), "both empty");
    },
  },

  // ---- bigint <-> big-endian bytes
  { name: "bigint: bytesToBigInt is big-endian", run: () => checkEqual(bytesToBigInt(u8(0x01, 0x02, 0x03)), 0x010203n) },
  { name: "bigint: bytesToBigInt of no bytes is 0", run: () => checkEqual(bytesToBigInt(new Uint8Array(0)), 0n) },
  { name: "bigint: bytesToBigInt keeps leading zeros' value", run: () => checkEqual(bytesToBigInt(u8(0, 0, 0xff)), 255n) },
  {
    name: "bigint: 2^64-1 and 2^256-1",
    run: () => {
      checkEqual(bigIntToBytes(2n ** 64n - 1n, 8), new Uint8Array(8).fill(0xff));
      checkEqual(bytesToBigInt(new Uint8Array(32).fill(0xff)), 2n ** 256n - 1n);
    },
  },
  { name: "bigint: bigIntToBytes left-pads with zeros", run: () => checkEqual(bigIntToBytes(0x0102n, 4), u8(0, 0, 1, 2)) },
  { name: "bigint: bigIntToBytes of 0 into 0 bytes", run: () => checkEqual(bigIntToBytes(0n, 0), new Uint8Array(0)) },
  {
    name: "bigint: P-256 order round-trips through 32 bytes",
    run: () => {
      const n = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
      checkEqual(toHex(bigIntToBytes(n, 32)), "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
      checkEqual(bytesToBigInt(bigIntToBytes(n, 32)), n);
    },
  },
  { name: "bigint: value too large for the length is rejected", run: () => checkThrowsBug(() => bigIntToBytes(256n, 1), "does not fit in 1 bytes") },
  { name: "bigint: negative value is rejected", run: () => checkThrowsBug(() => bigIntToBytes(-1n, 4), "negative") },
];
