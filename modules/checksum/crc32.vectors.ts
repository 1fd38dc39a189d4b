// Fixed vectors for CRC-32 and the NVS variant. Check values: docs/nvs-format.md §CRC-32 (NVS CRC of
// "123456789" = 0xD202D277, empty or all-zero input = 0xFFFFFFFF; plain CRC-32 check 0xCBF43926).
// Page-header and entry CRCs come from a golden image of ESP-IDF's generator (test/py/make_nvs_vectors.py sample.bin,
// generator 0.2.0): the first page header and the first entry (namespace "chip-factory").

import { fromHex } from "../bytes/hex.js";
import { checkEqual, type VectorCase } from "../testkit/check.js";
import { crc32, nvsCrc32 } from "./crc32.js";

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const CHECK = ascii("123456789");

// sample.bin bytes 0..31 (page 0 header) and 64..95 (entry 0).
const PAGE_HEADER = fromHex("fcffffff00000000feffffffffffffffffffffffffffffffffffffff842dbab9");
const ENTRY0 = fromHex("000101ff7d57e3de636869702d666163746f72790000000001ffffffffffffff");
const le32 = (b: Uint8Array, at: number) => (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;

export const vectors: VectorCase[] = [
  { name: "crc32: check value of \"123456789\" is 0xCBF43926", run: () => checkEqual(crc32(CHECK), 0xcbf43926) },
  { name: "crc32: empty input is 0", run: () => checkEqual(crc32(new Uint8Array(0)), 0) },
  {
    name: "crc32: \"The quick brown fox jumps over the lazy dog\" is 0x414FA339",
    run: () => checkEqual(crc32(ascii("The quick brown fox jumps over the lazy dog")), 0x414fa339),
  },
  { name: "crc32: bytes 0..255 is 0x29058C73", run: () => checkEqual(crc32(Uint8Array.from({ length: 256 }, (_, i) => i)), 0x29058c73) },
  {
    name: "crc32: continuing from a previous CRC equals the CRC of the concatenation",
    run: () => checkEqual(crc32(ascii("456789"), crc32(ascii("123"))), 0xcbf43926),
  },
  { name: "crc32: result is an unsigned 32-bit number", run: () => checkEqual(crc32(ascii("a")), 0xe8b7be43) },
  { name: "nvsCrc32: check value of \"123456789\" is 0xD202D277 (docs/nvs-format.md §CRC-32)", run: () => checkEqual(nvsCrc32(CHECK), 0xd202d277) },
  { name: "nvsCrc32: empty input is 0xFFFFFFFF", run: () => checkEqual(nvsCrc32(new Uint8Array(0)), 0xffffffff) },
  { name: "nvsCrc32: all-zero input is 0xFFFFFFFF", run: () => checkEqual(nvsCrc32(new Uint8Array(28)), 0xffffffff) },
  { name: "nvsCrc32: bytes 0..255 is 0xDB6CF6D4", run: () => checkEqual(nvsCrc32(Uint8Array.from({ length: 256 }, (_, i) => i)), 0xdb6cf6d4) },
  { name: "nvsCrc32 equals crc32(data, 0xFFFFFFFF)", run: () => checkEqual(nvsCrc32(ascii("matter")), crc32(ascii("matter"), 0xffffffff)) },
  {
    name: "nvsCrc32: page header CRC of sample.bin page 0 (bytes 4..27 -> stored at 28..31)",
    run: () => checkEqual(nvsCrc32(PAGE_HEADER.subarray(4, 28)), le32(PAGE_HEADER, 28)),
  },
  {
    name: "nvsCrc32: entry CRC of sample.bin entry 0 (bytes 0..3 + 8..31 -> stored at 4..7)",
    run: () => {
      const covered = new Uint8Array(28);
      covered.set(ENTRY0.subarray(0, 4), 0);
      covered.set(ENTRY0.subarray(8, 32), 4);
      checkEqual(nvsCrc32(covered), 0xdee3577d);
      checkEqual(le32(ENTRY0, 4), 0xdee3577d, "stored entry CRC");
    },
  },
];
