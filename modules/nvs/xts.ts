// XTS-AES-256 (IEEE P1619) for data units that are a whole number of 16-byte blocks, as NVS
// encryption uses it: one 32-byte entry per data unit, no ciphertext stealing, tweak = the entry's
// partition byte offset, little-endian, zero-extended to 16 bytes (docs/nvs-format.md §Encryption).
//
// Built on @noble/ciphers' single-block AES (its `unsafe` word-level API) so that each key is
// expanded once per cipher object and a data unit is processed without allocating buffers.

import { unsafe } from "@noble/ciphers/aes.js";

/** One XTS-AES-256 key pair, expanded once. All methods work in place on `buf[offset, offset+length)`. */
export interface XtsCipher {
  /** Encrypts a data unit whose tweak is the integer `tweak` (0 ≤ tweak < 2^53), LE, zero-extended. */
  encrypt(buf: Uint8Array, offset: number, length: number, tweak: number): void;
  decrypt(buf: Uint8Array, offset: number, length: number, tweak: number): void;
  /** Same with an explicit 16-byte tweak block. */
  encryptWithTweakBlock(buf: Uint8Array, offset: number, length: number, tweak: Uint8Array): void;
  decryptWithTweakBlock(buf: Uint8Array, offset: number, length: number, tweak: Uint8Array): void;
}

const TWO32 = 0x1_0000_0000;

function readWord(b: Uint8Array, o: number): number {
  return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
}

function writeWord(b: Uint8Array, o: number, w: number): void {
  b[o] = w;
  b[o + 1] = w >>> 8;
  b[o + 2] = w >>> 16;
  b[o + 3] = w >>> 24;
}

function checkKey(key: Uint8Array, name: string): void {
  if (!(key instanceof Uint8Array) || key.length !== 32) {
    const got = key instanceof Uint8Array ? `${key.length} bytes` : typeof key;
    throw new RangeError(`${name}: ${got}, XTS-AES-256 needs a 32-byte key`);
  }
}

/**
 * Creates an XTS-AES-256 cipher. `dataKey` is the first half of the 64-byte XTS key (NVS "eky"),
 * `tweakKey` the second half ("tky").
 */
export function xtsAes256(dataKey: Uint8Array, tweakKey: Uint8Array): XtsCipher {
  checkKey(dataKey, "XTS data key");
  checkKey(tweakKey, "XTS tweak key");
  const encKey = unsafe.expandKeyLE(dataKey);
  const tweakEncKey = unsafe.expandKeyLE(tweakKey);
  let decKey: Uint32Array | undefined; // expanded on first decrypt

  function run(decrypting: boolean, buf: Uint8Array, offset: number, length: number, t0: number, t1: number, t2: number, t3: number): void {
    if (length % 16 !== 0 || offset < 0 || offset + length > buf.length) {
      throw new RangeError(`XTS data unit: ${length} bytes at ${offset} of ${buf.length}; need whole 16-byte blocks inside the buffer`);
    }
    const key = decrypting ? (decKey ??= unsafe.expandKeyDecLE(dataKey)) : encKey;
    // T = AES-enc(tweakKey, tweak)
    const t = unsafe.encrypt(tweakEncKey, t0, t1, t2, t3);
    let w0 = t.s0 >>> 0, w1 = t.s1 >>> 0, w2 = t.s2 >>> 0, w3 = t.s3 >>> 0;
    for (let o = offset; o < offset + length; o += 16) {
      const x = (decrypting ? unsafe.decrypt : unsafe.encrypt)(
        key,
        readWord(buf, o) ^ w0,
        readWord(buf, o + 4) ^ w1,
        readWord(buf, o + 8) ^ w2,
        readWord(buf, o + 12) ^ w3,
      );
      writeWord(buf, o, x.s0 ^ w0);
      writeWord(buf, o + 4, x.s1 ^ w1);
      writeWord(buf, o + 8, x.s2 ^ w2);
      writeWord(buf, o + 12, x.s3 ^ w3);
      // T ← T·α in GF(2^128): shift the 128-bit little-endian value left by one, reduce by 0x87.
      const carry = w3 >>> 31;
      w3 = ((w3 << 1) | (w2 >>> 31)) >>> 0;
      w2 = ((w2 << 1) | (w1 >>> 31)) >>> 0;
      w1 = ((w1 << 1) | (w0 >>> 31)) >>> 0;
      w0 = ((w0 << 1) ^ (carry ? 0x87 : 0)) >>> 0;
    }
  }

  function tweakWords(tweak: number): [number, number] {
    if (!Number.isSafeInteger(tweak) || tweak < 0) throw new RangeError(`XTS tweak ${tweak}: must be an integer in 0..2^53-1`);
    return [tweak % TWO32, Math.floor(tweak / TWO32)];
  }

  function blockWords(tweak: Uint8Array): [number, number, number, number] {
    if (!(tweak instanceof Uint8Array) || tweak.length !== 16) throw new RangeError("XTS tweak block: must be 16 bytes");
    return [readWord(tweak, 0), readWord(tweak, 4), readWord(tweak, 8), readWord(tweak, 12)];
  }

  return {
    encrypt(buf, offset, length, tweak) {
      const [a, b] = tweakWords(tweak);
      run(false, buf, offset, length, a, b, 0, 0);
    },
    decrypt(buf, offset, length, tweak) {
      const [a, b] = tweakWords(tweak);
      run(true, buf, offset, length, a, b, 0, 0);
    },
    encryptWithTweakBlock(buf, offset, length, tweak) {
      const [a, b, c, d] = blockWords(tweak);
      run(false, buf, offset, length, a, b, c, d);
    },
    decryptWithTweakBlock(buf, offset, length, tweak) {
      const [a, b, c, d] = blockWords(tweak);
      run(true, buf, offset, length, a, b, c, d);
    },
  };
}
