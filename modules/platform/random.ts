// Randomness comes in through this interface (DEVELOPERS.md rule 1): the host passes node:crypto,
// a browser crypto.getRandomValues, the device its hardware RNG, tests a seeded generator.

/** Returns `length` fresh random bytes. Production implementations must be a CSPRNG. */
export type RandomSource = (length: number) => Uint8Array;

/** Uniform integer in [min, max] by rejection sampling (no modulo bias). */
export function randomInt(random: RandomSource, min: number, max: number): number {
  if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) throw new RangeError(`bad range ${min}..${max}`);
  const span = max - min + 1;
  if (span > 2 ** 32) throw new RangeError("range wider than 2^32");
  const limit = Math.floor(2 ** 32 / span) * span;
  for (;;) {
    const b = random(4);
    const n = ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0;
    if (n < limit) return min + (n % span);
  }
}
