// Deterministic RandomSource for tests and reproducible runs — NOT for production secrets: anyone
// who knows the seed knows every byte it will produce.
//
// Stream: ChaCha20 (RFC 8439) keystream with key = SHA-256(seed bytes), nonce = 12 zero bytes, block
// counter from 0. Calls consume the stream in order, so the bytes depend only on the seed and the
// total number of bytes requested before (not on how requests were split).
// Seed bytes: a Uint8Array as is; a string as UTF-8; a number as its decimal text (so 42 and "42" give
// the same stream, which lets MF_SEED from the environment replay a numeric seed).

import { chacha20 } from "@noble/ciphers/chacha.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { utf8Encode } from "../bytes/utf8.js";
import type { RandomSource } from "./random.js";

const BLOCK = 64;
const BLOCKS_PER_REFILL = 16;

function seedBytes(seed: string | number | Uint8Array): Uint8Array {
  if (seed instanceof Uint8Array) return seed;
  if (typeof seed === "string") return utf8Encode(seed);
  if (typeof seed === "number" && Number.isFinite(seed)) return utf8Encode(String(seed));
  throw new TypeError(`seed ${String(seed)}: must be a string, a finite number or a Uint8Array`);
}

export function seededRandom(seed: string | number | Uint8Array): RandomSource {
  const key = sha256(seedBytes(seed));
  const nonce = new Uint8Array(12);
  const zeros = new Uint8Array(BLOCK * BLOCKS_PER_REFILL);
  let counter = 0;
  let pool = new Uint8Array(0);
  let used = 0;
  return (length: number) => {
    if (!Number.isInteger(length) || length < 0) throw new RangeError(`random length ${length}: must be a non-negative integer`);
    const out = new Uint8Array(length);
    let filled = 0;
    while (filled < length) {
      if (used === pool.length) {
        pool = chacha20(key, nonce, zeros, undefined, counter);
        counter += BLOCKS_PER_REFILL;
        used = 0;
      }
      const n = Math.min(length - filled, pool.length - used);
      out.set(pool.subarray(used, used + n), filled);
      used += n;
      filled += n;
    }
    return out;
  };
}
