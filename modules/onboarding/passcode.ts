// Setup passcode and discriminator rules (Core spec §5.1.1.5, §5.1.1.6, §5.1.7, §5.1.7.1).

import { randomInt, type RandomSource } from "../platform/random.js";

/** Inclusive valid range 0x0000001..0x5F5E0FE (§5.1.1.6). */
export const PASSCODE_MIN = 1;
export const PASSCODE_MAX = 99999998;
/** The QR / manual-code field is 27 bits wide, so parsers can carry values up to this. */
export const PASSCODE_FIELD_MAX = 0x7ffffff;
export const DISCRIMINATOR_MAX = 0xfff;

/** Trivial passcodes that SHALL NOT be used (§5.1.7.1); same list as chip IsValidSetupPIN and matter.js. */
export const INVALID_PASSCODES: readonly number[] = Object.freeze([
  0, 11111111, 22222222, 33333333, 44444444, 55555555, 66666666, 77777777, 88888888, 99999999, 12345678, 87654321,
]);

/** Why `n` is not a valid passcode, or undefined when it is. */
export function passcodeProblem(n: unknown): string | undefined {
  if (typeof n !== "number" || !Number.isInteger(n)) return `passcode ${String(n)}: must be an integer`;
  if (n < PASSCODE_MIN || n > PASSCODE_MAX) return `passcode ${n}: must be in 1..99999998 (Core §5.1.1.6)`;
  if (INVALID_PASSCODES.includes(n)) return `passcode ${n}: trivial passcode, not allowed (Core §5.1.7.1)`;
  return undefined;
}

export function isValidPasscode(n: number): boolean {
  return passcodeProblem(n) === undefined;
}

/** Throws a one-line Error naming the value and the rule it breaks. */
export function validatePasscode(n: number): void {
  const problem = passcodeProblem(n);
  if (problem) throw new Error(problem);
}

/**
 * A passcode drawn uniformly from the valid set: uniform over 1..99999998 (rejection sampling in
 * randomInt), redrawn when it lands on a trivial value. `random` must be a CSPRNG (§5.1.7).
 * (esp-matter-mfg-tool instead uses Python `random.randint` and subtracts 1 on a trivial hit.)
 */
export function generatePasscode(random: RandomSource): number {
  for (;;) {
    const n = randomInt(random, PASSCODE_MIN, PASSCODE_MAX);
    if (!INVALID_PASSCODES.includes(n)) return n;
  }
}

/** A 12-bit discriminator, uniform over 0..4095 (§5.1.1.5). */
export function generateDiscriminator(random: RandomSource): number {
  return randomInt(random, 0, DISCRIMINATOR_MAX);
}
