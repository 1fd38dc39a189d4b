// NVS encryption (docs/nvs-format.md §Encryption): XTS-AES-256 per 32-byte entry, the key partition image,
// HMAC-based key derivation and key generation.

import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { nvsCrc32 } from "../checksum/crc32.js";
import type { RandomSource } from "../platform/random.js";
import { xtsAes256, type XtsCipher } from "./xts.js";
import {
  BITMAP_OFFSET, ENTRIES_PER_PAGE, ENTRY_SIZE, EntryState, FIRST_ENTRY_OFFSET, NvsInputError, PAGE_SIZE, type NvsKeys,
} from "./types.js";

/** Size of the `nvs_keys` partition image (§7.2): one flash sector. */
export const KEY_PARTITION_SIZE = 4096;
/** eky ‖ tky, then the CRC32 of those 64 bytes at offset 64 (§7.2). */
export const KEY_PARTITION_CRC_OFFSET = 64;

/** HMAC seeds for key derivation (§7.3): 32 bytes each, the 4-byte pattern repeated 8 times. */
const HMAC_SEED_EKY = [0x5a, 0x5a, 0xbe, 0xae];
const HMAC_SEED_TKY = [0xa5, 0xa5, 0xde, 0xce];

function hexWord(n: number): string {
  return "0x" + (n >>> 0).toString(16).padStart(8, "0");
}

function describe(value: unknown): string {
  return value instanceof Uint8Array ? `${value.length} bytes` : value === undefined ? "missing" : typeof value;
}

/**
 * Throws unless both halves are 32-byte Uint8Arrays: a TypeError when they are not bytes (the
 * caller's bug), a one-line NvsInputError "nvs.keys" when a half has the wrong length (bad data).
 */
export function checkKeys(keys: NvsKeys): void {
  if (!keys || typeof keys !== "object") throw new TypeError(`keys: ${describe(keys)}, expected { eky, tky } of 32 bytes each`);
  for (const half of ["eky", "tky"] as const) {
    const k = keys[half];
    if (!(k instanceof Uint8Array)) throw new TypeError(`keys.${half}: ${describe(k)}, must be 32 bytes`);
    if (k.length !== 32) throw new NvsInputError("nvs.keys", `keys.${half}: ${describe(k)}, must be 32 bytes`);
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i] ^ b[i];
  return d === 0;
}

/** An XTS cipher for these keys (eky = data key, tky = tweak key), expanded once. */
export function nvsCipher(keys: NvsKeys): XtsCipher {
  checkKeys(keys);
  return xtsAes256(keys.eky, keys.tky);
}

/** Partition byte offset of entry `entry` of page `page`: the XTS tweak of that entry (§7.1). */
export function entryOffset(page: number, entry: number): number {
  return page * PAGE_SIZE + FIRST_ENTRY_OFFSET + entry * ENTRY_SIZE;
}

function entryStateAt(image: Uint8Array, pageBase: number, entry: number): number {
  return (image[pageBase + BITMAP_OFFSET + (entry >> 2)] >> ((entry & 3) * 2)) & 3;
}

/**
 * Encrypts an NVS image the way the generator's `encrypt` command does: every entry whose bitmap
 * state is not Empty (written, and also erased/illegal ones, which were written before) is
 * XTS-encrypted with its partition offset as tweak; page headers, bitmaps and empty entries stay
 * raw. Pages are processed as laid out; a trailing partial page is copied unchanged.
 * Throws (one line) on malformed keys or identical key halves (XTS forbids them, §7.1).
 */
export function encryptNvsImage(image: Uint8Array, keys: NvsKeys): Uint8Array {
  checkKeys(keys);
  if (sameBytes(keys.eky, keys.tky)) throw new NvsInputError("nvs.keys", "keys: eky and tky are identical; XTS-AES needs two different key halves");
  const cipher = nvsCipher(keys);
  const out = new Uint8Array(image); // a copy (a subclass's slice() may return a view)
  const pages = Math.floor(out.length / PAGE_SIZE);
  for (let p = 0; p < pages; p++) {
    const base = p * PAGE_SIZE;
    for (let i = 0; i < ENTRIES_PER_PAGE; i++) {
      if (entryStateAt(out, base, i) === EntryState.EMPTY) continue;
      const at = base + FIRST_ENTRY_OFFSET + i * ENTRY_SIZE;
      cipher.encrypt(out, at, ENTRY_SIZE, at);
    }
  }
  return out;
}

/** True when the first 32-bit word of the entry at `at` is 0xFFFFFFFF: the runtime's empty-slot test (§7.1). */
export function looksEmpty(image: Uint8Array, at: number): boolean {
  return image[at] === 0xff && image[at + 1] === 0xff && image[at + 2] === 0xff && image[at + 3] === 0xff;
}

/**
 * Decrypts an NVS image: every entry whose raw first word is not 0xFFFFFFFF is XTS-decrypted with
 * its partition offset as tweak; headers, bitmaps and empty entries are copied raw (§7.1).
 * Identical key halves are accepted here (a device could hold them). Throws only on malformed keys.
 */
export function decryptNvsImage(image: Uint8Array, keys: NvsKeys): Uint8Array {
  const cipher = nvsCipher(keys);
  const out = new Uint8Array(image); // a copy (a subclass's slice() may return a view)
  const pages = Math.floor(out.length / PAGE_SIZE);
  for (let p = 0; p < pages; p++) {
    for (let i = 0; i < ENTRIES_PER_PAGE; i++) {
      const at = entryOffset(p, i);
      if (!looksEmpty(out, at)) cipher.decrypt(out, at, ENTRY_SIZE, at);
    }
  }
  return out;
}

/** The `nvs_keys` partition image for `keys` (§7.2): eky, tky, CRC32 at 64, 0xFF to 4096 bytes. */
export function makeKeyPartition(keys: NvsKeys): Uint8Array {
  checkKeys(keys);
  const out = new Uint8Array(KEY_PARTITION_SIZE).fill(0xff);
  out.set(keys.eky, 0);
  out.set(keys.tky, 32);
  const crc = nvsCrc32(out.subarray(0, 64));
  out[64] = crc & 0xff;
  out[65] = (crc >>> 8) & 0xff;
  out[66] = (crc >>> 16) & 0xff;
  out[67] = crc >>> 24;
  return out;
}

/**
 * Reads an `nvs_keys` partition image (§7.2). Only the first 68 bytes matter; the rest may be any
 * length. Throws a one-line NvsInputError ("nvs.key-partition-…") when it is shorter than 68 bytes, uninitialized (all 0xFF), or
 * the CRC does not match — the same cases the runtime rejects.
 */
export function parseKeyPartition(bytes: Uint8Array): NvsKeys {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`key partition: ${describe(bytes)}, expected bytes`);
  if (bytes.length < 68) throw new NvsInputError("nvs.key-partition-length", `key partition: ${bytes.length} bytes, needs at least 68 (eky, tky, CRC32)`);
  let allFF = true;
  for (let i = 0; i < 68; i++) if (bytes[i] !== 0xff) { allFF = false; break; }
  if (allFF) throw new NvsInputError("nvs.key-partition-blank", "key partition: keys not initialized (first 68 bytes are all 0xFF)");
  const stored = (bytes[64] | (bytes[65] << 8) | (bytes[66] << 16) | (bytes[67] << 24)) >>> 0;
  const computed = nvsCrc32(bytes.subarray(0, 64));
  if (stored !== computed) {
    throw new NvsInputError("nvs.key-partition-crc", `key partition: CRC32 ${hexWord(stored)} at offset 64 does not match ${hexWord(computed)} computed over bytes 0..63`);
  }
  return { eky: bytes.slice(0, 32), tky: bytes.slice(32, 64) };
}

function seed(pattern: number[]): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = pattern[i & 3];
  return out;
}

/** NVS keys derived from a 32-byte HMAC key (§7.3): eky/tky = HMAC-SHA256(key, fixed seeds). */
export function deriveHmacKeys(hmacKey: Uint8Array): NvsKeys {
  if (!(hmacKey instanceof Uint8Array)) throw new TypeError(`HMAC key: ${describe(hmacKey)}, must be 32 bytes`);
  if (hmacKey.length !== 32) throw new NvsInputError("nvs.hmac-key", `HMAC key: ${describe(hmacKey)}, must be 32 bytes`);
  return {
    eky: hmac(sha256, hmacKey, seed(HMAC_SEED_EKY)),
    tky: hmac(sha256, hmacKey, seed(HMAC_SEED_TKY)),
  };
}

/** Fresh random keys whose halves differ (XTS refuses equal halves, §7.1). */
export function generateKeys(random: RandomSource): NvsKeys {
  for (let attempt = 0; attempt < 4; attempt++) {
    const eky = random(32);
    const tky = random(32);
    if (!(eky instanceof Uint8Array) || eky.length !== 32 || !(tky instanceof Uint8Array) || tky.length !== 32) {
      throw new RangeError(`random source: returned ${describe(eky)} for a 32-byte request`);
    }
    if (!sameBytes(eky, tky)) return { eky: new Uint8Array(eky), tky: new Uint8Array(tky) };
  }
  throw new Error("random source: returned identical eky and tky four times; it is not random");
}
