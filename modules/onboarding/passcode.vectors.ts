// Passcode rules and generators — docs/onboarding.md §Passcode rules; Core spec §5.1.1.6, §5.1.7.1.

import type { RandomSource } from "../platform/random.js";
import { checkEqual, checkThrows, checkThrowsId, checkTrue, type VectorCase } from "../testkit/check.js";
import { INVALID_PASSCODES, generateDiscriminator, generatePasscode, isValidPasscode, validatePasscode } from "./passcode.js";

/** Deterministic byte stream: xorshift32 advanced once per byte (tests only). */
function counterRandom(seed: number): RandomSource {
  let state = seed >>> 0 || 1;
  return (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      state ^= state << 13;
      state >>>= 0;
      state ^= state >>> 17;
      state ^= state << 5;
      state >>>= 0;
      out[i] = state >>> 24;
    }
    return out;
  };
}

/** Returns the given 32-bit words big-endian, 4 bytes per call (randomInt draws 4 bytes). */
function scripted(words: number[]): RandomSource & { calls: () => number } {
  let i = 0;
  const f = ((n: number) => {
    if (n !== 4) throw new Error(`scripted source: asked for ${n} bytes`);
    if (i >= words.length) throw new Error("scripted source exhausted");
    const w = words[i++] >>> 0;
    return Uint8Array.of(w >>> 24, (w >>> 16) & 0xff, (w >>> 8) & 0xff, w & 0xff);
  }) as RandomSource & { calls: () => number };
  f.calls = () => i;
  return f;
}

export const vectors: VectorCase[] = [
  {
    name: "INVALID_PASSCODES is the spec list",
    run: () =>
      checkEqual(
        [...INVALID_PASSCODES].sort((a, b) => a - b),
        [0, 11111111, 12345678, 22222222, 33333333, 44444444, 55555555, 66666666, 77777777, 87654321, 88888888, 99999999],
      ),
  },
  {
    name: "isValidPasscode boundaries and trivial values",
    run: () => {
      for (const n of [1, 2, 20202021, 99999998, 11111112, 12345679, 87654320]) checkTrue(isValidPasscode(n), `${n} valid`);
      for (const n of [...INVALID_PASSCODES, -1, 99999999, 100000000, 0x7ffffff, 123456780, 1.5, NaN, Infinity]) {
        checkTrue(!isValidPasscode(n), `${n} invalid`);
      }
    },
  },
  {
    name: "validatePasscode messages name value and rule",
    run: () => {
      checkThrowsId(() => validatePasscode(11111111), "onboarding.passcode-trivial", "passcode 11111111: trivial passcode");
      checkThrowsId(() => validatePasscode(0), "onboarding.passcode-range", "passcode 0: must be in 1..99999998");
      checkThrows(() => validatePasscode(111111111), "passcode 111111111: must be in 1..99999998");
      checkThrowsId(() => validatePasscode(2.5), "onboarding.passcode-integer", "passcode 2.5: must be an integer");
      validatePasscode(20202021);
    },
  },
  {
    name: "generatePasscode: 3000 deterministic draws are valid and spread",
    run: () => {
      const random = counterRandom(0x5eed);
      const seen = new Set<number>();
      let low = 0;
      for (let i = 0; i < 3000; i++) {
        const n = generatePasscode(random);
        checkTrue(isValidPasscode(n), `draw ${i} = ${n}`);
        seen.add(n);
        if (n < 50000000) low++;
      }
      checkTrue(seen.size > 2990, `distinct draws ${seen.size}`);
      checkTrue(low > 1300 && low < 1700, `draws below 50M: ${low} of 3000`);
    },
  },
  {
    name: "generatePasscode redraws a trivial value instead of adjusting it",
    run: () => {
      // randomInt(1, 99999998) maps word w (below the rejection limit) to 1 + w % 99999998.
      const random = scripted([11111110, 4]);
      checkEqual(generatePasscode(random), 5);
      checkEqual(random.calls(), 2, "draws");
    },
  },
  {
    name: "generatePasscode rejects words at or above the unbiased limit",
    run: () => {
      const limit = Math.floor(2 ** 32 / 99999998) * 99999998;
      const random = scripted([0xffffffff, limit, limit - 1]);
      checkEqual(generatePasscode(random), 1 + ((limit - 1) % 99999998));
      checkEqual(random.calls(), 3, "draws");
    },
  },
  {
    name: "generateDiscriminator covers 0..4095",
    run: () => {
      const random = counterRandom(7);
      const buckets = new Array(16).fill(0);
      for (let i = 0; i < 4096; i++) {
        const d = generateDiscriminator(random);
        checkTrue(Number.isInteger(d) && d >= 0 && d <= 4095, `discriminator ${d}`);
        buckets[d >> 8]++;
      }
      for (let b = 0; b < 16; b++) checkTrue(buckets[b] > 180 && buckets[b] < 340, `bucket ${b}: ${buckets[b]}`);
      checkEqual(generateDiscriminator(scripted([4095])), 4095);
      checkEqual(generateDiscriminator(scripted([4096])), 0);
    },
  },
];
